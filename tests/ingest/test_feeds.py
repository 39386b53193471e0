"""Feed parsing (bytes → entries) and the feeds catalogue (seeds/feeds.toml)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.config import SEEDS_DIR, ConfigError
from bot.core.sources import SourcesError, load_sources, parse_sources
from bot.ingest.feeds import FeedError, html_to_text, parse_feed
from tests.support.feedserver import atom_feed, rss_feed, rss_item

DATA = Path(__file__).resolve().parent.parent / "data" / "feeds"
BASE = "https://www.example.co.id/rss"


# -- real feeds --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "count", "title"),
    [
        ("antaranews_trimmed.xml", 3, "ANTARA News - Berita Terkini"),
        ("bbcindonesia_trimmed.xml", 3, "BBC News Indonesia - Berita"),
        ("detik_news_trimmed.xml", 1, "domain.detik"),
        ("okezone_trimmed.xml", 1, "Sindikasi domain.okezone.com"),
        ("republika_trimmed.xml", 1, "Republika Online - Nasional RSS Feed"),
        ("tempo_ekonomi_regenerated.xml", 9, "RSS Feed Tempo.co"),
    ],
)
def test_real_outlet_feeds_parse(name: str, count: int, title: str) -> None:
    feed = parse_feed((DATA / name).read_bytes(), BASE)
    assert feed.title == title
    assert len(feed.entries) == count
    assert feed.warning is None
    for entry in feed.entries:
        assert entry.link.startswith("http")
        assert entry.published is not None and entry.published.tzinfo is UTC


def test_real_tempo_entry_fields() -> None:
    feed = parse_feed((DATA / "tempo_ekonomi_regenerated.xml").read_bytes(), BASE)
    first = feed.entries[0]
    assert first.title == "8 Pinjaman Daring Masuk Pengawasan Khusus OJK"
    assert first.link == (
        "https://www.tempo.co/ekonomi/8-pinjaman-daring-masuk-pengawasan-khusus-ojk-2253426"
    )
    assert first.description.startswith("OJK mencatat bahwa saat ini terdapat 14 dari 94")
    assert first.published == datetime(2026, 6, 7, 7, 53, 12, tzinfo=UTC)


def test_real_republika_entry_has_its_author_and_time_in_utc() -> None:
    entry = parse_feed((DATA / "republika_trimmed.xml").read_bytes(), BASE).entries[0]
    assert entry.author == "Bayu Hermawan"
    assert entry.published == datetime(2020, 3, 16, 7, 29, 53, tzinfo=UTC)


# -- hand-written feeds ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("<author>redaksi@tempo.co (Budi Santoso)</author>", "Budi Santoso"),
        ("<author>redaksi@tempo.co</author>", None),
        ("<author>Tim Redaksi</author>", None),
        ("<author>Pewarta: Nur Imansyah</author>", "Nur Imansyah"),
        (
            '<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Bayu Hermawan</dc:creator>',
            "Bayu Hermawan",
        ),
    ],
)
def test_item_author_is_a_person_name(author: str, expected: str | None) -> None:
    item = rss_item("Judul", "https://x.co.id/a", "Isi.").replace("</item>", f"{author}</item>")
    (entry,) = parse_feed(rss_feed([item]).encode(), BASE).entries
    assert entry.author == expected


def test_title_with_script_and_ampersand_becomes_plain_text() -> None:
    raw = "&lt;script&gt;alert(1)&lt;/script&gt;Harga Beras &amp;amp; Cabai &lt;b&gt;Naik&lt;/b&gt;"
    feed = parse_feed(
        rss_feed(
            [rss_item(raw, "https://x.co.id/a", "<p>Isi &amp; <b>tebal</b></p>", raw_title=True)]
        ).encode(),
        BASE,
    )
    entry = feed.entries[0]
    assert entry.title == "Harga Beras & Cabai Naik"
    assert entry.description == "Isi & tebal"


def test_rss_entries_have_link_guid_description_and_utc_time() -> None:
    published = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    xml = rss_feed(
        [
            rss_item("Judul", "/berita/1", "Paragraf satu.", guid="id-1", published=published),
        ],
        title="Antara",
    )
    feed = parse_feed(xml.encode(), BASE)
    (entry,) = feed.entries
    assert entry.link == "https://www.example.co.id/berita/1"  # relative link resolved
    assert entry.guid == "id-1"
    assert entry.description == "Paragraf satu."
    assert entry.published == published


def test_time_zones_are_converted_to_utc() -> None:
    xml = (
        '<rss version="2.0"><channel><title>T</title><item><title>A</title>'
        "<link>https://x.id/a</link><pubDate>Wed, 25 Nov 2026 14:00:00 +0700</pubDate>"
        "</item></channel></rss>"
    )
    entry = parse_feed(xml.encode(), BASE).entries[0]
    assert entry.published == datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


def test_atom_feed() -> None:
    xml = atom_feed([("Koperasi desa", "https://x.id/k", "Ringkasan <b>koperasi</b>")])
    (entry,) = parse_feed(xml.encode(), BASE).entries
    assert entry.title == "Koperasi desa"
    assert entry.link == "https://x.id/k"
    assert entry.description == "Ringkasan koperasi"
    assert entry.published == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)


def test_rss_1_0_rdf_feed() -> None:
    xml = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://x.id/"><title>RDF</title><link>https://x.id/</link>
<description>d</description></channel>
<item rdf:about="https://x.id/1"><title>Satu</title><link>https://x.id/1</link>
<description>Deskripsi</description><dc:date>2026-11-25T07:00:00Z</dc:date></item>
</rdf:RDF>"""
    feed = parse_feed(xml.encode(), BASE)
    assert [e.link for e in feed.entries] == ["https://x.id/1"]
    assert feed.entries[0].published == datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


def test_rss_0_91_feed() -> None:
    xml = """<?xml version="1.0"?><rss version="0.91"><channel><title>Lama</title>
<link>https://x.id/</link><description>d</description>
<item><title>Berita lama</title><link>https://x.id/lama</link></item></channel></rss>"""
    feed = parse_feed(xml.encode(), BASE)
    assert feed.entries[0].title == "Berita lama" and feed.entries[0].published is None


def test_malformed_feed_is_salvaged_with_a_warning() -> None:
    xml = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Rusak</title>'
        "<item><title>Pertama</title><link>https://x.id/1</link></item>"
        "<item><title>Kedua & ketiga</title><link>https://x.id/2</link></item>"
        "<item><title>Terpotong"
    )
    feed = parse_feed(xml.encode(), BASE)
    assert [e.link for e in feed.entries][:2] == ["https://x.id/1", "https://x.id/2"]
    assert feed.warning and "malformed" in feed.warning


@pytest.mark.parametrize(
    "content", [b"", b"<html><body><h1>Maintenance</h1></body></html>", b"\x00\xff\xfe garbage"]
)
def test_bytes_that_are_not_a_feed_raise_feed_error(content: bytes) -> None:
    with pytest.raises(FeedError, match="not an RSS or Atom feed"):
        parse_feed(content, BASE)


def test_entries_without_a_link_are_skipped_with_a_reason() -> None:
    xml = rss_feed(
        [
            rss_item("Tanpa tautan", None, "desc", guid="g-1"),
            rss_item("Ada tautan", "https://x.id/ok"),
            rss_item("Tautan aneh", "javascript:alert(1)"),
            rss_item("Ada tautan lagi", "https://x.id/ok"),
        ]
    )
    feed = parse_feed(xml.encode(), BASE)
    assert [e.link for e in feed.entries] == ["https://x.id/ok"]
    assert len(feed.skipped) == 3
    assert "'Tanpa tautan'" in feed.skipped[0] and "no link" in feed.skipped[0]
    assert "no link" in feed.skipped[1]
    assert "repeats the link" in feed.skipped[2]


def test_full_content_is_preferred_over_a_short_summary() -> None:
    xml = """<?xml version="1.0"?><rss version="2.0"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
<item><title>A</title><link>https://x.id/a</link><description>Pendek.</description>
<content:encoded><![CDATA[<p>Paragraf pertama panjang.</p><p>Paragraf kedua.</p>
<script>track()</script>]]></content:encoded></item></channel></rss>"""
    entry = parse_feed(xml.encode(), BASE).entries[0]
    assert entry.description == "Paragraf pertama panjang.\n\nParagraf kedua."


def test_html_to_text_decodes_double_escaped_entities_and_drops_scripts() -> None:
    assert html_to_text("Tom &amp;amp; Jerry", single_line=True) == "Tom & Jerry"
    assert html_to_text("<style>p{}</style><p>a</p><p>b</p>") == "a\n\nb"
    assert html_to_text("1 &lt; 2", single_line=True) == "1 < 2"
    assert html_to_text(None) == ""


# -- the feeds catalogue -----------------------------------------------------------------------
def test_seed_catalogue_lists_the_major_outlets() -> None:
    sources = load_sources(SEEDS_DIR / "feeds.toml")
    names = {s.name for s in sources}
    assert names >= {
        "Antara",
        "CNN Indonesia",
        "Kompas",
        "Detik",
        "Tempo",
        "Merdeka",
        "Republika",
        "Okezone",
        "Liputan6",
        "CNBC Indonesia",
        "Suara",
    }
    assert all(s.url.startswith(("http://", "https://")) for s in sources)
    text = (SEEDS_DIR / "feeds.toml").read_text()
    assert "UNVERIFIED" in text.split('name = "Kompas"')[0].rsplit("[[feed]]", 2)[-2]


def test_missing_feeds_file_is_a_clear_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"feeds file not found: .*none\.toml.*WARTA_FEEDS"):
        load_sources(tmp_path / "none.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[feed]\nname='x'", "not valid TOML"),
        ("", "lists no feeds"),
        ("feeds = []", "unknown top-level"),
        ("[[feed]]\nurl='https://x.id/rss'", "non-empty name"),
        ("[[feed]]\nname='X'", "needs a url"),
        ("[[feed]]\nname='X'\nurl='ftp://x.id/rss'", "not an http"),
        ("[[feed]]\nname='X'\nurl='https://x.id/rss'\nlang='id'", "unknown key"),
        (
            "[[feed]]\nname='X'\nurl='https://x.id/rss'\n[[feed]]\nname='Y'\nurl='HTTPS://X.ID/rss'",
            "repeats the url of feed #1",
        ),
    ],
)
def test_invalid_feeds_files_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(SourcesError, match=message):
        parse_sources(text, source="feeds.toml")
