"""Per-site reading rules (seeds/sites.toml): detik's "Z" times are WIB."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.config import SEEDS_DIR, ConfigError
from bot.core.sites import SiteRules, SitesError, load_site_rules, parse_site_rules
from bot.ingest.feeds import parse_feed
from summaries.extract import extract_article

DATA = Path(__file__).resolve().parent.parent / "data"
WIB = ZoneInfo("Asia/Jakarta")
DETIK_PAGE_URL = (
    "http://inet.detik.com/read/2015/11/05/100026/3062623/323/google-umbar-kelemahan-galaxy-s6-edge"
)


@pytest.fixture(scope="module")
def rules() -> SiteRules:
    return load_site_rules(SEEDS_DIR / "sites.toml")


def test_detik_hosts_read_utc_labels_as_wib(rules: SiteRules) -> None:
    for url in (DETIK_PAGE_URL, "https://news.detik.com/berita/rss", "https://detik.com/"):
        assert rules.utc_is_local(url) == WIB
    for url in ("https://www.kompas.com/read/1", "https://notdetik.com/a", "not a url", None):
        assert rules.utc_is_local(url) is None


def test_the_saved_detik_page_says_z_but_means_wib(rules: SiteRules) -> None:
    html = (DATA / "pages" / "detik_2.html").read_bytes()
    assert b'content="2015-11-05 T10:08:58Z"' in html  # published 10.00 WIB: URL .../100026/
    as_labelled = extract_article(html, DETIK_PAGE_URL)
    assert as_labelled is not None
    assert as_labelled.published_at == datetime(2015, 11, 5, 10, 8, 58, tzinfo=UTC)

    read = extract_article(html, DETIK_PAGE_URL, utc_is_local=rules.utc_is_local(DETIK_PAGE_URL))
    assert read is not None and read.published_at is not None
    assert read.published_at == datetime(2015, 11, 5, 10, 8, 58, tzinfo=WIB)
    assert read.published_at.astimezone(UTC) == datetime(2015, 11, 5, 3, 8, 58, tzinfo=UTC)
    assert read.text == as_labelled.text


def test_a_real_offset_in_the_detik_feed_is_not_shifted(rules: SiteRules) -> None:
    xml = (DATA / "feeds" / "detik_news_trimmed.xml").read_bytes()
    assert b"<pubDate>Sun, 15 Mar 2020 18:34:46 +0700</pubDate>" in xml
    feed = parse_feed(xml, "https://news.detik.com/berita/rss", utc_is_local=rules.utc_is_local)
    (entry,) = feed.entries
    assert rules.utc_is_local(entry.link) == WIB  # the rule applies to this link...
    assert entry.published == datetime(2020, 3, 15, 11, 34, 46, tzinfo=UTC)  # ...+0700 wins


@pytest.mark.parametrize("label", ["GMT", "Z", "+0000"])
def test_a_detik_feed_date_labelled_utc_is_wib(rules: SiteRules, label: str) -> None:
    """The real detik feed with its item's date relabelled as detik labels its pages."""
    xml = (DATA / "feeds" / "detik_news_trimmed.xml").read_bytes()
    xml = xml.replace(b"18:34:46 +0700", b"18:34:46 " + label.encode())
    feed = parse_feed(xml, "https://news.detik.com/berita/rss", utc_is_local=rules.utc_is_local)
    assert feed.entries[0].published == datetime(2020, 3, 15, 18, 34, 46, tzinfo=WIB)
    plain = parse_feed(xml, "https://news.detik.com/berita/rss")
    assert plain.entries[0].published == datetime(2020, 3, 15, 18, 34, 46, tzinfo=UTC)


def test_other_sites_keep_their_utc_times(rules: SiteRules) -> None:
    xml = (DATA / "feeds" / "detik_news_trimmed.xml").read_bytes()
    xml = xml.replace(b"18:34:46 +0700", b"18:34:46 GMT").replace(b"detik.com", b"contoh.id")
    feed = parse_feed(xml, "https://contoh.id/rss", utc_is_local=rules.utc_is_local)
    assert feed.entries[0].published == datetime(2020, 3, 15, 18, 34, 46, tzinfo=UTC)


def test_missing_sites_file_is_a_clear_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"sites file not found: .*nope\.toml.*WARTA_SITES"):
        load_site_rules(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[site]\nhosts = 1", "not valid TOML"),
        ("hosts = ['detik.com']", "unknown top-level"),
        ("[[site]]\nnaive_utc_is_local = 'Asia/Jakarta'", "hosts must be a list"),
        ("[[site]]\nhosts = ['https://detik.com/']", "hosts must be a list of host names"),
        ("[[site]]\nhosts = ['detik.com']\nnaive_utc_is_local = 'WIB'", "not a known time zone"),
        ("[[site]]\nhosts = ['detik.com']\ntimezone = 'Asia/Jakarta'", "unknown key"),
    ],
)
def test_invalid_sites_file_is_rejected_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(SitesError, match=message):
        parse_site_rules(text)


def test_an_empty_sites_file_has_no_rules() -> None:
    assert parse_site_rules("# no rules\n").utc_is_local("https://news.detik.com/") is None
