"""PostgreSQL stops while readers write: nothing they send is lost, each is told once that
Warta has trouble, and everyone is answered when the database is back."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.present import texts
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import started_bot, wait_until
from tests.support.pg import throwaway_cluster  # noqa: F401  (the throwaway fixture)
from tests.support.postgres import PostgresForTests


def test_readers_writing_during_an_outage_are_told_once_and_answered_after(
    throwaway: PostgresForTests, tmp_path: Path
) -> None:
    cluster = throwaway.cluster
    assert cluster is not None
    dsn = throwaway.fresh()

    async def scenario(telegram: FakeTelegram) -> None:
        async with started_bot(tmp_path, telegram, seed=False, database=dsn) as bot:
            await bot.say(61, "/cari pajak")  # working before the outage
            await asyncio.to_thread(cluster.take_down)
            for user in (61, 62, 63):
                telegram.send_user_message(user, "/cari bpjs")
            for user in (61, 62, 63):
                told = await telegram.wait_for_messages(2 if user == 61 else 1, user, timeout=60)
                assert told[-1].plain_text == texts.DATABASE_TROUBLE
            await asyncio.sleep(2)  # still down: nobody is told twice
            assert len(telegram.sent_messages(62)) == 1
            await asyncio.to_thread(cluster.bring_back)
            for user in (61, 62, 63):
                replies = await telegram.wait_for_messages(3 if user == 61 else 2, user, timeout=60)
                assert "bpjs" in replies[-1].plain_text.lower()
            await wait_until(lambda: bot.store.inbox_backlog()[0] == 0, timeout=30)
            await asyncio.sleep(1)
            assert [len(telegram.sent_messages(u)) for u in (61, 62, 63)] == [3, 2, 2]

    with FakeTelegram() as telegram:
        asyncio.run(scenario(telegram))
