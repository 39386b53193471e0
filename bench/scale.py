"""Warta at scale on PostgreSQL: fan-out enqueue, broadcast with roles, takeover, ingestion.

Each part gets a fresh database on the server named by ``--postgres`` (default
``WARTA_TEST_POSTGRES`` or postgresql://postgres@127.0.0.1:5432/postgres), dropped after.

1. enqueue: N readers (default 100,000) subscribe to "bpjs"; a BPJS article is stored;
   ``bot.delivery.fanout.fan_out`` (what a worker runs after a poll) matches it, composes the pushes
   and queues them (in chunks, then the transaction moving the cursor). Prints the time
   (target <= 5 s). Then a second story, fanned out while another process makes a reply's
   store calls every 50 ms: the fan-out's time, and the replies' latency idle and during it
   (replies must not wait for it).
2. broadcast + takeover: the fake Bot API in its own process enforcing Telegram's limits
   (30/s overall, 1/s per chat); one ``warta run --role bot`` and two ``--role worker``
   processes; M digests (default 3,000, about 100 s) queued with ``enqueue_many``. Halfway
   the elected worker is SIGKILLed. Prints messages/s (target >= 28), 429 answers (target 0),
   the takeover time (kill -> the standby's first message; target <= 10 s), lost messages
   (target 0) and messages sent twice (only those in flight at the kill).
3. ingestion: the local 2,000-page site of ``bench/ingest.py``, ingested by one worker
   process, then (fresh database) by two sharing the feeds through ``claim_due_feeds``.
   Prints articles/s for each and the ratio (target >= 1.6). Because the machine may be
   shared, also figures that do not depend on how busy it is: per worker, its articles,
   when it finished and its CPU seconds per article; the CPU per article of the workers,
   the PostgreSQL backends and the page server; and what the workers' server backends were
   doing, sampled every 50 ms in ``pg_stat_activity`` and ``pg_locks`` (on CPU, waiting for
   the article lock or a band lock, flushing WAL, idle in a transaction while the worker
   works), with the share of samples in which the article lock was held and by whom.

    python -m bench.scale [--subscribers 100000] [--broadcast 3000] [--pages 2000]
                          [--only enqueue,broadcast,ingest] [--sqlite]

``--sqlite`` runs part 1 on a SQLite file instead, for comparison (parts 2 and 3 need
PostgreSQL: several processes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
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
from typing import Any

from bench.broadcast import DIGEST, RemoteTelegram
from bench.ingest import serve, warm_up
from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import FeedSource, NewArticle, NewOutboxMessage
from bot.delivery.fanout import fan_out
from bot.storage import Store, open_store
from tests.support.fake_telegram import TOKEN

ROOT = Path(__file__).resolve().parent.parent
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


SECOND_TEXT = (
    "BPJS Ketenagakerjaan membuka layanan baru bagi pekerja informal di desa nelayan. Kantor "
    "cabang menambah loket pendaftaran pada akhir pekan, dan pekerja dapat mendaftar lewat "
    "aplikasi di ponsel tanpa antre."
)


def store_news(store: Store, n: int, title: str, text: str, now: datetime) -> None:
    url = f"https://contoh.id/berita/bpjs-{n}"
    store.add_article(
        NewArticle(
            url=url,
            canonical_url=url,
            outlet="Antara",
            title=title,
            text=text,
            bullets=(text.split(". ")[0] + ".",),
            published_at=now,
            fetched_at=now,
            text_hash=text_hash(text),
            minhash=minhash_signature(text),
        )
    )


def part_enqueue(database: str, readers: int) -> None:
    print(f"1. enqueue: {readers:,} subscribers of 'bpjs', a new BPJS story, twice", flush=True)
    setup = seed_readers(database, readers)
    print(f"   (setup: {readers:,} readers subscribed in {setup:.0f} s)")
    store = open_store(database)
    try:
        now = datetime.now(UTC)
        store_news(store, 1, "Iuran BPJS Kesehatan Tidak Naik", BPJS_TEXT, now)
        start = time.perf_counter()
        queued = fan_out(store, now=now, max_age=timedelta(hours=6))
        alone = time.perf_counter() - start
        print(f"   fan_out alone: {queued:,} pushes queued in {alone:.2f} s (target <= 5 s)")

        idle = reply_probe(database, lambda n: n >= 30)
        store_news(store, 2, "Layanan BPJS untuk Pekerja Informal", SECOND_TEXT, now)
        # The replies come from another process, as from a bot process beside the worker.
        done, results = multiprocessing.Event(), multiprocessing.Queue()
        probe = multiprocessing.Process(target=probe_child, args=(database, done, results))
        probe.start()
        results.get(timeout=60)  # the probe is connected
        start = time.perf_counter()
        queued = fan_out(store, now=now, max_age=timedelta(hours=6))
        seconds = time.perf_counter() - start
        done.set()
        during = results.get(timeout=60)
        probe.join(timeout=10)
        pending = store.stats().pending
    finally:
        store.close()
    print(f"   fan_out with a reader's replies beside it: {queued:,} in {seconds:.2f} s")
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


def probe_child(database: str, done: Any, results: Any) -> None:
    """Child process: say ready, then :func:`reply_probe` until ``done`` is set."""
    results.put("ready")
    results.put(reply_probe(database, lambda _: done.is_set()))


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
    """Child: warm up, say "ready", wait for "go", poll the claimed feeds once, report one
    JSON line: articles stored, wall and CPU seconds (all threads) from "go" to the end, and
    the seconds the ingestor's stages took (summed over threads, so they overlap)."""
    from bot.core.config import load_settings
    from bot.ingest.fetch import Fetcher
    from bot.ingest.pipeline import build_ingestor
    from bot.runtime.worker import new_holder

    warm_up()
    settings = load_settings({"WARTA_DATABASE": database, "WARTA_FEEDS": feeds_file}, None)
    store = open_store(database)
    stages: Counter[str] = Counter()
    lock = threading.Lock()

    def on_stage(stage: str, seconds: float) -> None:
        with lock:
            stages[stage] += seconds

    print("ready", flush=True)
    sys.stdin.readline()

    async def poll() -> int:
        async with Fetcher(per_host=8) as fetcher:
            ingestor = build_ingestor(settings, store, fetcher, on_stage=on_stage)
            report = await ingestor.poll_once(holder=new_holder())
            return report.new_articles

    start, cpu = time.perf_counter(), _cpu_seconds()
    stored = asyncio.run(poll())
    result = {
        "stored": stored,
        "seconds": time.perf_counter() - start,
        "cpu": _cpu_seconds() - cpu,
        "stages": dict(stages),
    }
    print(json.dumps(result), flush=True)
    store.close()


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class WaitSampler(threading.Thread):
    """Samples ``pg_stat_activity`` of one database every ``interval`` seconds: what each
    server backend of the workers is doing (on CPU, waiting on a lock and which, on I/O, or
    idle in a transaction while its client works), and the backends' CPU time (from /proc,
    the server is local). A contention-independent view: shares of samples, not wall time."""

    def __init__(self, database: str, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.database = database
        self.interval = interval
        self.samples: Counter[str] = Counter()
        self.holder: Counter[str] = Counter()  # the same, for the ARTICLE_LOCK holder
        self.ticks = 0
        self.backend_cpu: dict[int, float] = {}
        self._stop_event = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.database, autocommit=True) as conn:
            while not self._stop_event.wait(self.interval):
                # An advisory lock with one bigint key is ARTICLE_LOCK (objsubid 1); with
                # two int4 keys, a band lock (objsubid 2).
                rows = conn.execute(
                    "SELECT s.pid, s.state, s.wait_event_type, s.wait_event, "
                    "MIN(l.objsubid) FILTER (WHERE NOT l.granted), "
                    "bool_or(l.granted AND l.objsubid = 1) "
                    "FROM pg_stat_activity s LEFT JOIN pg_locks l "
                    "ON l.pid = s.pid AND l.locktype = 'advisory' "
                    "WHERE s.datname = current_database() AND s.pid <> pg_backend_pid() "
                    "AND s.backend_type = 'client backend' GROUP BY 1, 2, 3, 4"
                ).fetchall()
                self.ticks += 1
                for pid, state, wait_type, wait, advisory, holder in rows:
                    self.backend_cpu[pid] = _proc_cpu(pid, self.backend_cpu.get(pid, 0.0))
                    if state == "active" and advisory is not None:
                        key = "Lock:advisory " + ("(article)" if advisory == 1 else "(band)")
                    elif state == "active":
                        key = f"{wait_type}:{wait}" if wait_type else "on CPU"
                    elif state == "idle in transaction":
                        key = "idle in transaction"
                    else:
                        continue
                    self.samples[key] += 1
                    if holder:
                        self.holder[key] += 1

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=10)


def _proc_cpu(pid: int, last: float) -> float:
    """CPU seconds of a local process so far (``last`` when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return last
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
                        [
                            sys.executable,
                            "-m",
                            "bench.scale",
                            "--ingest-child",
                            database,
                            str(feeds_file),
                        ],
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        text=True,
                        cwd=ROOT,
                    )
                    for _ in range(workers)
                ]
                for c in children:
                    assert c.stdout is not None and c.stdout.readline().strip() == "ready"
                sampler = WaitSampler(database)
                server_cpu = _proc_cpu(server.pid or 0, 0.0)
                sampler.start()
                start = time.perf_counter()
                for c in children:
                    assert c.stdin is not None
                    c.stdin.write("go\n")
                    c.stdin.flush()
                results = []
                for c in children:
                    assert c.stdout is not None
                    results.append(json.loads(c.stdout.readline()))
                    c.wait(timeout=60)
                seconds = time.perf_counter() - start
                sampler.stop()
                server_cpu = _proc_cpu(server.pid or 0, server_cpu) - server_cpu
                store = open_store(database)
                in_db = store.count_articles()
                store.close()
                rates[workers] = in_db / seconds
                stored = sum(r["stored"] for r in results)
                print(
                    f"   {workers} worker(s): {in_db:,} articles in {seconds:.1f} s = "
                    f"{rates[workers]:.1f} articles/s (reported by workers: {stored:,})",
                    flush=True,
                )
                report_ingest(results, sampler, server_cpu, in_db, seconds)
    finally:
        parent.send("stop")
        server.join(timeout=10)
    print(f"   two workers / one: {rates[2] / rates[1]:.2f}x (target >= 1.6)", flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"   (machine: {os.cpu_count()} CPUs, load average {load}; the page server and")
    print("   PostgreSQL run on the same CPUs)", flush=True)


def report_ingest(
    results: list[dict], sampler: WaitSampler, server_cpu: float, articles: int, seconds: float
) -> None:
    """Per worker: articles, wall and CPU seconds, time in add_article/has_article; then the
    CPU per article of workers, server backends and page server, and what the backends
    were doing when sampled."""
    for n, r in enumerate(results, 1):
        print(
            f"     worker {n}: {r['stored']:,} articles, done after {r['seconds']:.1f} s, "
            f"CPU {r['cpu']:.1f} s = {1000 * r['cpu'] / max(r['stored'], 1):.1f} ms/article; "
            f"store calls {r['stages'].get('store', 0.0):.1f} s (summed over threads)"
        )
    worker_cpu = sum(r["cpu"] for r in results)
    backend_cpu = sum(sampler.backend_cpu.values())
    per = 1000 / max(articles, 1)
    total_cpu = worker_cpu + backend_cpu + server_cpu
    print(
        f"     CPU per article: workers {worker_cpu * per:.1f} ms, PostgreSQL backends "
        f"{backend_cpu * per:.1f} ms, page server {server_cpu * per:.1f} ms; in all "
        f"{total_cpu * per:.1f} ms ({articles / max(total_cpu, 1e-9):.1f} articles per CPU "
        f"second; {total_cpu / max(seconds, 1e-9):.2f} of the {os.cpu_count()} CPUs used)"
    )
    total = sum(sampler.samples.values()) or 1
    shares = ", ".join(f"{key} {100 * n / total:.0f}%" for key, n in sampler.samples.most_common(6))
    print(f"     busy backends sampled ({total:,}): {shares}", flush=True)
    ticks = sampler.ticks or 1
    held = ", ".join(f"{key} {100 * n / ticks:.0f}%" for key, n in sampler.holder.most_common(4))
    print(
        f"     article lock held in {100 * sum(sampler.holder.values()) / ticks:.0f}% of "
        f"{ticks:,} samples; its holder: {held}",
        flush=True,
    )


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
