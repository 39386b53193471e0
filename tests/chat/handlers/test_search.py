"""/cari: ranked results, ◀ ▶ paging that edits the message, expired buttons, odd queries."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.present import texts
from tests.support.fake_telegram import FakeTelegram, parse_html
from tests.support.harness import started_bot, store_article

READER = 4001
_VOCABULARY = (
    "petani sawah panen gabah beras gudang harga pasar desa kabupaten provinsi menteri "
    "pertanian bantuan subsidi kuota distribusi kios pengecer musim tanam hujan irigasi "
    "bendungan kelompok tani koperasi modal pinjaman bank bunga cicilan kredit usaha rakyat "
    "pedagang pembeli stok pasokan impor ekspor nelayan ikan pelabuhan kapal solar bbm "
    "sekolah guru murid kelas buku seragam rumah sakit dokter pasien obat vaksin puskesmas"
)
WORDS = tuple(_VOCABULARY.split())


def article_text(rng: random.Random) -> list[str]:
    """Distinct prose, so that every article is its own story."""
    return [
        " ".join(rng.choice(WORDS) for _ in range(25)).capitalize() + " pupuk." for _ in range(4)
    ]


def seed_search_corpus(bot, count: int = 12) -> None:
    rng = random.Random(7)
    now = datetime.now(UTC)
    for n in range(count):
        store_article(
            bot.services,
            title=f"Pupuk bersubsidi edisi {n + 1}",
            paragraphs=article_text(rng),
            bullets=[f"Ringkasan pupuk nomor {n + 1}.", "Poin kedua."],
            url=f"https://contoh.id/pupuk/{n + 1}",
            outlet=("Antara", "Tempo", "Detik")[n % 3],
            when=now - timedelta(hours=n),
        )


def numbers_on(text: str) -> list[int]:
    return [int(line.split(".", 1)[0]) for line in text.splitlines() if line[:1].isdigit()]


def test_paging_edits_the_same_message(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            seed_search_corpus(bot)
            (page1,) = await bot.say(READER, "/cari pupuk")
            assert numbers_on(page1.plain_text) == [1, 2, 3, 4, 5]
            assert page1.plain_text.endswith("Ditemukan 12 hasil · halaman 1/3")
            assert [b["text"] for b in page1.buttons] == [texts.PAGER_NEXT]
            next_data = page1.buttons[0]["callback_data"]
            assert "pupuk" not in next_data and len(next_data.encode()) <= 64

            await bot.press(READER, page1, next_data)
            page2 = fake_telegram.message(READER, page1.message_id)
            assert numbers_on(page2.plain_text) == [6, 7, 8, 9, 10]
            assert [b["text"] for b in page2.buttons] == [texts.PAGER_PREVIOUS, texts.PAGER_NEXT]

            await bot.press(READER, page1, page2.buttons[1]["callback_data"])
            page3 = fake_telegram.message(READER, page1.message_id)
            assert numbers_on(page3.plain_text) == [11, 12]
            assert page3.plain_text.endswith("Ditemukan 12 hasil · halaman 3/3")
            assert [b["text"] for b in page3.buttons] == [texts.PAGER_PREVIOUS]

            await bot.press(READER, page1, page3.buttons[0]["callback_data"])
            assert numbers_on(fake_telegram.message(READER, page1.message_id).plain_text) == [
                6,
                7,
                8,
                9,
                10,
            ]
            # Still one message: every page was an edit.
            assert len(fake_telegram.sent_messages(READER)) == 1

            expired = await bot.press(READER, page1, "c:tidakada:2")
            assert expired["text"] == texts.SEARCH_EXPIRED

    asyncio.run(scenario())


def test_empty_unknown_and_hostile_queries(tmp_path: Path, fake_telegram: FakeTelegram):
    hostile = [
        '"',
        "pupuk*",
        "NEAR(pupuk",
        "pupuk OR -",
        "a:b ^c",
        "🌾🌾",
        "<b>pupuk</b> & co",
        "x" * 5000,
    ]

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            seed_search_corpus(bot, count=3)
            (usage,) = await bot.say(READER, "/search")
            assert usage.plain_text.startswith("Tuliskan kata kunci")
            (none,) = await bot.say(READER, "/cari zzqxv")
            assert "belum ada berita yang cocok" in none.plain_text
            for query in hostile:
                (answer,) = await bot.say(READER, f"/cari {query}")
                parse_html(answer.text)  # valid Telegram HTML, whatever the query
                assert texts.ERROR not in answer.plain_text

    asyncio.run(scenario())


def bold_words(plain: str, entities: list[dict]) -> list[str]:
    """The bold parts of a message (entity offsets count UTF-16 code units)."""
    units = plain.encode("utf-16-le")
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in entities
        if e["type"] == "bold"
    ]


def test_exact_matches_first_and_a_notice_when_only_some_words_match(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            now = datetime.now(UTC)
            store_article(
                bot.services,
                title="Kartu kredit makin laris",
                paragraphs=["Transaksi kartu kredit naik dua kali lipat di akhir tahun."],
                bullets=["Transaksi kartu kredit naik.", "Bank menambah limit."],
                url="https://contoh.id/kredit",
                when=now,
            )
            store_article(
                bot.services,
                title="Pelatihan kerja gelombang baru",
                paragraphs=[
                    "Pemerintah membuka pelatihan kerja baru untuk lulusan SMA.",
                    "Peserta kartu prakerja mendapat insentif Rp600.000 per bulan.",
                ],
                bullets=["Pelatihan kerja dibuka lagi.", "Pendaftaran lewat situs resmi."],
                url="https://contoh.id/prakerja",
                when=now - timedelta(days=1),
            )
            (exact,) = await bot.say(READER, "/cari kartu prakerja")
            assert texts.SEARCH_PARTIAL not in exact.plain_text
            assert numbers_on(exact.plain_text) == [1]  # only the article with both words
            # The line shown is the one holding the words, in bold, not the first bullets.
            assert "Peserta kartu prakerja mendapat insentif" in exact.plain_text
            assert "Pelatihan kerja dibuka lagi" not in exact.plain_text
            bold = bold_words(exact.plain_text, exact.entities)
            assert "kartu" in bold and "prakerja" in bold
            assert exact.plain_text.endswith("Ditemukan 1 hasil")  # one page: no "1/1"

            (partial,) = await bot.say(READER, "/cari kartu debit")
            assert texts.SEARCH_PARTIAL in partial.plain_text
            assert numbers_on(partial.plain_text) == [1, 2]

            (casual,) = await bot.say(READER, "/cari pelatihan kerja udah dibuka")
            assert "Pelatihan kerja gelombang baru" in casual.plain_text

    asyncio.run(scenario())


def test_nothing_found_offers_to_follow_the_words(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (reply,) = await bot.say(READER, "/cari tapera")
            assert reply.plain_text.startswith("Maaf, belum ada berita")
            (button,) = reply.buttons
            assert button["text"] == texts.FOLLOW_BUTTON.format(keyword="tapera")
            answer = await bot.press(READER, reply, button["callback_data"])
            assert answer["text"] == texts.FOLLOW_ALERT_DONE.format(keyword="tapera")
            subs = bot.store.subscriptions(READER)
            assert [(s.kind, s.value) for s in subs] == [("keyword", "tapera")]

    asyncio.run(scenario())
