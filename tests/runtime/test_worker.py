"""The loops of roles all and worker as JobQueue jobs: who sends, with or without the lease."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.runtime.app import build_application
from bot.runtime.runner import lifecycle
from bot.runtime.worker import LEASE, SENDER_JOB, SWEEP_JOB
from tests.runtime.test_webhook import NO_FEEDS
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import make_settings, wait_until
from tests.support.loop_guard import unguarded


def test_role_all_on_sqlite_sends_without_a_lease(tmp_path: Path) -> None:
    async def scenario(telegram: FakeTelegram) -> None:
        app = build_application(make_settings(tmp_path, telegram, NO_FEEDS))
        async with lifecycle(app):
            worker = app.bot_data.worker
            assert worker is not None and worker.leading  # from the start
            names = {job.name for job in app.job_queue.jobs()}
            assert {SENDER_JOB, SWEEP_JOB, "poll"} <= names
            store = unguarded(app.bot_data.store)
            store.upsert_chat(42)
            store.enqueue(42, "push", "Kabar", dedupe_key="a:42")
            app.bot_data.wake_sender()
            await telegram.wait_for_messages(1, 42, timeout=20)
            assert store.lease_holder(LEASE) is None

    with FakeTelegram() as telegram:
        asyncio.run(scenario(telegram))


def test_a_sender_whose_lease_is_not_renewed_stands_down(tmp_path: Path) -> None:
    """At shutdown PTB stops the JobQueue, and with it the lease renewals, before post_stop
    stops the sender (and waits for a poll under way first): the sender stops by itself
    before another process could take the lease over."""

    async def scenario(telegram: FakeTelegram) -> None:
        app = build_application(make_settings(tmp_path, telegram, NO_FEEDS), role="worker")
        async with lifecycle(app):
            worker = app.bot_data.worker
            assert worker is not None
            await wait_until(lambda: worker.leading, timeout=20, what="the election")
            assert worker.sender_alive
            assert app.job_queue is not None
            await app.job_queue.stop()
            await wait_until(
                lambda: not worker.leading and not worker.sender_alive,
                timeout=20,
                what="the sender standing down",
            )

    with FakeTelegram() as telegram:
        asyncio.run(scenario(telegram))
