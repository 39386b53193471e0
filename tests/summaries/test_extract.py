"""Article extraction on saved real pages of Indonesian outlets and on small made-up pages."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest

from summaries.extract import (
    MAX_HTML_CHARS,
    Extracted,
    decode_html,
    extract_article,
    next_page_url,
)

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"
WIB = timezone(timedelta(hours=7))
GT_PAGES = sorted(p.name.removesuffix(".expected.txt") for p in PAGES.glob("*.expected.txt"))

PARAGRAPHS = (
    "Pemerintah resmi menaikkan iuran BPJS Kesehatan untuk peserta mandiri mulai 1 Januari "
    "2027. Kenaikan berlaku bagi peserta kelas satu dan kelas dua di seluruh Indonesia.",
    "Menteri Kesehatan mengatakan kenaikan itu diperlukan agar layanan rumah sakit tetap "
    "berjalan dengan baik. “Kami menjaga keberlanjutan program,” ujarnya di Jakarta, Rabu.",
    "Peserta yang keberatan dapat pindah ke kelas yang lebih rendah melalui aplikasi Mobile "
    "JKN atau kantor cabang terdekat tanpa biaya tambahan apa pun.",
    "Direktur Utama BPJS Kesehatan menambahkan bahwa tunggakan peserta juga akan ditagih "
    "secara bertahap dan tidak ada denda bagi peserta yang melunasi sebelum Maret.",
)


@cache
def real(name: str) -> Extracted:
    """The extraction of a saved page (once per test session)."""
    result = extract_article((PAGES / f"{name}.html").read_bytes())
    assert result is not None, name
    return result


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.lower()))


def f1(got: str, expected: str) -> float:
    g, e = words(got), words(expected)
    overlap = sum((g & e).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(g.values()), overlap / sum(e.values())
    return 2 * p * r / (p + r)


def page(
    body: str,
    *,
    head: str = "",
    title: str = "Iuran BPJS Kesehatan Naik Mulai Januari",
    before: str = "",
    after: str = "",
    charset: str | None = "utf-8",
    lang: str = "id",
) -> str:
    """A news page shaped like Indonesian outlets' pages: header, headline, body, sidebar."""
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>{meta}<title>{title} - Warta Contoh</title>{head}</head>
<body>
<header><nav><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a></nav></header>
{before}
<div class="main"><h1>{title}</h1>
<div class="detail-text">{body}</div></div>
{after}
<footer>Hak cipta Warta Contoh 2026. Semua hak dilindungi.</footer>
</body></html>"""


def body(*extra: str) -> str:
    """The four article paragraphs with ``extra`` blocks between them."""
    blocks = [f"<p>{p}</p>" for p in PARAGRAPHS]
    for i, block in enumerate(extra):
        blocks.insert(1 + 2 * i, block)
    return "\n".join(blocks)


def test_every_paragraph_of_a_simple_page_is_kept_in_order() -> None:
    result = extract_article(page(body()))
    assert result is not None
    assert result.text.split("\n\n") == list(PARAGRAPHS)
    assert result.title == "Iuran BPJS Kesehatan Naik Mulai Januari"
    assert result.language == "id"


# -- real pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", GT_PAGES)
def test_real_pages_match_the_expected_body(name: str) -> None:
    expected = (PAGES / f"{name}.expected.txt").read_text(encoding="utf-8")
    assert f1(real(name).text, expected) >= 0.9


def test_detik_body_without_related_lists_and_timestamps() -> None:
    text = real("detik_2").text
    assert "Galaxy S6 Edge, dengan material premium" in text
    assert "tambah raksasa elektronik asal Korea Selatan ini." in text
    assert "Tiga Menteri Sambut Ponsel 4G Murah" not in text  # related headline
    assert "WIB" not in text  # time stamps of the related lists


def test_mediaindonesia_matches_its_hand_kept_paragraphs() -> None:
    truth = json.loads((PAGES / "mediaindonesia_1.expected.json").read_text(encoding="utf-8"))
    paragraph = truth["V1"]["body"]["sections"][0]["paragraphs"][0]
    result = real("mediaindonesia_1")
    # Every sentence of the article is there ...
    for sentence in (
        "Komisi Pemberantasan Korupsi (KPK) mengaku hingga saat ini belum menemukan",
        "Meski demikian, KPK memastikan tidak ada aktivitas pertambangan",
        "sekaligus memastikan pengelolaan sumber daya alam tetap berkelanjutan.",
    ):
        assert sentence in paragraph and sentence in result.text
    # ... but not the photo caption, the "Baca juga" links, the e-paper teaser above the
    # headline, the related articles below it, nor the channel promotion.
    for junk in (
        "Kondisi Tambang di Raja Ampat(Auriga Nusantara)",
        "Baca juga",
        "Hasil Penyelidikan Tambang Nikel Raja Ampat Segera Dirilis",
        "Seharusnya DKPP lebih berani",
        "PEMERINTAH mencabut 4 dari 5 izin",
        "Copyright",
        "WhatsApp channel",
    ):
        assert junk not in result.text
    assert result.author == "Andhika"
    assert result.published_at == datetime(2025, 10, 22, 6, 59, tzinfo=WIB)
    assert result.canonical_url == (
        "https://mediaindonesia.com/ekonomi/822959/"
        "kpk-tak-temukan-surat-pencabutan-iup-nikel-raja-ampat-apa-iya-betul-dicabut"
    )


def test_kompas_current_layout() -> None:
    result = real("kompas_1")
    assert result.title == "Menhub Bocorkan Penyebab Harga Tiket Pesawat Masih Mahal"
    assert result.text.startswith("Menteri Perhubungan (Menhub) Budi Karya Sumadi menyebut")
    assert "lengkapi data dirimu" not in result.text  # hidden account dialog
    assert result.author == "Yoga Sukmana"
    assert result.published_at == datetime(2023, 11, 2, 14, 34, 19, tzinfo=UTC)
    assert result.published_at.tzinfo is not None


def test_kompas_paginated_article_points_to_the_whole_article() -> None:
    url = real("kompas_1").canonical_url
    assert url is not None
    html = (PAGES / "kompas_1.html").read_bytes()
    assert next_page_url(html, url) == url + "?page=all"
    assert next_page_url((PAGES / "kompas_2.html").read_bytes(), "http://kompas.com/a") is None


def test_next_page_link_by_its_indonesian_label() -> None:
    html = page(body(), after='<a href="/berita/1?page=2">Halaman selanjutnya</a>')
    assert next_page_url(html, "https://contoh.id/berita/1") == "https://contoh.id/berita/1?page=2"


def test_the_extraction_names_the_next_page_too() -> None:
    url = (
        "https://money.kompas.com/read/2023/11/02/213419026/"
        "menhub-bocorkan-penyebab-harga-tiket-pesawat-masih-mahal"
    )
    html = (PAGES / "kompas_1.html").read_bytes()
    assert extract_article(html, url).next_page == url + "?page=all"  # type: ignore[union-attr]
    assert extract_article(html).next_page is None  # type: ignore[union-attr]  # no URL, no link
    assert real("detik_2").next_page is None


def test_kompas_next_link_without_show_all() -> None:
    """Kompas's "Halaman Selanjutnya" footnote: the link is a teaser of page 2, class "next"."""
    footnote = (
        '<div class="read__paging__footnote paging__footnote clearfix">'
        "<span>Halaman Selanjutnya</span>"
        '<h5><a href="/read/1?page=2" class="next">Sementara maskapai membutuhkan&#8230;</a></h5>'
        '</div><a class="slick-next" href="/galeri/2">›</a>'
    )
    html = page(body(), after=footnote)
    assert next_page_url(html, "https://money.kompas.com/read/1") == (
        "https://money.kompas.com/read/1?page=2"
    )
    assert extract_article(html, "https://money.kompas.com/read/1").next_page == (  # type: ignore[union-attr]
        "https://money.kompas.com/read/1?page=2"
    )


def test_a_lying_lang_attribute_does_not_lose_the_text() -> None:
    assert '<html lang="en">' in (PAGES / "kompas_2.html").read_text(encoding="utf-8")
    result = real("kompas_2")
    assert result.language == "id"
    assert "Polres Lhokseumawe" in result.text


def test_site_names_and_web_teams_are_not_authors() -> None:
    assert real("tempo_1").author is None  # the page says "Web Design; Development"
    assert real("antaranews_1").author == "Nur Imansyah"  # "Pewarta Nur Imansyah"
    assert real("antaranews_3").author is None  # "Pewarta: prwir", a press-release account


# -- boilerplate inside and around the body ---------------------------------------------------

BOILERPLATE = {
    "bold Baca juga": '<p><strong>Baca juga: <a href="/b/1">Tarif Tol Naik Pekan Depan</a>'
    "</strong></p>",
    "linksisip table": '<table class="linksisip"><tr><td><a href="/b/2">Harga Cabai Melonjak di '
    "Pasar Induk</a></td></tr></table>",
    "related-news paragraph": '<p class="related-news"><a href="/b/3">Gubernur Resmikan Jembatan '
    "Baru</a></p>",
    "ad label": "<div>SCROLL TO CONTINUE WITH CONTENT</div>",
    "swipe ad label": "<div><span>Iklan - Geser ke atas untuk melanjutkan</span></div>",
    "photo caption": '<figure><img src="/f.jpg"><figcaption>Petugas melayani peserta di kantor '
    "cabang. (FOTO: ANTARA)</figcaption></figure>",
    "caption div": '<div class="pic"><img src="/g.jpg"><span>Suasana antrean peserta (ist)'
    "</span></div>",
    "share widget": '<div class="share-box"><a href="#">Facebook</a> <a href="#">WhatsApp</a> '
    "Bagikan artikel ini</div>",
    "video tail": '<p>Simak Video "Antrean Panjang di Kantor BPJS" <a href="/v/1">di sini</a></p>',
}


@pytest.mark.parametrize("kind", sorted(BOILERPLATE))
def test_boilerplate_inside_the_body_is_removed(kind: str) -> None:
    block = BOILERPLATE[kind]
    result = extract_article(page(body(block)))
    assert result is not None
    for paragraph in PARAGRAPHS:
        assert paragraph in result.text
    leftover = set(words(result.text)) - set(words(" ".join(PARAGRAPHS)))
    assert not leftover, kind


@pytest.mark.parametrize(
    "paragraph",
    [
        "Baca Al-Quran bersama setiap Jumat pagi kini menjadi kebiasaan para pegawai kantor "
        "cabang, kata kepala cabang.",
        'Peserta yang puas memberi nilai lima <img class="emoji" src="/e/1f600.png" alt=""> '
        "pada survei layanan tahun ini.",
        "Lihat saja antrean di kantor cabang: sejak pukul tujuh pagi peserta sudah menunggu.",
    ],
    ids=["starts-with-baca", "emoji", "starts-with-lihat"],
)
def test_ordinary_paragraphs_that_look_like_boilerplate_are_kept(paragraph: str) -> None:
    result = extract_article(page(body(f"<p>{paragraph}</p>")))
    assert result is not None
    kept = re.sub(r"\s*<img[^>]*>", "", paragraph)
    assert kept in result.text
    for original in PARAGRAPHS:
        assert original in result.text


def test_a_page_wrapped_in_a_form_keeps_its_body() -> None:
    html = page(body()).replace("<body>", '<body><form id="aspnetForm" method="post">')
    html = html.replace("</body>", "</form></body>")
    result = extract_article(html)
    assert result is not None
    assert result.text.split("\n\n") == list(PARAGRAPHS)


def test_related_lists_around_the_body_are_removed() -> None:
    related = """<div class="box"><h3>Berita Lainnya</h3><ul>
    <li><a href="/r/1">Menkeu Umumkan Insentif Pajak UMKM</a>
        <p>Insentif diberikan kepada pelaku usaha yang omzetnya di bawah Rp500 juta setahun
        dan sudah terdaftar sebagai wajib pajak sejak tahun lalu di kantor pajak.</p></li>
    <li><a href="/r/2">Koperasi Desa Dapat Modal Baru</a>
        <p>Modal disalurkan melalui bank pelat merah dengan bunga ringan untuk koperasi yang
        memenuhi syarat administrasi dari kementerian pada tahun anggaran berjalan.</p></li>
    </ul></div>
    <ul><li><a href="/t/1">Harga Emas Turun Lagi</a> Kamis, 05/11/2025 09:25 WIB</li>
    <li><a href="/t/2">Rupiah Menguat Tipis</a> Kamis, 05/11/2025 08:10 WIB</li>
    <li><a href="/t/3">IHSG Dibuka Merah</a> Rabu, 04/11/2025 16:00 WIB</li></ul>"""
    teaser = '<div class="card"><h5>Headline</h5><p>Seharusnya DPR lebih tegas.</p></div>'
    result = extract_article(page(body(), before=teaser, after=related))
    assert result is not None
    assert result.text.split("\n\n") == list(PARAGRAPHS)


def test_hidden_dialogs_are_not_text() -> None:
    dialog = (
        '<section class="kgmModal -hide"><p>Periksa kembali dan lengkapi data dirimu.</p>'
        '</section><div style="display:none"><p>Masuk untuk membaca.</p></div>'
    )
    result = extract_article(page(body(), after=dialog))
    assert result is not None
    assert result.text.split("\n\n") == list(PARAGRAPHS)


# -- encodings --------------------------------------------------------------------------------

CP1252_PARAGRAPH = (
    "Harga tiket masuk museum kini Rp1.500 per orang. “Kami ingin semua warga bisa datang,” "
    "kata kepala museum dalam acara café budaya di Jakarta pada hari Rabu pagi."
)


def cp1252_page(charset: str | None, *, http_equiv: bool = False) -> bytes:
    paragraphs = [CP1252_PARAGRAPH, *PARAGRAPHS]
    html = page("\n".join(f"<p>{p}</p>" for p in paragraphs), charset=None)
    if charset and http_equiv:
        declaration = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    elif charset:
        declaration = f'<meta charset="{charset}">'
    else:
        declaration = ""
    return html.replace("<head>", "<head>" + declaration).encode("cp1252")


@pytest.mark.parametrize(
    ("charset", "http_equiv", "header"),
    [
        ("windows-1252", False, None),
        ("windows-1252", True, None),
        ("iso-8859-1", False, None),  # read as windows-1252, as browsers do
        (None, False, "windows-1252"),  # from the HTTP Content-Type header
        (None, False, None),  # detected
    ],
)
def test_windows_1252_pages_come_out_right(
    charset: str | None, http_equiv: bool, header: str | None
) -> None:
    result = extract_article(cp1252_page(charset, http_equiv=http_equiv), encoding=header)
    assert result is not None
    assert result.text.split("\n\n")[0] == CP1252_PARAGRAPH


def test_the_http_header_charset_wins_over_a_wrong_meta() -> None:
    data = cp1252_page("utf-8")
    result = extract_article(data, encoding="cp1252")
    assert result is not None
    assert CP1252_PARAGRAPH in result.text


def test_utf8_bytes_with_a_byte_order_mark() -> None:
    data = b"\xef\xbb\xbf" + page(body(), charset=None).encode("utf-8")
    assert decode_html(data).startswith("<!DOCTYPE html>")


def test_an_unknown_declared_charset_is_ignored() -> None:
    result = extract_article(page(body(), charset="x-klingon").encode("utf-8"))
    assert result is not None
    assert "“Kami menjaga keberlanjutan program,”" in result.text


# -- metadata ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        ('<meta property="og:title" content="Iuran Naik - Kompas.com">', None, "Iuran Naik"),
        (
            '<meta property="og:site_name" content="Republika Online">'
            '<meta property="og:title" content="Iuran Naik | Republika Online">',
            None,
            "Iuran Naik",
        ),
        (
            '<meta property="og:title" content="Iuran Naik - detikFinance">',
            "https://finance.detik.com/a",
            "Iuran Naik",
        ),
        (
            '<meta property="og:title" '
            'content="Tarif &amp; Iuran &quot;Naik&quot; &lt;b&gt;Lagi&lt;/b&gt;">',
            None,
            'Tarif & Iuran "Naik" Lagi',
        ),
        (
            '<meta property="og:title" content="Bansos - Siapa yang Berhak? - Tempo.co">',
            None,
            "Bansos - Siapa yang Berhak?",
        ),
    ],
)
def test_titles_lose_the_site_name_and_markup(head: str, url: str | None, expected: str) -> None:
    result = extract_article(page(body(), head=head), url)
    assert result is not None
    assert result.title == expected


def test_canonical_url_is_resolved_against_the_page_url() -> None:
    html = page(body(), head='<link rel="canonical" href="/berita/42-iuran-naik">')
    result = extract_article(html, "https://contoh.co.id/berita/42-iuran-naik?utm_source=rss")
    assert result is not None
    assert result.canonical_url == "https://contoh.co.id/berita/42-iuran-naik"


def test_og_url_stands_in_for_a_missing_canonical_link() -> None:
    html = page(body(), head='<meta property="og:url" content="https://contoh.co.id/b/7">')
    result = extract_article(html)
    assert result is not None
    assert result.canonical_url == "https://contoh.co.id/b/7"


def test_no_canonical_url_when_the_page_has_none() -> None:
    result = extract_article(page(body()))
    assert result is not None
    assert result.canonical_url is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<meta property="article:published_time" content="2026-11-25T14:00:00+07:00">',
            datetime(2026, 11, 25, 14, 0, tzinfo=WIB),
        ),
        (
            '<meta name="content_PublishedDate" content="2026-11-25 09:30:00">',  # naive: WIB
            datetime(2026, 11, 25, 9, 30, tzinfo=WIB),
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2026-11-25T02:00:00Z"}</script>',
            datetime(2026, 11, 25, 2, 0, tzinfo=UTC),
        ),
    ],
)
def test_published_at_is_timezone_aware(head: str, expected: datetime) -> None:
    result = extract_article(page(body(), head=head))
    assert result is not None
    assert result.published_at == expected
    assert result.published_at is not None and result.published_at.tzinfo is not None


def test_description_comes_from_the_meta_tags() -> None:
    head = '<meta name="description" content="Iuran peserta mandiri &amp; kelas satu naik.">'
    result = extract_article(page(body(), head=head))
    assert result is not None
    assert result.description == "Iuran peserta mandiri & kelas satu naik."


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "",
        b"",
        "   \n ",
        "Bukan HTML sama sekali.",
        b"\x00\x01\x02\xff\xfe" * 100,
        page('<ul><li><a href="/1">Beranda</a></li><li><a href="/2">Ekonomi</a></li></ul>'),
    ],
    ids=["empty", "empty-bytes", "blank", "plain-text", "binary", "no-body"],
)
def test_pages_without_an_article_give_none(html: str | bytes) -> None:
    assert extract_article(html) is None


def test_a_huge_page_is_cut_not_hung() -> None:
    menu = "<ul>" + "".join(f'<li><a href="/k/{i}">Kanal {i}</a></li>' for i in range(50)) + "</ul>"
    filler = menu * (11_000_000 // len(menu))
    html = page(body(), after=filler)
    assert len(html) > 10 * MAX_HTML_CHARS
    result = extract_article(html.encode("utf-8"))
    assert result is not None
    assert result.text.split("\n\n") == list(PARAGRAPHS)
    assert result.title == "Iuran BPJS Kesehatan Naik Mulai Januari"


def test_a_huge_script_before_the_body_is_skipped() -> None:
    script = "<script>var data = [" + "1," * 1_500_000 + "0];</script>"
    result = extract_article(page(body(), head=script))
    assert result is not None
    assert result.text.split("\n\n") == list(PARAGRAPHS)


def test_extraction_is_deterministic() -> None:
    html = (PAGES / "liputan6_1.html").read_bytes()
    assert extract_article(html) == extract_article(html) == real("liputan6_1")


def test_the_headline_spelling_wins_over_a_meta_title_without_punctuation() -> None:
    head = '<meta property="og:title" content="Iuran BPJS Naik Apa Iya Betul - Warta Contoh">'
    html = page(body(), head=head, title="Iuran BPJS Naik: Apa Iya Betul?")
    result = extract_article(html)
    assert result is not None
    assert result.title == "Iuran BPJS Naik: Apa Iya Betul?"


def test_the_real_mediaindonesia_title_keeps_its_colon_and_question_mark() -> None:
    html = (PAGES / "mediaindonesia_1.html").read_bytes()
    result = extract_article(html)
    assert result is not None
    assert result.title == (
        "KPK tak Temukan Surat Pencabutan IUP Nikel Raja Ampat: Apa Iya Betul Dicabut?"
    )


# -- the lead image (pushes show it) ------------------------------------------------------------

URL = "https://warta.example/ekonomi/iuran-bpjs"


def test_the_lead_image_is_the_og_image_made_absolute() -> None:
    head = '<meta property="og:image" content="/foto/iuran.jpg">'
    result = extract_article(page(body(), head=head), URL)
    assert result is not None
    assert result.image == "https://warta.example/foto/iuran.jpg"


def test_without_og_image_the_first_figures_picture_is_the_lead_image() -> None:
    figure = (
        '<figure><img src="https://cdn.warta.example/kecil.png" class="icon">'
        '<img data-src="//cdn.warta.example/besar.jpg" width="800">'
        "<figcaption>Kantor BPJS Kesehatan.</figcaption></figure>"
    )
    result = extract_article(page(body(figure)), URL)
    assert result is not None
    assert result.image == "https://cdn.warta.example/besar.jpg"
    assert "Kantor BPJS" not in result.text


@pytest.mark.parametrize(
    "head",
    [
        "",
        '<meta property="og:image" content="javascript:alert(1)">',
        '<meta property="og:image" content="data:image/png;base64,AAAA">',
        '<meta property="og:image" content="   ">',
    ],
    ids=["none", "javascript", "data", "blank"],
)
def test_a_page_without_a_usable_image_has_none(head: str) -> None:
    result = extract_article(page(body(), head=head), URL)
    assert result is not None
    assert result.image is None
