"""/ringkasan now, and how /pengaturan's mode and pause change what is pushed."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.present import texts
from bot.present.timefmt import format_local_time
from tests.support.fake_telegram import FakeTelegram, utf16_len
from tests.support.feedserver import article_page, rss_item
from tests.support.harness import SEED_TITLE, started_bot, store_article

READER = 6001
FRESH_TITLE = "Klaim JHT BPJS Ketenagakerjaan Kini Bisa Lewat Aplikasi"
PAGE_MAX = 1500  # visible characters of a digest page


def test_digest_on_demand(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            (nothing,) = await bot.say(READER, "/ringkasan")
            assert nothing.plain_text == texts.DIGEST_NO_SUBSCRIPTIONS

            await bot.say(READER, "/langganan bpjs ketenagakerjaan")
            # The seed article, fetched now but published in 2020, is no news of today.
            (nothing_new,) = await bot.say(READER, "/ringkasan")
            assert nothing_new.plain_text == texts.DIGEST_NOTHING_YET
            store_article(
                bot.services,
                title=FRESH_TITLE,
                paragraphs=[distinct_text("jht", "klaim JHT BPJS Ketenagakerjaan")],
                bullets=["Klaim JHT bersaldo kecil cukup lewat aplikasi."],
                url="https://contoh.id/klaim-jht",
                topics=["bpjs-ketenagakerjaan"],
                when=datetime.now(UTC) - timedelta(hours=8),
            )
            (digest,) = await bot.say(READER, "/digest")
            lines = digest.plain_text.splitlines()
            assert lines[:2] == ["📰 Ringkasan berita Anda", "24 jam terakhir"]
            assert "📌 BPJS Ketenagakerjaan" in lines  # the topic's heading
            assert FRESH_TITLE in lines and SEED_TITLE not in digest.plain_text
            # One page: no ⟨ ⟩, only the settings button, which opens a new panel.
            assert digest.reply_markup == {
                "inline_keyboard": [[{"text": "⚙️ Pengaturan", "callback_data": "s:open"}]]
            }
            sent = len(fake_telegram.sent_messages(READER))
            await bot.press(READER, digest, "s:open")
            panel = fake_telegram.sent_messages(READER)[sent]
            assert panel.plain_text.startswith("Pengaturan") and panel.buttons
            asked_at = bot.store.get_chat(READER).last_digest_at
            assert asked_at is not None

            # Asked again right away: nothing new since the last one.
            (again,) = await bot.say(READER, "/ringkasan")
            assert again.plain_text.startswith("Belum ada berita baru sejak ringkasan terakhir (")
            assert "(hari ini pukul " in again.plain_text
            assert bot.store.get_chat(READER).last_digest_at == asked_at

    asyncio.run(scenario())


WORDS = (
    "pemerintah",
    "aturan",
    "baru",
    "berlaku",
    "bulan",
    "depan",
    "wajib",
    "orang",
    "pribadi",
    "badan",
    "usaha",
    "seluruh",
    "indonesia",
    "pelaku",
    "kecil",
    "menengah",
    "daerah",
    "kota",
    "desa",
    "kantor",
    "layanan",
    "warga",
    "pekerja",
    "program",
    "anggaran",
    "dana",
    "bantuan",
    "sosial",
    "menteri",
    "kepala",
    "dinas",
    "laporan",
    "data",
    "tahun",
    "jumlah",
)


def distinct_text(seed: str, term: str) -> str:
    """A text of its own (stories must not cluster together) that mentions ``term``."""
    rng = random.Random(seed)
    words = [rng.choice(WORDS) for _ in range(80)]
    return f"{term} " + " ".join(words) + "."


HEADINGS = ("📌 ", "🔑 ", "✔️ ", "➕ ")


def assert_phone_pages(pages: list[str]) -> None:
    """Each page fits a phone; every page after the first opens with a section heading; no
    heading without a story or item under it."""
    assert all(0 < utf16_len(page) <= PAGE_MAX for page in pages)
    for page in pages[1:]:
        assert page.startswith(HEADINGS), page[:80]
    for page in pages:
        blocks = page.split("\n\n")
        for n, block in enumerate(blocks):
            if block.startswith(HEADINGS) and "\n" not in block:  # a heading on its own line
                assert n + 1 < len(blocks) and not blocks[n + 1].startswith(HEADINGS), page


def test_long_digest_pages_ranked_capped_and_already_pushed(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """Ten pajak stories and seven prakerja ones: title matches first then newest, five per
    subscription and "+N lainnya", the pushed story listed once at the end by title, and the
    pages turned with ⟨ 1/N ⟩ in place."""
    now = datetime.now(UTC)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            await bot.say(READER, "/langganan pajak")
            await bot.say(READER, "/langganan kartu prakerja")
            for n in range(10):
                # Stories 0-7 say "pajak" only in the text, 8 and 9 (the oldest) in the title.
                title = f"Aturan Pajak Baru {n}" if n >= 8 else f"Kabar ekonomi nomor {n}"
                store_article(
                    bot.services,
                    title=title,
                    paragraphs=[distinct_text(f"pajak{n}", "pajak")],
                    bullets=[f"Poin berita {n} tentang pajak." + " Penjelasan panjang." * 12],
                    url=f"https://contoh.id/pajak/{n}",
                    topics=["pajak"],
                    when=now - timedelta(hours=20 - n),
                )
            for n in range(7):
                store_article(
                    bot.services,
                    title=f"Pendaftaran Kartu Prakerja gelombang {n}",
                    paragraphs=[distinct_text(f"prakerja{n}", "Kartu Prakerja")],
                    bullets=[f"Kartu Prakerja gelombang {n}." + " Penjelasan panjang." * 12],
                    url=f"https://contoh.id/prakerja/{n}",
                    when=now - timedelta(hours=10 - n),
                )
            pushed = bot.store.search("Kartu Prakerja gelombang 6", limit=1)[0].article
            bot.store.enqueue(READER, "push", "x", dedupe_key=f"push:{READER}:{pushed.story_id}")

            (digest,) = await bot.say(READER, "/ringkasan")
            rows = digest.reply_markup["inline_keyboard"]
            pages = int(rows[0][1]["text"].split("/")[1])
            assert pages >= 2
            digest_id = rows[0][1]["callback_data"].split(":")[1]
            assert rows == [
                [
                    {"text": "⟨", "callback_data": f"dg:{digest_id}:{pages}"},
                    {"text": f"1/{pages}", "callback_data": f"dg:{digest_id}:1"},
                    {"text": "⟩", "callback_data": f"dg:{digest_id}:2"},
                ],
                [{"text": "⚙️ Pengaturan", "callback_data": "s:open"}],
            ]
            texts_seen = [digest.plain_text]
            for page in range(2, pages + 1):
                await bot.press(READER, digest, f"dg:{digest_id}:{page}")
                shown = fake_telegram.message(READER, digest.message_id)
                assert shown.reply_markup["inline_keyboard"][0][1]["text"] == f"{page}/{pages}"
                texts_seen.append(shown.plain_text)
            assert_phone_pages(texts_seen)
            everything = "\n".join(texts_seen)
            titles = [
                line
                for line in everything.splitlines()
                if line.startswith(("Aturan Pajak", "Kabar ekonomi", "Pendaftaran"))
            ]
            # Pajak: the two title matches first, then the newest; five, then "+5 lainnya".
            assert titles[:5] == [
                "Aturan Pajak Baru 9",
                "Aturan Pajak Baru 8",
                "Kabar ekonomi nomor 7",
                "Kabar ekonomi nomor 6",
                "Kabar ekonomi nomor 5",
            ]
            assert "+5 lainnya — /cari Pajak" in everything
            # Prakerja: the pushed story (6) is not repeated; newest first among the rest.
            assert titles[5:10] == [
                f"Pendaftaran Kartu Prakerja gelombang {n}" for n in (5, 4, 3, 2, 1)
            ]
            assert "+1 lainnya — /cari kartu prakerja" in everything
            tail = texts_seen[-1].split("✔️ Sudah dikirim\n")[1]
            assert tail == "• Pendaftaran Kartu Prakerja gelombang 6"

            # The first page again, and a page of a digest the store does not know.
            await bot.press(READER, digest, f"dg:{digest_id}:1")
            assert fake_telegram.message(READER, digest.message_id).plain_text == texts_seen[0]
            gone = await bot.press(READER, digest, "dg:999:1")
            assert gone["text"] == texts.DIGEST_EXPIRED and gone.get("show_alert")

    asyncio.run(scenario())


def test_digest_only_mode_and_pause_stop_pushes(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            await bot.say(READER, "/langganan koperasi")
            (panel,) = await bot.say(READER, "/settings")
            await bot.press(READER, panel, "s:m:digest")
            assert (
                "ringkasan harian saja"
                in fake_telegram.message(READER, panel.message_id).plain_text
            )
            bot.newsroom.publish(
                "Antara",
                "kopdes",
                "Koperasi Desa Merah Putih Dapat Tambahan Modal",
                [
                    "Pemerintah menambah modal Koperasi Desa Merah Putih melalui pinjaman bank "
                    "milik negara untuk memperkuat usaha simpan pinjam di desa.",
                    "Koperasi desa diminta menyiapkan laporan keuangan yang tertib agar "
                    "penyaluran pinjaman berjalan lancar dan tepat sasaran bagi anggota.",
                ],
                datetime.now(UTC) - timedelta(minutes=1),
            )
            assert await bot.poll() == 0  # digest only: no push

            await bot.press(READER, panel, "s:m:instant")
            await bot.press(READER, panel, "s:p:1")
            shown = fake_telegram.message(READER, panel.message_id)
            assert texts.STATUS_PAUSED in shown.plain_text
            assert texts.BUTTON_RESUME in [b["text"] for b in shown.buttons]
            store = bot.store
            assert store.get_chat(READER).paused
            assert store.all_subscriptions() == []  # a paused chat gets nothing

            await bot.press(READER, panel, "s:p:0")
            assert not store.get_chat(READER).paused

            bad = await bot.press(READER, panel, "s:h:99")
            assert bad["text"] == texts.SETTINGS_INVALID
            await bot.press(READER, panel, "s:z:PST")
            assert store.get_chat(READER).timezone == "Asia/Jakarta"

    asyncio.run(scenario())


def test_daily_digest_is_one_message_with_page_buttons(tmp_path: Path, fake_telegram: FakeTelegram):
    """The daily job queues only the first page, with ⟨ 1/N ⟩ that work from the outbox."""
    from bot.delivery.digest_queue import queue_digest

    now = datetime.now(UTC)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            await bot.say(READER, "/langganan pajak")
            await bot.say(READER, "/langganan kartu prakerja")
            for n in range(10):
                for term, topics in (("pajak", ["pajak"]), ("Kartu Prakerja", [])):
                    store_article(
                        bot.services,
                        title=f"{term} kabar {n}",
                        paragraphs=[distinct_text(f"{term}{n}", term)],
                        bullets=[f"{term} poin {n}." + " Penjelasan panjang." * 12],
                        url=f"https://contoh.id/{term.replace(' ', '-')}/{n}",
                        topics=topics,
                        when=now - timedelta(hours=n + 1),
                    )
            before = len(fake_telegram.sent_messages(READER))
            topics = {t.slug: t for t in bot.services.topics}
            assert queue_digest(bot.store, topics, READER, now) == 1
            assert queue_digest(bot.store, topics, READER, now) == 0  # once a day
            bot.services.wake_sender()
            (digest,) = (await fake_telegram.wait_for_messages(before + 1, READER))[before:]
            assert digest.plain_text.startswith("📰 Ringkasan berita Anda\n24 jam terakhir\n")
            pager, settings = digest.reply_markup["inline_keyboard"]
            assert [b["text"] for b in pager][0::2] == ["⟨", "⟩"]
            assert pager[1]["text"].startswith("1/")
            assert settings == [{"text": "⚙️ Pengaturan", "callback_data": "s:open"}]
            first_page = digest.plain_text
            await bot.press(READER, digest, pager[2]["callback_data"])
            second = fake_telegram.message(READER, digest.message_id)
            assert second.plain_text != first_page and second.edits == 1
            assert second.reply_markup["inline_keyboard"][0][1]["text"].startswith("2/")
            await asyncio.sleep(0.3)
            assert len(fake_telegram.sent_messages(READER)) == before + 1

    asyncio.run(scenario())


def test_the_window_counts_feed_dates_and_fetch_time_for_undated_news(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """Through the feeds: an item published three hours ago is in the 24-hour digest, one
    published three days ago (but fetched only now) is not, and one whose feed and page give
    no date counts by its fetch time and is in, shown at that time."""
    now = datetime.now(UTC)
    undated, old, recent = (
        "Koperasi Nelayan Tanpa Tanggal Dapat Kapal Baru",
        "Koperasi Lama Baru Terbaca Hari Ini",
        "Koperasi Petani Terbit Tiga Jam Lalu",
    )

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            newsroom = bot.newsroom
            paragraphs = [distinct_text(f"{undated}{n}", "Koperasi nelayan") for n in range(2)]
            path = "/antara/berita/tanpa-tanggal"
            url = newsroom.server.url(path)
            newsroom.server.set(path, article_page(undated, paragraphs, published=None))
            item = rss_item(undated, url, paragraphs[0][:200], guid="undated", dated=False)
            newsroom.items.setdefault("Antara", []).insert(0, item)
            for title, age in ((old, timedelta(days=3)), (recent, timedelta(hours=3))):
                newsroom.publish(
                    "Antara",
                    title.split()[1].lower(),
                    title,
                    [distinct_text(f"{title}{n}", "Koperasi") for n in range(2)],
                    now - age,
                )
            await bot.poll()
            stored = {h.article.title: h.article for h in bot.store.search("koperasi", limit=10)}
            assert set(stored) == {undated, old, recent}
            assert stored[undated].published_at is None
            await bot.say(READER, "/langganan koperasi")  # after the poll: nothing pushed
            (digest,) = await bot.say(READER, "/ringkasan")
            text = digest.plain_text
            assert recent in text and undated in text and old not in text
            fetched = format_local_time(stored[undated].fetched_at, "Asia/Jakarta")
            assert f"{undated}\nAntara · {fetched}\n" in text

    asyncio.run(scenario())


def hour_ahead(zone: str, hours: int) -> tuple[int, datetime]:
    """The local hour ``hours`` from now in ``zone`` and when it starts (UTC)."""
    local = datetime.now(ZoneInfo(zone)).replace(minute=0, second=0, microsecond=0)
    start = local + timedelta(hours=hours)
    return start.hour, start.astimezone(UTC)


def test_the_sweep_sends_no_empty_digest_and_counts_the_day_as_done(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """At the reader's hour with no news of the day (the seed article is of 2020) the sweep
    sends nothing and the day is done: news later that day waits for the next day's digest,
    which covers it."""
    hour, due = hour_ahead("Asia/Jakarta", 2)
    at = due + timedelta(seconds=20)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            await bot.say(READER, "/langganan bpjs ketenagakerjaan")
            (panel,) = await bot.say(READER, "/pengaturan")
            await bot.press(READER, panel, "s:m:digest")  # digest only: nothing is pushed
            await bot.press(READER, panel, f"s:h:{hour}")
            before = len(fake_telegram.sent_messages(READER))
            bot.services.clock = lambda: at
            await bot.sweep()
            bot.services.wake_sender()
            await asyncio.sleep(0.5)
            assert len(fake_telegram.sent_messages(READER)) == before
            assert bot.store.get_chat(READER).last_digest_at == at

            store_article(
                bot.services,
                title=FRESH_TITLE,
                paragraphs=[distinct_text("jht", "klaim JHT BPJS Ketenagakerjaan")],
                bullets=["Klaim JHT bersaldo kecil cukup lewat aplikasi."],
                url="https://contoh.id/klaim-jht",
                topics=["bpjs-ketenagakerjaan"],
                when=at + timedelta(hours=1),
            )
            bot.services.clock = lambda: at + timedelta(hours=2)  # later that day
            await bot.sweep()
            bot.services.wake_sender()
            await asyncio.sleep(0.5)
            assert len(fake_telegram.sent_messages(READER)) == before

            bot.services.clock = lambda: at + timedelta(days=1)  # the next day's hour
            await bot.sweep()
            bot.services.wake_sender()
            sent = await fake_telegram.wait_for_messages(before + 1, READER, timeout=20)
            (digest,) = sent[before:]
            assert digest.plain_text.startswith("📰 Ringkasan berita Anda\n24 jam terakhir\n")
            assert FRESH_TITLE in digest.plain_text and SEED_TITLE not in digest.plain_text

    asyncio.run(scenario())
