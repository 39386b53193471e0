"""PostgreSQL stops for 20 s under a steady push load: what health and delivery do.

``python -m bench.db_outage [--outage 20] [--rate 10] [--chats 300]``

A throwaway cluster (``initdb``/``pg_ctl``), a real ``warta run --role worker`` process with
``WARTA_METRICS_LISTEN``, the fake Bot API (tests/support) and a thread queueing ``--rate``
pushes a second. After a warm-up the cluster is stopped (``pg_ctl -m fast``) for ``--outage``
seconds and started again. Prints: how long ``/healthz`` took to say 503 and, after the
restart, 200; the slowest ``/healthz`` and ``/metrics`` answers during the outage; and, once
the outbox is drained, pushes lost and pushes sent twice (both must be 0).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bot.core.models import NewOutboxMessage
from bot.storage import open_store
from bot.storage.postgres.admin import create_database
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.postgres import ThrowawayCluster

ROOT = Path(__file__).resolve().parents[1]
LATER = datetime.now(UTC) + timedelta(days=365)  # "claimed before" this: every claim


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Load(threading.Thread):
    """Queues ``rate`` pushes a second, each with its own text; skips while the database is
    down (what a fan-out would do: the article is fanned out again later)."""

    def __init__(self, dsn: str, rate: float, chats: int) -> None:
        super().__init__(name="load", daemon=True)
        self.dsn, self.rate, self.chats = dsn, rate, chats
        self.queued = 0
        self.stop = threading.Event()

    def run(self) -> None:
        store = None
        n = 0
        while not self.stop.wait(1.0 / self.rate):
            try:
                if store is None:
                    store = open_store(self.dsn)
                n += 1
                chat = 1 + n % self.chats
                message = NewOutboxMessage(chat, "push", f"Berita {n}", f"push:{chat}:{n}")
                self.queued += store.enqueue_many([message])
            except Exception:  # the database is down
                if store is not None:
                    store.close()
                store = None
        if store is not None:
            store.close()


def probe(client: httpx.Client, path: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        code = client.get(path).status_code
    except httpx.HTTPError:
        code = 0
    return code, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=10.0, help="pushes queued a second")
    parser.add_argument("--chats", type=int, default=300)
    args = parser.parse_args()
    logging.getLogger("psycopg.pool").setLevel(logging.CRITICAL)  # the load's own reconnects

    cluster = ThrowawayCluster()
    work = Path(tempfile.mkdtemp(prefix="warta-outage-"))
    worker = None
    try:
        dsn = create_database(cluster.url, "warta_outage")
        store = open_store(dsn)
        for chat in range(1, args.chats + 1):
            store.upsert_chat(chat)
        store.close()
        # One feed nobody serves: the worker polls nothing, only sends.
        feeds = '[[feed]]\nname = "Kosong"\nurl = "http://127.0.0.1:9/rss"\n'
        (work / "feeds.toml").write_text(feeds, encoding="utf-8")
        port = free_port()
        with FakeTelegram(latency=0.05) as telegram:
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_API_URL": telegram.base_url,
                "WARTA_DATABASE": dsn,
                "WARTA_FEEDS": str(work / "feeds.toml"),
                "WARTA_METRICS_LISTEN": f"127.0.0.1:{port}",
                "WARTA_POLL_INTERVAL": "600",
            }
            log = (work / "worker.log").open("w")
            worker = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--role", "worker"],
                cwd=work,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30.0)
            deadline = time.monotonic() + 90
            while probe(client, "/healthz")[0] != 200:
                if time.monotonic() > deadline:
                    raise SystemExit("the worker never became healthy; see " + str(work))
                time.sleep(0.2)
            load = Load(dsn, args.rate, args.chats)
            load.start()
            time.sleep(10.0)

            cluster.take_down()
            stopped = time.monotonic()
            to_503 = None
            health_max = metrics_max = 0.0
            while time.monotonic() - stopped < args.outage:
                code, took = probe(client, "/healthz")
                health_max = max(health_max, took)
                if code == 503 and to_503 is None:
                    to_503 = time.monotonic() - stopped
                metrics_max = max(metrics_max, probe(client, "/metrics")[1])
                time.sleep(0.1)
            cluster.bring_back()
            back = time.monotonic()
            while probe(client, "/healthz")[0] != 200:
                time.sleep(0.1)
            to_200 = time.monotonic() - back
            time.sleep(10.0)
            load.stop.set()
            load.join()

            store = open_store(dsn)
            deadline = time.monotonic() + 600
            while store.stats().pending or store.outbox_in_flight(claimed_before=LATER)[0]:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            left = store.stats().pending
            store.close()
            per_text = Counter(m.text for m in telegram.sent_messages())
            twice = sum(1 for n in per_text.values() if n > 1)
            lost = load.queued - len(per_text)
            print(
                f"outage {args.outage:.0f} s, load {args.rate:.0f} pushes/s, {load.queued} queued"
            )
            print(f"/healthz 503 after {to_503 if to_503 is None else round(to_503, 2)} s")
            print(f"/healthz 200 {to_200:.2f} s after the database was back")
            print(
                f"slowest answer during the outage: /healthz {health_max:.2f} s, "
                f"/metrics {metrics_max:.2f} s"
            )
            print(f"pushes sent twice: {twice}; lost: {lost}; still pending: {left}")
    finally:
        if worker is not None and worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        cluster.stop()


if __name__ == "__main__":
    main()
