"""One bot and two workers as real processes on one PostgreSQL database, against the fake
Bot API: the bot answers, one elected worker sends, and a SIGKILL of that worker in the middle
of a broadcast loses nothing (a standby takes over; only in-flight messages may go twice)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bot.core.models import NewOutboxMessage
from bot.storage import open_store
from tests.runtime.test_webhook import NO_FEEDS
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.harness import write_feeds_file
from tests.support.pg import (
    fresh_postgres,  # noqa: F401  (the pg_dsn fixture)
    throwaway_cluster,  # noqa: F401  (the throwaway fixture)
)
from tests.support.postgres import PostgresForTests
from tests.support.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
CHATS = 240
READER = 7301
CONCURRENCY = 8  # the sender's default: at most this many in flight at the kill


def start(role: str, dsn: str, telegram: FakeTelegram, tmp_path: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.base_url,
        "WARTA_DATABASE": dsn,
        "WARTA_FEEDS": str(write_feeds_file(tmp_path / "feeds.toml", NO_FEEDS)),
        "WARTA_POLL_INTERVAL": "600",
    }
    log = open(tmp_path / f"{role}-{time.monotonic_ns()}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--role", role],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(processes: list[subprocess.Popen[str]]) -> None:
    """SIGTERM every process still running, as an operator stops them; kill what hangs."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_bot_and_two_workers_survive_a_sigkill_of_the_sender(pg_dsn: str, tmp_path: Path):
    store = open_store(pg_dsn)  # migrates the fresh database
    processes: list[subprocess.Popen[str]] = []
    with FakeTelegram(latency=0.03) as telegram:
        try:
            processes = [start(role, pg_dsn, telegram, tmp_path) for role in ("bot", "worker")]
            processes.append(start("worker", pg_dsn, telegram, tmp_path))
            leader = wait_for(lambda: store.lease_holder("sender"), 60, "an elected worker")

            # The bot process answers a reader.
            telegram.send_user_message(READER, "/start", first_name="Wulan")
            reply = telegram.wait_for_messages_sync(1, READER, timeout=30)
            assert "Halo, Wulan!" in reply[0].plain_text

            for chat_id in range(1, CHATS + 1):
                store.upsert_chat(chat_id)
            queued = store.enqueue_many(
                [
                    NewOutboxMessage(n, "digest", f"Ringkasan {n}", f"d:{n}")
                    for n in range(1, CHATS + 1)
                ]
            )
            assert queued == CHATS
            telegram.wait_for_messages_sync(CHATS // 3, timeout=60)
            leader_pid = int(leader.split(":")[1])
            victim = next(p for p in processes if p.pid == leader_pid)
            victim.send_signal(signal.SIGKILL)
            killed_at = time.time()
            victim.wait(timeout=10)
            sent_at_kill = len(telegram.sent_messages()) - 1  # the reply to /start

            everyone = set(range(1, CHATS + 1))
            wait_for(
                lambda: everyone <= {m.chat_id for m in telegram.sent_messages()},
                60,
                "every chat to get its message",
            )
            new_leader = store.lease_holder("sender")
            assert new_leader is not None and new_leader != leader
            after = [m.time for m in telegram.sent_messages() if m.time > killed_at]
            takeover = min(after) - killed_at
            per_chat = Counter(m.chat_id for m in telegram.sent_messages() if m.chat_id != READER)
            twice = [chat for chat, n in per_chat.items() if n > 1]
            assert max(per_chat.values()) <= 2
            assert len(twice) <= CONCURRENCY  # only what was in flight at the kill
            print(
                f"killed the sender after {sent_at_kill} messages; takeover {takeover:.1f} s; "
                f"{len(twice)} sent twice"
            )
        finally:
            stop(processes)
            store.close()
    stopped = [p.returncode for p in processes if p.returncode != -signal.SIGKILL]
    assert stopped == [0, 0], [p.read_text()[-2000:] for p in tmp_path.glob("*.log")]


def test_role_all_beside_a_worker_shares_the_sender_lease(pg_dsn: str, tmp_path: Path):
    """``--role all`` on PostgreSQL sends only while it holds the lease: run beside a worker,
    one of the two sends, every message once, within Telegram's limits."""
    store = open_store(pg_dsn)
    processes: list[subprocess.Popen[str]] = []
    with FakeTelegram(latency=0.01) as telegram:
        try:
            processes = [start(role, pg_dsn, telegram, tmp_path) for role in ("all", "worker")]
            wait_for(lambda: store.lease_holder("sender"), 60, "an elected sender")
            telegram.send_user_message(READER, "/start", first_name="Wulan")
            reply = telegram.wait_for_messages_sync(1, READER, timeout=30)
            assert "Halo, Wulan!" in reply[0].plain_text

            for chat_id in range(1, CHATS + 1):
                store.upsert_chat(chat_id)
            store.enqueue_many(
                [
                    NewOutboxMessage(n, "digest", f"Ringkasan {n}", f"d:{n}")
                    for n in range(1, CHATS + 1)
                ]
            )
            everyone = set(range(1, CHATS + 1))
            wait_for(
                lambda: everyone <= {m.chat_id for m in telegram.sent_messages()},
                60,
                "every chat to get its message",
            )
            time.sleep(1.0)  # a second sender, if there were one, would show here
            per_chat = Counter(m.chat_id for m in telegram.sent_messages() if m.chat_id != READER)
            assert set(per_chat.values()) == {1}
            assert telegram.count_429 == 0
        finally:
            stop(processes)
            store.close()
    assert [p.returncode for p in processes] == [0, 0], [
        p.read_text()[-2000:] for p in tmp_path.glob("*.log")
    ]


def test_a_broadcast_goes_on_after_the_database_restarts(
    throwaway: PostgresForTests, tmp_path: Path
):
    """The database restarts in the middle of a broadcast: the worker reconnects and goes
    on; every message arrives, only those in flight at the restart may arrive twice."""
    cluster = throwaway.cluster
    assert cluster is not None
    dsn = throwaway.fresh()
    store = open_store(dsn)
    for chat_id in range(1, CHATS + 1):
        store.upsert_chat(chat_id)
    store.close()
    with FakeTelegram(latency=0.03) as telegram:
        worker = start("worker", dsn, telegram, tmp_path)
        try:
            store = open_store(dsn)
            wait_for(lambda: store.lease_holder("sender"), 60, "an elected worker")
            store.enqueue_many(
                [
                    NewOutboxMessage(n, "digest", f"Ringkasan {n}", f"d:{n}")
                    for n in range(1, CHATS + 1)
                ]
            )
            telegram.wait_for_messages_sync(CHATS // 4, timeout=60)
            cluster.restart()
            sent_at_restart = len(telegram.sent_messages())
            assert sent_at_restart < CHATS, "the broadcast ended before the restart"
            everyone = set(range(1, CHATS + 1))
            wait_for(
                lambda: everyone <= {m.chat_id for m in telegram.sent_messages()},
                90,
                "every chat to get its message after the restart",
            )
            per_chat = Counter(m.chat_id for m in telegram.sent_messages())
            assert max(per_chat.values()) <= 2
            assert sum(n - 1 for n in per_chat.values()) <= CONCURRENCY
            wait_for(lambda: store.stats().pending == 0, 30, "the outbox to be empty")
            store.close()
        finally:
            stop([worker])
    assert worker.returncode == 0, [p.read_text()[-2000:] for p in tmp_path.glob("*.log")]
