"""Ingestion throughput, end to end, on a local server.

Serves N article pages (default 2,000) across F feeds (default 20) from a local HTTP server
(``tests/support/feedserver.py``). Pages are synthesized from the real IndoSum dev articles in
``bench/data/indosum-dev.jsonl``, wrapped in news-site HTML; each page combines one article
with a paragraph of another (as its second paragraph) so that every text is distinct: the
same base article in several pages is one story, not a duplicate.
Then one ``Ingestor.poll_once()`` ingests them all into a fresh SQLite store, and a second
poll measures the all-304 case.

Prints articles ingested per second (the concurrent run, as the bot polls), then the share
of time spent in each stage, from the Ingestor's timing hook: fetch (feed + page
downloads), parse, extract, summarize, tag (topics + hashes) and store (SQLite lookups and
inserts). In the concurrent run stages overlap and compete for the GIL, so the shares are
measured in a separate SEQUENTIAL run over the first ``--profile-feeds`` feeds (one feed and
one entry at a time, fresh database), where stage times add up to the wall-clock time.

``--latency`` makes every page wait before answering, like a remote site: with it the
concurrent run shows what overlapping downloads buy.

    python -m bench.ingest [--pages 2000] [--feeds 20] [--per-host 8] [--profile-feeds 2]
                           [--feed-concurrency 4] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from multiprocessing.connection import Connection
from pathlib import Path

from bench.corpus import read_records, slug_title
from bot.core.config import SEEDS_DIR
from bot.core.models import FeedSource
from bot.core.topics import load_topics
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import Ingestor, IngestReport
from bot.storage import open_store
from tests.support.feedserver import FeedServer, article_page, rss_feed, rss_item

STAGES = ("fetch", "parse", "extract", "summarize", "tag", "store")


def title_of(article: dict[str, str]) -> str:
    """The id's title slug, spaced and capitalised."""
    return slug_title(article["id"]).capitalize()[:120]


def publish(server: FeedServer, pages: int, feeds: int, latency: float = 0.0) -> list[FeedSource]:
    """Serve ``pages`` synthesized article pages listed across ``feeds`` RSS feeds."""
    articles = read_records()
    items: dict[int, list[str]] = defaultdict(list)
    for n in range(pages):
        base = articles[n % len(articles)]
        round_ = n // len(articles)
        other = articles[(n + 1 + 37 * round_) % len(articles)]
        paragraphs = [p for p in base["text"].split("\n\n") if p.strip()]
        extra = max(other["text"].split("\n\n"), key=len)  # a real paragraph, not a tag
        title = title_of(base) + (f" ({round_ + 1})" if round_ else "")
        path = f"/berita/{n}/{base['id'][:60]}"
        body = [paragraphs[0], extra, *paragraphs[1:]]
        server.set(path, article_page(title, body, site="Warta Bench"), delay=latency)
        lead = paragraphs[0][:300]
        items[n % feeds].append(rss_item(title, server.url(path), lead))
    sources = []
    for f in range(feeds):
        path = f"/feed/{f}/rss"
        server.set(path, rss_feed(items[f], title=f"Outlet {f}"), etag=True)
        sources.append(FeedSource(name=f"Outlet {f}", url=server.url(path)))
    return sources


async def run_polls(
    db: Path,
    sources: list[FeedSource],
    per_host: int,
    feed_concurrency: int,
    entry_concurrency: int = 4,
) -> tuple[IngestReport, float, IngestReport, float, dict[str, float]]:
    stage_time: dict[str, float] = defaultdict(float)
    lock = threading.Lock()

    def on_stage(stage: str, seconds: float) -> None:
        key = "fetch" if stage.endswith("_fetch") else stage
        with lock:
            stage_time[key] += seconds

    store = open_store(db)
    topics = load_topics(SEEDS_DIR / "topics.toml")
    try:
        async with Fetcher(per_host=per_host) as fetcher:
            ingestor = Ingestor(
                store,
                fetcher,
                sources,
                topics,
                feed_concurrency=feed_concurrency,
                entry_concurrency=entry_concurrency,
                on_stage=on_stage,
            )
            start = time.perf_counter()
            first = await ingestor.poll_once()
            first_seconds = time.perf_counter() - start
            timings = dict(stage_time)
            start = time.perf_counter()
            second = await ingestor.poll_once()
            second_seconds = time.perf_counter() - start
    finally:
        store.close()
    return first, first_seconds, second, second_seconds, timings


def serve(conn: Connection, pages: int, feeds: int, latency: float) -> None:
    """Child process: serve the pages until the parent says stop (keeps the server's work
    off the measured process's GIL)."""
    with FeedServer() as server:
        sources = publish(server, pages, feeds, latency)
        conn.send([(s.name, s.url) for s in sources])
        conn.recv()


def warm_up() -> float:
    """Load what a running bot has loaded already (trafilatura, the stemmer's dictionary,
    the summarizer's model), so the runs time ingestion rather than process start-up."""
    start = time.perf_counter()
    from summaries import summarize
    from summaries.extract import extract_article
    from summaries.stem import stem

    stem("berkoperasi")
    text = "Koperasi desa mulai bekerja. Anggota koperasi membayar iuran. Pemerintah membantu."
    summarize(text, bullets=1)
    extract_article(article_page("Koperasi", [text] * 3), "http://localhost/x")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--per-host", type=int, default=8, help="fetcher's per-host limit")
    parser.add_argument("--feed-concurrency", type=int, default=4)
    parser.add_argument("--profile-feeds", type=int, default=2, help="feeds in the stage run")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds each page waits before answering"
    )
    args = parser.parse_args()

    warm_seconds = warm_up()
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(
        target=serve, args=(child, args.pages, args.feeds, args.latency), daemon=True
    )
    server.start()
    try:
        sources = [FeedSource(name, url) for name, url in parent.recv()]
        tmp = tempfile.mkdtemp(prefix="warta-bench-")
        first, seconds, second, second_seconds, _ = asyncio.run(
            run_polls(Path(tmp) / "bench.db", sources, args.per_host, args.feed_concurrency)
        )
        profiled = sources[: args.profile_feeds]
        sequential, sequential_seconds, _, _, timings = asyncio.run(
            run_polls(Path(tmp) / "profile.db", profiled, 1, 1, entry_concurrency=1)
        )
    finally:
        parent.send("stop")
        server.join(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"pages served: {args.pages} across {args.feeds} feeds "
        f"(one local host, served by a child process; page latency {args.latency * 1000:.0f} ms)"
    )
    print(f"warm-up (imports, stemmer dictionary, models): {warm_seconds:.1f} s, not counted")
    print(f"first poll:  {first.summary_line()}")
    print(
        f"             from description: {first.from_description}; "
        f"skipped: {first.skipped_entries}; errors: {len(first.errors)}"
    )
    print(
        f"             {seconds:.1f} s wall → {args.pages / seconds:.1f} pages/s end to end, "
        f"{first.new_articles / seconds:.1f} new articles/s"
    )
    print(
        f"second poll: {second.feeds_not_modified}/{len(sources)} feeds not modified, "
        f"{second.new_articles} new, {second_seconds * 1000:.0f} ms"
    )
    stored = max(1, sequential.new_articles)
    print(
        f"time by stage, sequential run over {len(profiled)} feeds: {sequential.new_articles} "
        f"articles in {sequential_seconds:.1f} s "
        f"({sequential.new_articles / sequential_seconds:.1f} articles/s on one thread)"
    )
    rows = [(stage, timings.get(stage, 0.0)) for stage in STAGES]
    rows.append(("other", max(0.0, sequential_seconds - sum(t for _, t in rows))))
    for stage, spent in rows:
        print(
            f"  {stage:<10} {spent:7.2f} s  {100 * spent / sequential_seconds:5.1f} %  "
            f"{spent / stored * 1000:6.1f} ms/article"
        )
    for line in first.errors[:5]:
        print(f"  error: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
