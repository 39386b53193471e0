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
            assert none.plain_text.startswith("Belum ada berita yang memuat zzqxv.")
            (nothing_to_search,) = await bot.say(READER, '/cari "a" OR -b')
            assert nothing_to_search.plain_text.startswith("Tuliskan kata kunci")
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

            (partial,) = await bot.say(READER, "/cari kredit prakerja")  # both known, apart
            assert texts.SEARCH_PARTIAL in partial.plain_text
            assert "Belum ada" not in partial.plain_text
            assert numbers_on(partial.plain_text) == [1, 2]

            (casual,) = await bot.say(READER, "/cari pelatihan kerja udah dibuka")
            assert "Pelatihan kerja gelombang baru" in casual.plain_text

    asyncio.run(scenario())


def test_nothing_found_offers_to_follow_the_words(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (reply,) = await bot.say(READER, "/cari tapera")
            assert reply.plain_text.startswith("Belum ada berita yang memuat tapera.")
            (button,) = reply.buttons
            assert button["text"] == texts.FOLLOW_BUTTON.format(keyword="tapera")
            answer = await bot.press(READER, reply, button["callback_data"])
            assert answer["text"] == texts.FOLLOW_ALERT_DONE.format(keyword="tapera")
            subs = bot.store.subscriptions(READER)
            assert [(s.kind, s.value) for s in subs] == [("keyword", "tapera")]

    asyncio.run(scenario())


def test_words_no_article_holds_are_named_first(
    tmp_path: Path, fake_telegram: FakeTelegram, database_url: str
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False, database=database_url) as bot:
            seed_search_corpus(bot, count=7)
            (reply,) = await bot.say(READER, "/cari pupuk prakerja")
            lines = reply.plain_text.splitlines()
            assert lines[0] == "Belum ada berita yang memuat prakerja."
            assert lines[1] == "🔎 Hasil terdekat untuk pupuk prakerja"
            assert texts.SEARCH_PARTIAL not in reply.plain_text
            assert numbers_on(reply.plain_text) == [1, 2, 3, 4, 5]
            assert bold_words(reply.plain_text, reply.entities)[0] == "prakerja"
            labels = [b["text"] for b in reply.buttons]
            follow = texts.FOLLOW_BUTTON.format(keyword="pupuk prakerja")
            assert labels == [texts.PAGER_NEXT, follow]

            # The next page says the same and keeps 🔔.
            await bot.press(READER, reply, reply.buttons[0]["callback_data"])
            page2 = fake_telegram.message(READER, reply.message_id)
            assert page2.plain_text.startswith("Belum ada berita yang memuat prakerja.")
            assert numbers_on(page2.plain_text) == [6, 7]
            assert [b["text"] for b in page2.buttons] == [texts.PAGER_PREVIOUS, follow]

            answer = await bot.press(READER, reply, page2.buttons[1]["callback_data"])
            assert answer["text"] == texts.FOLLOW_ALERT_DONE.format(keyword="pupuk prakerja")
            subs = bot.store.subscriptions(READER)
            assert [(s.kind, s.value) for s in subs] == [("keyword", "pupuk prakerja")]

            # Two words no article holds, and casual stop words that are never named.
            (two,) = await bot.say(READER, "/cari udah ada tapera yg prakerja blm")
            assert two.plain_text.startswith("Belum ada berita yang memuat tapera maupun prakerja.")

    asyncio.run(scenario())


def test_markup_operators_and_stray_letters_are_not_searched(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            seed_search_corpus(bot, count=3)
            (plain,) = await bot.say(READER, "/cari pupuk")
            for query in ("<b>pupuk</b>", '"pupuk" OR -x a', "NEAR(pupuk) AND b"):
                (reply,) = await bot.say(READER, f"/cari {query}")
                assert reply.plain_text == plain.plain_text, query
                assert reply.plain_text.startswith("🔎 Hasil pencarian pupuk\n")
                assert "Belum ada" not in reply.plain_text

    asyncio.run(scenario())


def test_a_page_stays_short_for_the_reader(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            now = datetime.now(UTC)
            rng = random.Random(3)
            for n in range(6):
                store_article(
                    bot.services,
                    title=" ".join(rng.choice(WORDS) for _ in range(30)) + f" pupuk {n}",
                    paragraphs=[" ".join(rng.choice(WORDS) for _ in range(120)) + " pupuk."],
                    bullets=[" ".join(rng.choice(WORDS) for _ in range(60)) + " pupuk."] * 3,
                    url=f"https://contoh.id/panjang/{n}",
                    when=now - timedelta(hours=n),
                )
            (reply,) = await bot.say(READER, "/cari pupuk")
            assert numbers_on(reply.plain_text) == [1, 2, 3, 4, 5]
            assert len(reply.plain_text.encode("utf-16-le")) // 2 <= 1200
            assert "pupuk" in bold_words(reply.plain_text, reply.entities)

    asyncio.run(scenario())
