"""The sender when the database fails around a send: an outcome it could not record is
recorded later and the message is never sent twice; a stale claim is put back by the live
sender (real SQLite files and PostgreSQL databases, the fake Bot API)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import telegram

from bot.core import metrics
from bot.delivery.recorder import OutcomeRecorder
from bot.delivery.sender import Sender
from bot.storage import Store
from tests.support.fake_telegram import TOKEN, FakeTelegram

if TYPE_CHECKING:
    from tests.conftest import StoreFactory

FAST = {"global_rate": 200.0, "per_chat_interval": 0.02, "backoff_base": 0.05, "idle_poll": 0.2}


async def until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Wait for ``condition`` (checked in a thread: it may read the store)."""
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(condition):
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def stuck_total() -> float:
    """``warta_outbox_stuck_total`` of this process."""
    return metrics.REGISTRY.get_sample_value("warta_outbox_stuck_total") or 0.0


def status(store: Store, message_id: int) -> str:
    message = store.get_message(message_id)
    assert message is not None
    return message.status


def test_a_push_sent_while_the_file_is_locked_is_recorded_later_and_sent_once(
    sqlite_store: Store, store_path: Path
) -> None:
    store = sqlite_store
    message = store.enqueue(41, "push", "Berita penting", dedupe_key="push:41:1")
    assert message is not None
    recorder = OutcomeRecorder(store, backoff_base=0.1, backoff_max=0.5)
    locker = sqlite3.connect(store_path, isolation_level=None, timeout=30)

    async def main(server: FakeTelegram) -> None:
        async with telegram.Bot(TOKEN, base_url=server.bot_base_url) as bot:
            first = Sender(bot, store, recorder=recorder, **FAST)
            task = asyncio.create_task(first.run())
            await until(lambda: status(store, message) == "sending", 20, "the claim")
            # Another writer takes the file while the HTTP call is on its way (latency).
            locker.execute("BEGIN EXCLUSIVE")
            await server.wait_for_messages(1, 41, timeout=20)
            await until(lambda: len(recorder) == 1, 30, "the outcome to be held")
            await first.stop()
            await asyncio.wait_for(task, timeout=30)

            # A new sender starts while the file is still locked: it must not requeue (and
            # send again) what the recorder holds.
            second = Sender(bot, store, recorder=recorder, **FAST)
            task = asyncio.create_task(second.run())
            await asyncio.sleep(1.0)
            locker.execute("COMMIT")
            await until(lambda: len(recorder) == 0, 30, "the outcome to be recorded")
            await until(lambda: status(store, message) == "sent", 30, "the row to say sent")
            await asyncio.sleep(1.0)  # a second send, if there were one, would show here
            await second.stop()
            await asyncio.wait_for(task, timeout=30)

    try:
        with FakeTelegram(latency=1.5) as server:
            asyncio.run(main(server))
            assert len(server.calls("sendMessage")) == 1
            recorded = locker.execute(
                "SELECT status, telegram_message_id FROM outbox WHERE id = ?", (message,)
            ).fetchone()
            assert recorded == ("sent", server.sent_messages(41)[0].message_id)
    finally:
        locker.close()
    assert recorder.recorded == 1 and recorder.given_up == 0


def test_a_stale_claim_is_put_back_by_the_live_sender(store_factory: StoreFactory) -> None:
    """Rows left 'sending' (a dead process, a lost outcome) are sent by the running sender
    once their claim is older than the claim timeout; younger claims are left alone."""
    store = store_factory()
    long_ago = datetime.now(UTC) - timedelta(minutes=10)
    elsewhere = store_factory(clock=lambda: long_ago)  # another process, claiming long ago
    stuck_before = stuck_total()

    async def main(server: FakeTelegram) -> tuple[int, int]:
        async with telegram.Bot(TOKEN, base_url=server.bot_base_url) as bot:
            sender = Sender(bot, store, claim_timeout=60.0, stale_every=0.2, **FAST)
            task = asyncio.create_task(sender.run())
            await asyncio.sleep(0.5)  # started: its start-up requeue is behind it
            stale = await asyncio.to_thread(
                store.enqueue, 51, "push", "Tertinggal", dedupe_key="push:51:1"
            )
            fresh = await asyncio.to_thread(
                store.enqueue, 52, "push", "Sedang dikirim", dedupe_key="push:52:1"
            )
            assert stale is not None and fresh is not None
            await asyncio.to_thread(elsewhere.mark_sending, stale)
            await asyncio.to_thread(store.mark_sending, fresh)  # claimed just now
            await server.wait_for_messages(1, 51, timeout=30)
            await asyncio.sleep(1.0)
            await sender.stop()
            await asyncio.wait_for(task, timeout=30)
            return stale, fresh

    with FakeTelegram() as server:
        stale, fresh = asyncio.run(main(server))
        assert [m.chat_id for m in server.sent_messages()] == [51]
    assert status(store, stale) == "sent"
    assert status(store, fresh) == "sending"  # younger than the timeout: not touched
    assert stuck_total() == stuck_before + 1
