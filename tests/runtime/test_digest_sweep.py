"""The daily digests of a ``--role all`` process on SQLite, queued by the database sweep (one
scheduler): nothing is rescheduled when readers change their subscriptions, and an hour missed
while the process was down is caught up when it is back."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import SEED_TITLE, Harness, started_bot, store_article

SUBSCRIBED, UNSUBSCRIBED, PAUSED, BUTTON = 8101, 8102, 8103, 8104


FRESH_TITLE = "Klaim JHT BPJS Ketenagakerjaan Kini Bisa Lewat Aplikasi"


def store_fresh_story(bot: Harness) -> str:
    """A BPJS Ketenagakerjaan story of this morning (older than pushes go, so only the digest
    carries it): the seed article is from 2020, no news of the last 24 hours."""
    store_article(
        bot.services,
        title=FRESH_TITLE,
        paragraphs=[
            "Peserta BPJS Ketenagakerjaan kini dapat mengajukan klaim Jaminan Hari Tua lewat "
            "aplikasi tanpa datang ke kantor cabang, asalkan saldo di bawah sepuluh juta rupiah."
        ],
        bullets=["Klaim JHT di bawah Rp10 juta cukup lewat aplikasi."],
        url="https://contoh.id/klaim-jht-aplikasi",
        topics=["bpjs-ketenagakerjaan"],
        when=datetime.now(UTC) - timedelta(hours=8),
    )
    return FRESH_TITLE


def hour_ahead(zone: str, hours: int) -> tuple[int, datetime]:
    """The local hour ``hours`` from now in ``zone`` and when it starts (UTC)."""
    local = datetime.now(ZoneInfo(zone)).replace(minute=0, second=0, microsecond=0)
    start = local + timedelta(hours=hours)
    return start.hour, start.astimezone(UTC)


def digests(bot: Harness, chat_id: int) -> list[str]:
    return [
        m.plain_text
        for m in bot.telegram.sent_messages(chat_id)
        if m.plain_text.startswith("📰 Ringkasan berita Anda")
    ]


def test_subscription_changes_need_no_reschedule(tmp_path: Path, fake_telegram: FakeTelegram):
    hour, due = hour_ahead("Asia/Jakarta", 2)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            for reader in (SUBSCRIBED, UNSUBSCRIBED, PAUSED):
                await bot.say(reader, "/langganan bpjs ketenagakerjaan")
            (catalogue,) = await bot.say(BUTTON, "/topik")  # subscribed with a button
            await bot.press(BUTTON, catalogue, "t:bpjs-ketenagakerjaan:0")
            await bot.say(UNSUBSCRIBED, "/berhenti bpjs ketenagakerjaan")
            (panel,) = await bot.say(PAUSED, "/pengaturan")
            await bot.press(PAUSED, panel, "s:p:1")
            for reader in (SUBSCRIBED, UNSUBSCRIBED, PAUSED, BUTTON):
                (panel,) = await bot.say(reader, "/pengaturan")
                await bot.press(reader, panel, f"s:h:{hour}")
            assert not [j for j in bot.app.job_queue.jobs() if (j.name or "").startswith("dig")]

            fresh = store_fresh_story(bot)
            bot.services.clock = lambda: due + timedelta(seconds=20)
            await bot.sweep()
            await wait_for_digests(bot, (SUBSCRIBED, BUTTON))
            assert fresh in digests(bot, SUBSCRIBED)[0]
            assert fresh in digests(bot, BUTTON)[0]
            assert SEED_TITLE not in digests(bot, SUBSCRIBED)[0]  # published in 2020
            await asyncio.sleep(0.5)
            assert digests(bot, UNSUBSCRIBED) == [] and digests(bot, PAUSED) == []

    asyncio.run(scenario())


async def wait_for_digests(bot: Harness, readers: tuple[int, ...], timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not all(digests(bot, reader) for reader in readers):
        if loop.time() > deadline:
            raise TimeoutError(f"no digest for {[r for r in readers if not digests(bot, r)]}")
        await asyncio.sleep(0.05)


def test_a_digest_missed_while_down_goes_out_when_the_bot_is_back(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """Down a minute before the reader's hour, back twenty minutes after it: the digest goes
    out then (the sweep's cursor in the database says the hour was not swept)."""
    hour, due = hour_ahead("Asia/Jayapura", 2)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            await bot.say(SUBSCRIBED, "/langganan bpjs ketenagakerjaan")
            (panel,) = await bot.say(SUBSCRIBED, "/pengaturan")
            await bot.press(SUBSCRIBED, panel, "s:z:WIT")
            await bot.press(SUBSCRIBED, panel, f"s:h:{hour}")
            store_fresh_story(bot)
            bot.services.clock = lambda: due - timedelta(minutes=1)
            await bot.sweep()
        assert digests(bot, SUBSCRIBED) == []
        async with started_bot(tmp_path, fake_telegram) as bot:
            bot.services.clock = lambda: due + timedelta(minutes=20)
            await bot.sweep()
            await wait_for_digests(bot, (SUBSCRIBED,))
            (digest,) = digests(bot, SUBSCRIBED)
            assert FRESH_TITLE in digest

    asyncio.run(scenario())
