"""Rendering speed: push messages, search pages, digests and splitting, on real articles.

Articles are the IndoSum dev texts in bench/data (real Indonesian news) with their reference
summary sentences as bullets. Prints the median and p95 time of ``article_message``,
``search_results_page`` (5 hits), ``build_digest`` (10 subscriptions × 5 stories) and
``split_messages`` of one 100,000-character HTML block, and the message counts and largest
message length (Telegram's limit is 4,096).

Run: python -m bench.render [--repeat 200]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bench.corpus import as_article, read_records
from bot.core.models import Article, ChatSettings, SearchHit, Subscription, Topic
from bot.delivery.digest import build_digest
from bot.present.render import (
    article_message,
    search_results_page,
    split_messages,
    telegram_length,
)

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def load_articles() -> list[Article]:
    return [
        # a query string with "&" checks that links are escaped
        replace(
            as_article(
                number,
                record,
                outlet="Antara",
                topics=("umkm",),
                published_at=NOW - timedelta(hours=number % 24),
                fetched_at=NOW,
            ),
            url=f"https://contoh.id/berita/{number}?a=1&b=2",
        )
        for number, record in enumerate(read_records())
    ]


def timed(repeat: int, work: Callable[[int], object]) -> list[float]:
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        work(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    articles = load_articles()
    n = len(articles)
    largest = 0

    def push(i: int) -> None:
        nonlocal largest
        message = article_message(articles[i % n], tz="Asia/Jakarta", other_outlets=["Kompas"])
        largest = max(largest, telegram_length(message))

    def page(i: int) -> None:
        nonlocal largest
        hits = [SearchHit(articles[(i + k) % n], 1.0) for k in range(5)]
        message = search_results_page("iuran bpjs", hits, page=2, tz="Asia/Makassar")
        largest = max(largest, telegram_length(message))

    subs = [Subscription(1, "keyword", f"kata {k}") for k in range(10)]
    chat = ChatSettings(chat_id=1, timezone="Asia/Jayapura")
    digest_sizes: list[int] = []

    def digest(i: int) -> None:
        nonlocal largest
        found = {s: [articles[(i + 5 * k + j) % n] for j in range(5)] for k, s in enumerate(subs)}
        messages = build_digest(
            chat, subs, found, topics={"umkm": Topic("umkm", "UMKM", "")}, now=NOW
        )
        digest_sizes.append(len(messages))
        largest = max(largest, *(telegram_length(m) for m in messages))

    big = "\n".join(f"<b>Baris {k}</b> &amp; <i>{articles[k % n].title}</i>" for k in range(2000))
    big = big[: big.rfind("\n", 0, 100_000)]
    pieces: list[int] = []

    def split(_: int) -> None:
        nonlocal largest
        messages = split_messages([big])
        pieces.append(len(messages))
        largest = max(largest, *(telegram_length(m) for m in messages))

    rows = [
        ("article_message", timed(args.repeat, push)),
        ("search_results_page (5 hits)", timed(args.repeat, page)),
        ("build_digest (10 subs x 5)", timed(args.repeat, digest)),
        (f"split_messages ({len(big):,} chars)", timed(max(5, args.repeat // 10), split)),
    ]
    for name, times in rows:
        q = statistics.quantiles(times, n=20)
        print(f"{name:<34} median {statistics.median(times):7.2f} ms   p95 {q[-1]:7.2f} ms")
    print(f"digest messages: {statistics.mean(digest_sizes):.1f} on average")
    print(f"split pieces: {pieces[0]}")
    print(f"largest message: {largest} UTF-16 units (limit 4096)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
