"""/ringkasan now, and how /pengaturan's mode and pause change what is pushed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import texts
from tests.bot.bot_harness import SEED_TITLE, started_bot
from tests.fake_telegram import FakeTelegram

READER = 6001


def test_digest_on_demand(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            (nothing,) = await bot.say(READER, "/ringkasan")
            assert nothing.plain_text == texts.DIGEST_NO_SUBSCRIPTIONS

            await bot.say(READER, "/langganan bpjs ketenagakerjaan")
            (digest,) = await bot.say(READER, "/digest")
            assert "Ringkasan berita Anda" in digest.plain_text
            assert "BPJS Ketenagakerjaan" in digest.plain_text  # the topic's heading
            assert SEED_TITLE in digest.plain_text
            # A peek: the daily digest still comes as usual.
            assert bot.services.store.get_chat(READER).last_digest_at is None

            await bot.say(READER, "/langganan kartu prakerja")
            bot.services.store.remove_subscription(READER, "topic", "bpjs-ketenagakerjaan")
            (empty,) = await bot.say(READER, "/ringkasan")
            assert empty.plain_text == texts.DIGEST_NOTHING_YET

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
            store = bot.services.store
            assert store.get_chat(READER).paused
            assert store.all_subscriptions() == []  # a paused chat gets nothing

            await bot.press(READER, panel, "s:p:0")
            assert not store.get_chat(READER).paused

            bad = await bot.press(READER, panel, "s:h:99")
            assert bad["text"] == texts.SETTINGS_INVALID
            await bot.press(READER, panel, "s:z:PST")
            assert store.get_chat(READER).timezone == "Asia/Jakarta"

    asyncio.run(scenario())


def test_digest_jobs_are_rebuilt_from_the_database(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            await bot.say(READER, "/langganan umkm")
            (panel,) = await bot.say(READER, "/pengaturan")
            await bot.press(READER, panel, "s:z:WIT")
            await bot.press(READER, panel, "s:h:5")
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (job,) = bot.app.job_queue.get_jobs_by_name(f"digest:{READER}")
            local = job.next_t.astimezone(ZoneInfo("Asia/Jayapura"))
            assert (local.hour, local.minute) == (5, 0)

    asyncio.run(scenario())
