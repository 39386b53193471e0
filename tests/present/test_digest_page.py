"""Digest entries and pages for a phone: lengths, headings on every page, nothing empty."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.models import Article
from bot.present import texts
from bot.present.digest_page import PAGE_LIMIT, Section, digest_entry, paginate
from tests.support.fake_telegram import parse_html, utf16_len

NOW = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 07.00 WIB


def article(n: int, **changes: object) -> Article:
    fields: dict[str, object] = {
        "id": n,
        "url": f"https://contoh.id/{n}",
        "canonical_url": f"https://contoh.id/{n}",
        "outlet": "Antara",
        "title": f"Judul berita {n}",
        "text": "",
        "bullets": ("Poin pertama yang penting.", "Poin kedua."),
        "topics": (),
        "story_id": n,
        "published_at": datetime(2026, 11, 24, 23, 0, tzinfo=UTC),
        "fetched_at": datetime(2026, 11, 24, 23, 30, tzinfo=UTC),
    }
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def plain(markup: str) -> str:
    text, _ = parse_html(markup)  # raises like Telegram on bad HTML
    return text


def test_an_entry_is_title_source_time_and_one_bullet() -> None:
    entry = digest_entry(article(1), tz="Asia/Jakarta", now=NOW, other_outlets=2)
    assert plain(entry) == (
        "Judul berita 1\nAntara dan 2 media lain · Hari ini, 06.00 WIB\n"
        "• Poin pertama yang penting."
    )
    assert '<a href="https://contoh.id/1">' in entry


def test_an_undated_entry_shows_its_fetch_time_and_long_parts_are_cut() -> None:
    long = article(2, published_at=None, title="Judul " * 60, bullets=("Kalimat panjang " * 40,))
    text = plain(digest_entry(long, tz="Asia/Jakarta", now=NOW))
    title, byline, bullet = text.split("\n")
    assert byline == "Antara · Hari ini, 06.30 WIB"
    assert len(title) <= 120 and title.endswith("…")
    assert len(bullet) <= 222 and bullet.endswith("…")


def test_every_page_fits_and_opens_with_its_section_heading() -> None:
    blocks = tuple(digest_entry(article(n), tz="Asia/Jakarta", now=NOW) for n in range(12))
    sections = [
        Section("📌 <b>Pajak</b>", blocks[:7]),
        Section("🔑 <b>Kata kunci: umkm</b>", ()),  # nothing: no heading
        Section("🔑 <b>Kata kunci: koperasi</b>", blocks[7:]),
        Section(texts.DIGEST_ALREADY_SENT, ("• Satu", "• Dua"), separator="\n"),
    ]
    pages = [plain(p) for p in paginate("📰 <b>Ringkasan</b>", sections, limit=300)]
    assert len(pages) > 3
    assert pages[0].startswith("📰 Ringkasan\n\n📌 Pajak\n\nJudul berita 0")
    for page in pages:
        assert utf16_len(page) <= 300
        assert "umkm" not in page
    for page in pages[1:]:
        assert page.startswith(("📌 Pajak (lanjutan)\n\n", "🔑 Kata kunci: koperasi", "✔️"))
    assert sum(p.count("Judul berita") for p in pages) == 12
    assert pages[-1].endswith("✔️ Sudah dikirim\n• Satu\n• Dua")


def test_a_header_never_stands_alone_and_a_huge_block_is_cut() -> None:
    huge = "<b>" + "kata " * 500 + "</b>"
    pages = paginate("Kepala", [Section("📌 <b>A</b>", (huge,))], limit=PAGE_LIMIT)
    assert plain(pages[0]).startswith("Kepala\n\n📌 A\n\nkata")
    assert all(utf16_len(plain(p)) <= PAGE_LIMIT for p in pages)
    assert paginate("Kepala", []) == ["Kepala"]
