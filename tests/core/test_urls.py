"""Canonical article URLs: one spelling per article, canonical links only on the same site."""

from __future__ import annotations

import pytest

from bot.core.urls import canonical_url, registrable_domain, resolve_canonical, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Detik.COM/berita/d-1/judul", "https://news.detik.com/berita/d-1/judul"),
        ("https://www.antaranews.com:443/berita/1", "https://www.antaranews.com/berita/1"),
        ("http://www.antaranews.com:80/berita/1", "http://www.antaranews.com/berita/1"),
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"),
        ("https://kompas.com", "https://kompas.com/"),
        ("https://kompas.com/read/1#komentar", "https://kompas.com/read/1"),
        ("https://kompas.com/read/1?b=2&a=1", "https://kompas.com/read/1?a=1&b=2"),
        ("https://user:pw@kompas.com./read/1", "https://kompas.com/read/1"),
    ],
)
def test_scheme_host_port_fragment_and_query_order_are_normalised(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_tracking_parameters_are_dropped_and_real_ones_kept() -> None:
    url = (
        "https://www.suara.com/bisnis/2026/11/25/berita?utm_source=twitter&utm_medium=social"
        "&UTM_Campaign=x&fbclid=abc&gclid=1&mc_cid=2&mc_eid=3&ref=home&_ga=1.2&id=7&page=2"
    )
    assert canonical_url(url) == "https://www.suara.com/bisnis/2026/11/25/berita?id=7&page=2"


def test_the_same_article_with_different_utm_parameters_has_one_canonical_url() -> None:
    a = canonical_url("https://www.merdeka.com/uang/bpjs.html?utm_source=rss&utm_medium=feed")
    b = canonical_url("https://www.merdeka.com/uang/bpjs.html?utm_campaign=wa#top")
    assert a == b == "https://www.merdeka.com/uang/bpjs.html"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://m.detik.com/news/d-1/judul/amp", "https://m.detik.com/news/d-1/judul"),
        ("https://www.okezone.com/amp/2026/11/25/1/x", "https://www.okezone.com/2026/11/25/1/x"),
        ("https://a.id/read/x?amp=1", "https://a.id/read/x"),
        ("https://a.id/read/x?amp", "https://a.id/read/x"),
        ("https://a.id/read/x?outputType=amp", "https://a.id/read/x"),
        # Not safe to touch: a one-segment path, an amp segment in the middle, AMP hosts.
        ("https://a.id/amp", "https://a.id/amp"),
        ("https://a.id/x/amp/y", "https://a.id/x/amp/y"),
        ("https://amp.kompas.com/read/x", "https://amp.kompas.com/read/x"),
        ("https://a.id/read/x?amp=0", "https://a.id/read/x?amp=0"),
    ],
)
def test_amp_variants_are_folded_only_where_safe(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url", ["", "javascript:alert(1)", "ftp://x.id/a", "mailto:a@b.id", "/relative/path", "http://"]
)
def test_urls_that_are_not_http_are_refused_with_a_clear_error(url: str) -> None:
    with pytest.raises(ValueError, match=r"http|host"):
        canonical_url(url)


def test_invalid_port_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="port"):
        canonical_url("http://x.id:99999/a")


def test_registrable_domain_knows_indonesian_second_level_domains() -> None:
    assert registrable_domain("https://nasional.republika.co.id/berita/x") == "republika.co.id"
    assert registrable_domain("https://news.detik.com/x") == "detik.com"
    assert registrable_domain("https://www.kemnaker.go.id/news") == "kemnaker.go.id"
    assert same_site("https://money.kompas.com/a", "https://www.kompas.com/b")
    assert not same_site("https://republika.co.id/a", "https://tempo.co.id/b")


def test_canonical_link_on_the_same_site_is_honoured() -> None:
    page = "https://m.detik.com/news/d-1/judul?utm_source=rss"
    assert resolve_canonical(page, "https://news.detik.com/berita/d-1/judul") == (
        "https://news.detik.com/berita/d-1/judul"
    )
    assert resolve_canonical(page, "/berita/d-1/judul#x") == "https://m.detik.com/berita/d-1/judul"


def test_canonical_link_to_another_site_is_ignored() -> None:
    page = "https://www.merdeka.com/uang/bpjs.html?utm_source=rss"
    assert resolve_canonical(page, "https://spam.example.com/x") == (
        "https://www.merdeka.com/uang/bpjs.html"
    )
    assert resolve_canonical(page, "javascript:void(0)") == "https://www.merdeka.com/uang/bpjs.html"
    assert resolve_canonical(page, None) == "https://www.merdeka.com/uang/bpjs.html"
    assert resolve_canonical(page, "   ") == "https://www.merdeka.com/uang/bpjs.html"
