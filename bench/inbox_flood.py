"""Flood a real ``warta run`` with readers' messages through the local Bot API stand-in.

The stand-in (``tests/support/fake_telegram.py``, in this process) enforces Telegram's limits
(about 30 messages a second overall, 1 a second per chat); the bot runs as its own process,
by long polling or behind its webhook (this script then plays Telegram: it posts each update
to the webhook, up to 40 at once, and posts again whatever was not answered 200).

Scenarios (each on a fresh database):
- ``burst``: 1,000 readers write at once. Prints how fast updates are stored and acknowledged
  (target >= 300/s), how fast replies leave (target >= 28/s), 429 answers (target 0).
- ``steady``: 100 readers in 10 s. Prints the reply time from arrival, p50/p95 (target
  p95 <= 1 s).
- ``kill``: 1,000 readers within a second, SIGKILL after 3 s, restart. Prints readers never
  answered (target 0) and readers answered twice (at most what was in hand at the kill).
- ``sigterm``: the same with SIGTERM. Prints the time to exit (target <= 5 s) and the lost.
- ``outage`` (PostgreSQL only; a throwaway cluster of its own, started with initdb/pg_ctl as a
  non-root user): readers write steadily while PostgreSQL is stopped for 20 s. Prints lost,
  answered twice, /healthz 503 after the stop and 200 after the return, and how long after
  the return the last waiting reader was answered (target 3 s).

    python -m bench.inbox_flood                               # SQLite, polling, all but outage
    python -m bench.inbox_flood --backend postgres --mode webhook
    python -m bench.inbox_flood --backend postgres --scenario outage
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tests.support.fake_telegram import TOKEN, FakeTelegram, RateLimits
from tests.support.waiting import wait_for

ROOT = Path(__file__).resolve().parent.parent
ADMIN_DSN = os.environ.get("WARTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
SECRET = "bench-webhook-secret"
QUESTION = "/cari bpjs"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


class Deliverer:
    """Plays Telegram's side of a webhook: posts each pending update, 40 at a time, and
    posts again (after a second) what was not answered 200."""

    def __init__(self, telegram: FakeTelegram, url: str) -> None:
        self.telegram = telegram
        self.url = url
        self.not_ok = Counter[int]()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self.waiting: list[dict[str, Any]] = []

    def start(self) -> Deliverer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    @property
    def pending(self) -> int:
        return self.telegram.pending_updates() + len(self.waiting)

    async def _run(self) -> None:
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        limit = asyncio.Semaphore(40)
        async with httpx.AsyncClient(timeout=10) as client:

            async def post(update: dict[str, Any]) -> None:
                async with limit:
                    try:
                        answer = await client.post(
                            self.url, content=json.dumps(update), headers=headers
                        )
                        status = answer.status_code
                    except httpx.HTTPError:
                        status = 0
                if status != 200:
                    self.not_ok[status] += 1
                    await asyncio.sleep(1.0)
                    self.waiting.append(update)

            tasks: set[asyncio.Task[None]] = set()
            while not self._stop.is_set():
                batch = self.telegram.take_updates() + self.waiting
                self.waiting = []
                for update in batch:
                    task = asyncio.create_task(post(update))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                await asyncio.sleep(0.01)
            for task in list(tasks):
                task.cancel()


class Bot:
    """``python -m bot run`` as a process, and what it needs around it."""

    def __init__(self, telegram: FakeTelegram, database: str, mode: str, work: Path) -> None:
        self.telegram = telegram
        self.database = database
        self.mode = mode
        self.work = work
        self.port = free_port()
        self.metrics_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        feeds = work / "feeds.toml"
        feeds.write_text('[[feed]]\nname = "Lokal"\nurl = "http://127.0.0.1:9/rss"\n')
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": telegram.base_url,
            "WARTA_DATABASE": database,
            "WARTA_FEEDS": str(feeds),
            "WARTA_POLL_INTERVAL": "3600",
            "WARTA_METRICS_LISTEN": f"127.0.0.1:{self.metrics_port}",
        }
        if mode == "webhook":
            self.env.update(
                WARTA_WEBHOOK_URL="https://warta.example.id/telegram",
                WARTA_WEBHOOK_SECRET=SECRET,
                WARTA_LISTEN=f"127.0.0.1:{self.port}",
            )

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/telegram"

    def start(self) -> None:
        log = (self.work / "warta.log").open("ab")
        before = len(self.telegram.calls("setWebhook" if self.mode == "webhook" else "getUpdates"))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=self.work,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        method = "setWebhook" if self.mode == "webhook" else "getUpdates"
        wait_for(lambda: len(self.telegram.calls(method)) > before, 90, "the bot to start")

    def signal(self, signum: int) -> float:
        """Send ``signum``; returns the seconds until the process exited."""
        assert self.process is not None
        began = time.monotonic()
        self.process.send_signal(signum)
        self.process.wait(timeout=60)
        return time.monotonic() - began

    def healthz(self) -> int:
        try:
            return httpx.get(f"http://127.0.0.1:{self.metrics_port}/healthz", timeout=2).status_code
        except httpx.HTTPError:
            return 0


class Readers:
    """Readers writing to the bot; when each wrote, and the replies they got."""

    def __init__(self, telegram: FakeTelegram, first: int) -> None:
        self.telegram = telegram
        self.next = first
        self.sent_at: dict[int, float] = {}

    def write(self, count: int, over: float) -> list[int]:
        users = list(range(self.next, self.next + count))
        self.next += count
        began = time.time()
        for n, user in enumerate(users):
            pause = began + over * n / count - time.time()
            if pause > 0:
                time.sleep(pause)
            self.sent_at[user] = time.time()
            self.telegram.send_user_message(user, QUESTION)
        return users

    def replies(self, users: list[int]) -> Counter[int]:
        wanted = set(users)
        return Counter(m.chat_id for m in self.telegram.sent_messages() if m.chat_id in wanted)

    def latencies(self, users: list[int]) -> list[float]:
        first: dict[int, float] = {}
        wanted = set(users)
        for m in self.telegram.sent_messages():
            if m.chat_id in wanted and m.chat_id not in first:
                first[m.chat_id] = m.time
        return [first[u] - self.sent_at[u] for u in users if u in first]


def fresh_database(backend: str, work: Path) -> str:
    if backend == "sqlite":
        return str(work / "warta.db")
    from bot.storage.postgres.admin import create_database

    return create_database(ADMIN_DSN, f"warta_bench_{os.getpid()}_{int(time.time() * 1000)}")


def inbox_count(database: str) -> int:
    from bot.storage import open_store

    store = open_store(database)
    try:
        return store.inbox_backlog()[0]
    finally:
        store.close()


def stored_count(database: str) -> int:
    if database.startswith("postgresql"):
        import psycopg

        with psycopg.connect(database) as conn:
            row = conn.execute("SELECT COUNT(*) FROM inbox").fetchone()
            return int(row[0]) if row else 0
    import sqlite3

    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM inbox").fetchone()[0])


def run_scenario(name: str, backend: str, mode: str, database: str | None = None) -> None:
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeTelegram(rate_limits=RateLimits(), latency=0.02) as telegram,
    ):
        work = Path(tmp)
        db = database or fresh_database(backend, work)
        bot = Bot(telegram, db, mode, work)
        deliverer = Deliverer(telegram, bot.webhook_url) if mode == "webhook" else None
        readers = Readers(telegram, 1_000_000)
        bot.start()
        if deliverer:
            deliverer.start()
        try:
            print(f"\n== {name} ({backend}, {mode}) ==")
            SCENARIOS[name](bot, readers, telegram, db)
        finally:
            if deliverer:
                deliverer.stop()
            if bot.process and bot.process.poll() is None:
                bot.signal(signal.SIGTERM)


def burst(bot: Bot, readers: Readers, telegram: FakeTelegram, db: str) -> None:
    began = time.time()
    users = readers.write(1000, over=0.0)
    wait_for(lambda: stored_count(db) >= 1000, 120, "the updates to be stored")
    stored_in = time.time() - began
    wait_for(lambda: len(readers.replies(users)) == 1000, 300, "every reply")
    times = sorted(m.time for m in telegram.sent_messages())
    span = times[-1] - times[0]
    print(f"stored and acknowledged: {1000 / stored_in:,.0f} updates/s ({stored_in:.2f} s)")
    print(
        f"replies: {len(times) / span:.1f} messages/s over {span:.1f} s; 429s: {telegram.count_429}"
    )
    lat = readers.latencies(users)
    print(
        f"reply time from arrival (saturated): p50 {percentile(lat, 50):.1f} s, "
        f"p95 {percentile(lat, 95):.1f} s"
    )


def steady(bot: Bot, readers: Readers, telegram: FakeTelegram, db: str) -> None:
    users = readers.write(100, over=10.0)
    wait_for(lambda: len(readers.replies(users)) == 100, 60, "every reply")
    lat = readers.latencies(users)
    print(
        f"100 readers in 10 s: reply time from arrival p50 {percentile(lat, 50):.3f} s, "
        f"p95 {percentile(lat, 95):.3f} s, max {max(lat):.3f} s; 429s: {telegram.count_429}"
    )


def _crash(bot: Bot, readers: Readers, telegram: FakeTelegram, db: str, signum: int) -> None:
    users = readers.write(1000, over=1.0)
    time.sleep(max(0.0, readers.sent_at[users[0]] + 3.0 - time.time()))
    answered = len(readers.replies(users))
    took = bot.signal(signum)
    print(
        f"{signal.Signals(signum).name} after 3 s: {answered} readers answered; "
        f"exit took {took:.2f} s"
    )
    bot.start()
    with contextlib.suppress(TimeoutError):
        wait_for(lambda: len(readers.replies(users)) == 1000, 300, "every reply after restart")
    replies = readers.replies(users)
    lost = 1000 - len(replies)
    twice = sum(n - 1 for n in replies.values() if n > 1)
    print(f"after restart: lost {lost}, answered twice {twice}; 429s: {telegram.count_429}")


def kill(bot: Bot, readers: Readers, telegram: FakeTelegram, db: str) -> None:
    _crash(bot, readers, telegram, db, signal.SIGKILL)


def sigterm(bot: Bot, readers: Readers, telegram: FakeTelegram, db: str) -> None:
    _crash(bot, readers, telegram, db, signal.SIGTERM)


def outage(bot: Bot, readers: Readers, telegram: FakeTelegram, db: str) -> None:
    cluster = OUTAGE_CLUSTER[0]
    writing = threading.Event()
    written: list[int] = []

    def keep_writing() -> None:
        while not writing.is_set():
            written.extend(readers.write(5, over=1.0))

    writer = threading.Thread(target=keep_writing, daemon=True)
    writer.start()
    time.sleep(5)
    cluster.take_down()
    stopped, stopped_wall = time.monotonic(), time.time()
    unhealthy = None
    while time.monotonic() - stopped < 20:
        if unhealthy is None and bot.healthz() == 503:
            unhealthy = time.monotonic() - stopped
        time.sleep(0.2)
    cluster.bring_back()
    back, back_wall = time.monotonic(), time.time()
    healthy = None
    while time.monotonic() - back < 30 and healthy is None:
        if bot.healthz() == 200:
            healthy = time.monotonic() - back
        time.sleep(0.2)
    time.sleep(5)
    writing.set()
    writer.join()
    with contextlib.suppress(TimeoutError):
        wait_for(lambda: len(readers.replies(written)) == len(written), 120, "every reply")
    replies = readers.replies(written)
    during = {u for u in written if stopped_wall <= readers.sent_at[u] <= back_wall}
    last: dict[int, float] = {}
    for m in telegram.sent_messages():
        last[m.chat_id] = m.time
    late = [last[u] - back_wall for u in during if u in last]
    told = sum(1 for m in telegram.sent_messages() if m.chat_id in during and "gangguan" in m.text)
    extra = sum(n - 1 for u, n in replies.items() if n > 1 and u not in during)
    print(
        f"readers {len(written)} ({len(during)} wrote during the outage): "
        f"lost {len(written) - len(replies)}; answered twice {extra} (besides the outage notice)"
    )
    print(f"outage notices: {told} for {len(during)} readers who wrote while it lasted")
    if late:
        print(
            f"their answers after the return: p95 {percentile(late, 95):.1f} s, "
            f"max {max(late):.1f} s"
        )
    print(
        f"/healthz 503 after {unhealthy if unhealthy is None else round(unhealthy, 1)} s; "
        f"200 again {healthy if healthy is None else round(healthy, 1)} s after the return"
    )


SCENARIOS: dict[str, Callable[[Bot, Readers, FakeTelegram, str], None]] = {
    "burst": burst,
    "steady": steady,
    "kill": kill,
    "sigterm": sigterm,
    "outage": outage,
}
OUTAGE_CLUSTER: list[Any] = []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--mode", choices=("polling", "webhook"), default="polling")
    parser.add_argument(
        "--scenario", choices=(*SCENARIOS, "all"), default="all", help="all: every but outage"
    )
    args = parser.parse_args(argv)
    names = [n for n in SCENARIOS if n != "outage"] if args.scenario == "all" else [args.scenario]
    for name in names:
        if name == "outage":
            if args.backend != "postgres":
                parser.error("the outage scenario needs --backend postgres")
            from tests.support.postgres import ThrowawayCluster

            cluster = ThrowawayCluster()
            OUTAGE_CLUSTER[:] = [cluster]
            try:
                from bot.storage.postgres.admin import create_database

                dsn = create_database(cluster.url, "warta_outage")
                run_scenario(name, args.backend, args.mode, database=dsn)
            finally:
                cluster.stop()
        else:
            run_scenario(name, args.backend, args.mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
