"""Warta at scale on PostgreSQL: fan-out enqueue, broadcast with roles, takeover, ingestion.

Each part gets a fresh database on the server named by ``--postgres`` (default
``WARTA_TEST_POSTGRES`` or postgresql://postgres@127.0.0.1:5432/postgres), dropped after.

1. enqueue: N readers (default 100,000) subscribe to "bpjs"; one BPJS article is stored;
   ``bot.fanout.fan_out`` (what a worker runs after a poll) matches it, composes the pushes
   and queues them (in chunks, then the transaction moving the cursor). Prints the time
   (target <= 5 s), and the latency of a reply's store calls from another connection, idle
   and during the fan-out (replies must not wait for it).
2. broadcast + takeover: the fake Bot API in its own process enforcing Telegram's limits
   (30/s overall, 1/s per chat); one ``warta run --role bot`` and two ``--role worker``
   processes; M digests (default 3,000, about 100 s) queued with ``enqueue_many``. Halfway
   the elected worker is SIGKILLed. Prints messages/s (target >= 28), 429 answers (target 0),
   the takeover time (kill -> the standby's first message; target <= 10 s), lost messages
   (target 0) and messages sent twice (only those in flight at the kill).
3. ingestion: the local 2,000-page site of ``bench/ingest.py``, ingested by one worker
   process, then (fresh database) by two sharing the feeds through ``claim_due_feeds``.
   Prints articles/s for each and the ratio (target >= 1.6).

    python bench/scale.py [--subscribers 100000] [--broadcast 3000] [--pages 2000]
                          [--only enqueue,broadcast,ingest] [--sqlite]

``--sqlite`` runs part 1 on a SQLite file instead, for comparison (parts 2 and 3 need
PostgreSQL: several processes).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from broadcast import DIGEST, RemoteTelegram  # noqa: E402
from ingest import serve, warm_up  # noqa: E402

from bot.fanout import fan_out  # noqa: E402
from bot.models import FeedSource, NewArticle, NewOutboxMessage  # noqa: E402
from bot.storage import open_store  # noqa: E402
from bot.worker.dedupe import minhash_signature, text_hash  # noqa: E402
from tests.fake_telegram import TOKEN  # noqa: E402

FIRST_READER = 20_000_000
POSTGRES = os.environ.get("WARTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
NO_FEEDS = '[[feed]]\nname = "Tidak ada"\nurl = "http://127.0.0.1:9/rss"\n'
BPJS_TEXT = (
    "Pemerintah memastikan iuran BPJS Kesehatan bagi peserta mandiri tidak naik tahun ini. "
    "Menurut Menteri Kesehatan, dana jaminan sosial masih cukup untuk membayar klaim rumah "
    "sakit hingga akhir tahun. Peserta diminta tetap membayar iuran tepat waktu."
)


class FreshDatabase:
    """A new database on the server (or a SQLite file), dropped afterwards."""

    def __init__(self, admin: str, sqlite_dir: Path | None = None) -> None:
        self.admin = admin
        self.name = f"warta_bench_{uuid.uuid4().hex[:10]}"
        self.sqlite_dir = sqlite_dir

    def __enter__(self) -> str:
        if self.sqlite_dir is not None:
            return str(self.sqlite_dir / f"{self.name}.db")
        from bot.storage.postgres.admin import create_database

        return create_database(self.admin, self.name)

    def __exit__(self, *exc: object) -> None:
        if self.sqlite_dir is None:  # DROP DATABASE can wait minutes for a checkpoint
            code = (
                "import sys; from bot.storage.postgres.admin import drop_database; "
                "drop_database(sys.argv[1], sys.argv[2])"
            )
            subprocess.Popen(
                [sys.executable, "-c", code, self.admin, self.name],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )


def seed_readers(database: str, readers: int) -> float:
    """``readers`` private chats subscribed to the keyword "bpjs"; returns the seconds."""
    start = time.perf_counter()
    stores = [open_store(database) for _ in range(4)]

    def add(part: int) -> None:
        store = stores[part]
        for n in range(part, readers, len(stores)):
            store.upsert_chat(FIRST_READER + n)
            store.add_subscription(FIRST_READER + n, "keyword", "bpjs")

    with ThreadPoolExecutor(len(stores)) as pool:
        list(pool.map(add, range(len(stores))))
    for store in stores:
        store.close()
    return time.perf_counter() - start


def part_enqueue(database: str, readers: int) -> None:
    print(f"1. enqueue: {readers:,} subscribers of 'bpjs', one new BPJS article", flush=True)
    setup = seed_readers(database, readers)
    print(f"   (setup: {readers:,} readers subscribed in {setup:.0f} s)")
    store = open_store(database)
    try:
        now = datetime.now(UTC)
        url = "https://contoh.id/berita/iuran-bpjs"
        store.add_article(
            NewArticle(
                url=url,
                canonical_url=url,
                outlet="Antara",
                title="Iuran BPJS Kesehatan Tidak Naik",
                text=BPJS_TEXT,
                bullets=("Iuran BPJS Kesehatan peserta mandiri tidak naik tahun ini.",),
                published_at=now,
                fetched_at=now,
                text_hash=text_hash(BPJS_TEXT),
                minhash=minhash_signature(BPJS_TEXT),
            )
        )
        idle = reply_probe(database, lambda n: n >= 30)
        done = threading.Event()
        with ThreadPoolExecutor(1) as pool:
            probe = pool.submit(reply_probe, database, lambda _: done.is_set())
            start = time.perf_counter()
            queued = fan_out(store, now=now, max_age=timedelta(hours=6))
            seconds = time.perf_counter() - start
            done.set()
            during = probe.result()
        pending = store.stats().pending
    finally:
        store.close()
    print(f"   fan_out: {queued:,} pushes queued in {seconds:.2f} s (target <= 5 s)")
    print(f"   outbox pending: {pending:,}", flush=True)
    print(f"   a reply's store calls (upsert_chat + search_page), idle: {latency(idle)}")
    print(f"   the same during the fan-out ({len(during)} replies): {latency(during)}", flush=True)


PROBE_CHAT = 7_000_001


def reply_probe(database: str, stop: Callable[[int], bool]) -> list[float]:
    """What answering a reader asks of the store (its chat upserted, a search), every 50 ms
    from another connection, until ``stop(replies so far)``; returns the seconds of each."""
    store = open_store(database)
    times: list[float] = []
    try:
        while not stop(len(times)):
            start = time.perf_counter()
            store.upsert_chat(PROBE_CHAT)
            store.search_page("iuran bpjs")
            times.append(time.perf_counter() - start)
            time.sleep(0.05)
    finally:
        store.close()
    return times


def latency(times: list[float]) -> str:
    if not times:
        return "no samples"
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms"
    )


def start_role(role: str, database: str, api_url: str, workdir: Path) -> subprocess.Popen[str]:
    feeds = workdir / "feeds.toml"
    feeds.write_text(NO_FEEDS, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,  # the one the fake Bot API accepts
        "TELEGRAM_API_URL": api_url,
        "WARTA_DATABASE": database,
        "WARTA_FEEDS": str(feeds),
        "WARTA_POLL_INTERVAL": "600",
    }
    log = open(workdir / f"{role}-{time.monotonic_ns()}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--role", role],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def part_broadcast(database: str, messages: int, workdir: Path) -> None:
    print(
        f"2. broadcast: {messages:,} digests, 1 bot + 2 workers, fake Bot API at 30/s "
        "and 1/s per chat; the elected worker SIGKILLed halfway",
        flush=True,
    )
    telegram = RemoteTelegram()
    store = open_store(database)
    processes: list[subprocess.Popen[str]] = []
    try:
        processes = [
            start_role(role, database, telegram.base_url, workdir)
            for role in ("bot", "worker", "worker")
        ]
        deadline = time.monotonic() + 90
        while store.lease_holder("sender") is None:
            if time.monotonic() > deadline:
                raise TimeoutError("no worker was elected in 90 s")
            await asyncio.sleep(0.2)
        start = time.perf_counter()
        queued = store.enqueue_many(
            [
                NewOutboxMessage(FIRST_READER + n, "digest", DIGEST, f"bench:{n}")
                for n in range(messages)
            ]
        )
        print(f"   enqueue_many: {queued:,} rows in {time.perf_counter() - start:.2f} s")
        killed_at = 0.0
        killed_after = 0
        deadline = time.monotonic() + messages / 20 + 120
        while time.monotonic() < deadline:
            sent = await telegram.sent()
            if not killed_at and len(sent) >= messages // 2:
                holder = store.lease_holder("sender") or ""
                pid = int(holder.split(":")[1])
                victim = next(p for p in processes if p.pid == pid)
                victim.send_signal(signal.SIGKILL)
                killed_at, killed_after = time.time(), len(sent)
            if len({chat for chat, _ in sent}) >= messages:
                break
            await asyncio.sleep(0.5)
        sent = await telegram.sent()
        times = [when for _, when in sent]
        per_chat = Counter(chat for chat, _ in sent)
        before = [t for t in times if t <= killed_at]
        after = [t for t in times if t > killed_at]
        takeover = min(after) - killed_at if after else float("nan")
        stats = await telegram.stats()
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        store.close()
        await telegram.close()
    rate_before = (len(before) - 1) / max(before[-1] - before[0], 1e-9) if before else 0.0
    rate_after = (len(after) - 1) / max(after[-1] - after[0], 1e-9) if len(after) > 1 else 0.0
    lost = messages - len(per_chat)
    twice = sum(1 for n in per_chat.values() if n > 1)
    print(f"   rate before the kill {rate_before:.2f} msg/s, after {rate_after:.2f} (target >= 28)")
    print(f"   429 answers          {stats['count_429']} (target 0)")
    print(f"   killed after {killed_after:,} messages; takeover {takeover:.1f} s (target <= 10)")
    print(f"   lost {lost} (target 0); sent twice {twice} (in flight at the kill)")
    print(f"   whole run {times[-1] - times[0]:.0f} s for {len(times):,} messages", flush=True)


def ingest_child(database: str, feeds_file: str) -> None:
    """Child: warm up, say "ready", wait for "go", poll the claimed feeds once, report."""
    from bot.config import load_settings
    from bot.worker.fetch import Fetcher
    from bot.worker.ingest import build_ingestor
    from bot.worker.role import new_holder

    warm_up()
    settings = load_settings({"WARTA_DATABASE": database, "WARTA_FEEDS": feeds_file}, None)
    store = open_store(database)
    print("ready", flush=True)
    sys.stdin.readline()

    async def poll() -> int:
        async with Fetcher(per_host=8) as fetcher:
            ingestor = build_ingestor(settings, store, fetcher)
            report = await ingestor.poll_once(holder=new_holder())
            return report.new_articles

    print(asyncio.run(poll()), flush=True)
    store.close()


def part_ingest(admin: str, pages: int, feeds: int, workdir: Path) -> None:
    print(f"3. ingestion: {pages:,} local pages in {feeds} feeds, 1 worker vs 2", flush=True)
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(child, pages, feeds, 0.0), daemon=True)
    server.start()
    sources = [FeedSource(name, url) for name, url in parent.recv()]
    feeds_file = workdir / "bench-feeds.toml"
    feeds_file.write_text(
        "".join(f'[[feed]]\nname = "{s.name}"\nurl = "{s.url}"\n\n' for s in sources),
        encoding="utf-8",
    )
    rates: dict[int, float] = {}
    try:
        for workers in (1, 2):
            with FreshDatabase(admin) as database:
                open_store(database).close()  # migrate before the clock starts
                children = [
                    subprocess.Popen(
                        [sys.executable, __file__, "--ingest-child", database, str(feeds_file)],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        text=True,
                        cwd=ROOT,
                    )
                    for _ in range(workers)
                ]
                for c in children:
                    assert c.stdout is not None and c.stdout.readline().strip() == "ready"
                start = time.perf_counter()
                for c in children:
                    assert c.stdin is not None
                    c.stdin.write("go\n")
                    c.stdin.flush()
                stored = 0
                for c in children:
                    assert c.stdout is not None
                    stored += int(c.stdout.readline().strip() or 0)
                    c.wait(timeout=60)
                seconds = time.perf_counter() - start
                store = open_store(database)
                in_db = store.count_articles()
                store.close()
                rates[workers] = in_db / seconds
                print(
                    f"   {workers} worker(s): {in_db:,} articles in {seconds:.1f} s = "
                    f"{rates[workers]:.1f} articles/s (reported by workers: {stored:,})",
                    flush=True,
                )
    finally:
        parent.send("stop")
        server.join(timeout=10)
    print(f"   two workers / one: {rates[2] / rates[1]:.2f}x (target >= 1.6)", flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"   (machine: {os.cpu_count()} CPUs, load average {load}; the page server and")
    print("   PostgreSQL run on the same CPUs)", flush=True)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--ingest-child":
        ingest_child(sys.argv[2], sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=POSTGRES)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--broadcast", type=int, default=3000)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--only", default="enqueue,broadcast,ingest")
    parser.add_argument("--sqlite", action="store_true", help="part 1 on SQLite instead")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if "enqueue" in parts:
            with FreshDatabase(args.postgres, workdir if args.sqlite else None) as database:
                part_enqueue(database, args.subscribers)
        if "broadcast" in parts and not args.sqlite:
            with FreshDatabase(args.postgres) as database:
                open_store(database).close()
                asyncio.run(part_broadcast(database, args.broadcast, workdir))
        if "ingest" in parts and not args.sqlite:
            part_ingest(args.postgres, args.pages, args.feeds, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
