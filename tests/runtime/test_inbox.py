"""No reader message is lost: updates are stored before Telegram is told they arrived.

Real ``warta run`` processes against the local Bot API stand-in, killed and restarted; the
webhook server posted to as Telegram would; one chat's messages answered in their order.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from bot.runtime.app import build_application
from bot.runtime.inbox import CONCURRENCY
from bot.runtime.runner import lifecycle
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.harness import make_settings, started_bot, wait_until
from tests.support.pg import fresh_postgres  # noqa: F401  (the pg_dsn fixture)
from tests.support.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
NO_FEEDS = {"Lokal": "http://127.0.0.1:9/rss"}  # nothing listens there: polls fail at once
SECRET = "rahasia-webhook-123"


def inbox_states(db: Path) -> Counter[str]:
    """The inbox as an operator would read it, from a second connection."""
    with sqlite3.connect(db) as conn:
        return Counter(dict(conn.execute("SELECT state, COUNT(*) FROM inbox GROUP BY state")))


def warta_run(tmp_path: Path, db: Path, telegram: FakeTelegram) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.base_url,
        "WARTA_DATABASE": str(db),
        "WARTA_FEEDS": str(write_feeds(tmp_path)),
    }
    log = (tmp_path / "warta.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, stdout=log, stderr=log
    )


def write_feeds(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text('[[feed]]\nname = "Lokal"\nurl = "http://127.0.0.1:9/rss"\n')
    return path


def flood(telegram: FakeTelegram, readers: range, text: str) -> None:
    """Once the bot polls, every reader writes ``text``; returns when the bot has taken
    (confirmed) them all from Telegram."""
    wait_for(lambda: telegram.calls("getUpdates"), 60, "the bot to poll Telegram")
    for user in readers:
        telegram.send_user_message(user, text)
    wait_for(lambda: telegram.pending_updates() == 0, 30, "the updates to be taken")


def restart_until_answered(
    tmp_path: Path, db: Path, telegram: FakeTelegram, readers: range, *, then: Callable[[], Any]
) -> subprocess.Popen[bytes]:
    """Start the bot again; wait until every reader got an answer and ``then()`` holds;
    stop it with SIGTERM. Returns the stopped process."""
    again = warta_run(tmp_path, db, telegram)
    try:
        wait_for(
            lambda: set(readers) <= {m.chat_id for m in telegram.sent_messages()},
            90,
            "every reader to be answered after the restart",
        )
        wait_for(then, 30, "the inbox")
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(timeout=15)
    return again


def test_sigkill_with_updates_in_hand_loses_no_reader_message(tmp_path: Path) -> None:
    """300 readers write at once; the bot is killed as soon as it has taken their messages
    from Telegram; after a restart every reader is answered, and only updates that were
    being handled at the kill may be answered twice."""
    readers = range(1, 301)
    db = tmp_path / "warta.db"
    with FakeTelegram(latency=0.05) as telegram:
        child = warta_run(tmp_path, db, telegram)
        try:
            # Telegram forgets the updates once the bot confirmed them: kill it right then.
            flood(telegram, readers, "/cari bpjs")
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=10)
        answered_at_kill = {m.chat_id for m in telegram.sent_messages()}
        states = inbox_states(db)
        assert sum(states.values()) == len(readers)  # every update was stored
        assert states["working"] <= CONCURRENCY
        assert len(answered_at_kill) < len(readers), "all were answered before the kill"

        again = restart_until_answered(
            tmp_path,
            db,
            telegram,
            readers,
            then=lambda: inbox_states(db) == Counter({"done": 300}),
        )
        per_chat = Counter(m.chat_id for m in telegram.sent_messages())
        assert max(per_chat.values()) <= 2
        assert sum(n - 1 for n in per_chat.values()) <= CONCURRENCY
    assert again.returncode == 0
    assert TOKEN.split(":", 1)[1] not in (tmp_path / "warta.log").read_text()


def test_sigterm_during_a_burst_stops_quickly_and_keeps_the_rest(tmp_path: Path) -> None:
    """A stop in the middle of a burst: the process exits well within Docker's 10 s, and the
    updates it had not handled are answered by the next start."""
    readers = range(1, 201)
    db = tmp_path / "warta.db"
    with FakeTelegram(latency=0.1) as telegram:
        child = warta_run(tmp_path, db, telegram)
        try:
            flood(telegram, readers, "/cari koperasi")
            child.send_signal(signal.SIGTERM)
            began = time.monotonic()
            child.wait(timeout=30)
            took = time.monotonic() - began
        finally:
            if child.poll() is None:
                child.kill()
        assert child.returncode == 0
        assert took < 9, f"the stop took {took:.1f} s"
        assert inbox_states(db)["working"] == 0  # given back, not left claimed

        restart_until_answered(tmp_path, db, telegram, readers, then=lambda: True)
        per_chat = Counter(m.chat_id for m in telegram.sent_messages())
        assert max(per_chat.values()) <= 2


def test_one_chats_messages_are_answered_in_the_order_they_came(
    tmp_path: Path, database_url: str
) -> None:
    async def scenario(telegram: FakeTelegram) -> None:
        async with started_bot(tmp_path, telegram, seed=False, database=database_url) as bot:
            words = ["pajak", "koperasi", "umkm", "bpjs", "prakerja"]
            for user in (11, 12, 13):
                for word in words:
                    telegram.send_user_message(user, f"/cari {word}")
            for user in (11, 12, 13):
                replies = await telegram.wait_for_messages(len(words), user, timeout=30)
                order = [next(w for w in words if w in m.plain_text) for m in replies]
                assert order == words
            await bot.settle()

    with FakeTelegram(latency=0.05) as telegram:
        asyncio.run(scenario(telegram))


def webhook_settings(tmp_path: Path, telegram: FakeTelegram, database: str | Path | None = None):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    return replace(
        make_settings(tmp_path, telegram, NO_FEEDS, database),
        webhook_url="https://warta.example.id/telegram",
        webhook_secret=SECRET,
        listen=("127.0.0.1", port),
    )


def test_webhook_answers_only_once_stored_and_a_redelivery_once(tmp_path: Path) -> None:
    async def scenario(telegram: FakeTelegram) -> None:
        settings = webhook_settings(tmp_path, telegram)
        local = f"http://127.0.0.1:{settings.listen[1]}/telegram"
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with lifecycle(build_application(settings)), httpx.AsyncClient() as client:
            telegram.send_user_message(21, "/start", first_name="Rina")
            (update,) = telegram.take_updates()
            body = json.dumps(update)
            first = await client.post(local, content=body, headers=headers)
            assert first.status_code == 200
            with sqlite3.connect(tmp_path / "warta.db") as conn:
                stored = conn.execute(
                    "SELECT update_id FROM inbox WHERE update_id = ?", (update["update_id"],)
                ).fetchall()
            assert stored, "200 was answered before the update was stored"
            # Telegram did not see the 200 (a timeout) and sends the update again.
            again = await client.post(local, content=body, headers=headers)
            assert again.status_code == 200
            await telegram.wait_for_messages(1, 21)
            await asyncio.sleep(1.0)
            assert len(telegram.sent_messages(21)) == 1

            # Not an update: 400, and the body is not logged.
            junk = await client.post(local, content=b'{"kata": "sandi"}', headers=headers)
            assert junk.status_code == 400

    with FakeTelegram() as telegram:
        asyncio.run(scenario(telegram))


def test_an_update_stored_by_a_dead_process_is_answered_by_the_next(
    tmp_path: Path, database_url: str
) -> None:
    """The inbox itself is what a restart reads: an update stored and claimed by a process
    that died is answered once its claim runs out."""
    from datetime import UTC, datetime, timedelta

    from bot.core.models import IncomingUpdate
    from bot.storage import open_store

    async def scenario(telegram: FakeTelegram) -> None:
        telegram.send_user_message(31, "/bantuan")
        (update,) = telegram.take_updates()
        store = open_store(database_url, clock=lambda: datetime.now(UTC))
        store.store_updates([IncomingUpdate(update["update_id"], 31, json.dumps(update))])
        store.claim_updates("dead-process", limit=1, lease=timedelta(seconds=2))
        store.close()
        async with started_bot(tmp_path, telegram, seed=False, database=database_url) as bot:
            await telegram.wait_for_messages(1, 31, timeout=30)
            await wait_until(lambda: bot.store.inbox_backlog()[0] == 0, timeout=10)

    with FakeTelegram() as telegram:
        asyncio.run(scenario(telegram))


def test_two_bot_processes_behind_one_webhook_share_the_inbox(tmp_path: Path, pg_dsn: str) -> None:
    """Two ``--role bot`` applications on one PostgreSQL database, Telegram posting to either:
    every update is answered once, and each chat's in the order it was sent."""

    async def scenario(telegram: FakeTelegram) -> None:
        first = webhook_settings(tmp_path / "a", telegram, pg_dsn)
        second = webhook_settings(tmp_path / "b", telegram, pg_dsn)
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        urls = [f"http://127.0.0.1:{s.listen[1]}/telegram" for s in (first, second)]
        words = ["pajak", "koperasi", "umkm", "bpjs"]
        async with (
            lifecycle(build_application(first, role="bot")),
            lifecycle(build_application(second, role="bot")),
            httpx.AsyncClient() as client,
        ):
            for word in words:
                for user in range(41, 49):
                    telegram.send_user_message(user, f"/cari {word}")
            updates = telegram.take_updates()
            for n, update in enumerate(updates):  # alternately to each process
                answer = await client.post(urls[n % 2], content=json.dumps(update), headers=headers)
                assert answer.status_code == 200
            for user in range(41, 49):
                replies = await telegram.wait_for_messages(len(words), user, timeout=30)
                assert [next(w for w in words if w in m.plain_text) for m in replies] == words
            await asyncio.sleep(1.0)
            assert len(telegram.sent_messages()) == len(words) * 8

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with FakeTelegram(latency=0.02) as telegram:
        asyncio.run(scenario(telegram))
