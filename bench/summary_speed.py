"""Per-article latency of the whole summarize() pipeline vs sumy's plain LexRank."""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from bench.corpus import DEV_FILE, read_records
from summaries.summarize import _sumy_summarizer, prepare, summarize, sumy_document


def timings(fn: Callable[[object], object], items: list, repeat: int) -> list[float]:
    """Milliseconds per item (best of repeat runs per item)."""
    out = []
    for item in items:
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            fn(item)
            best = min(best, time.perf_counter() - start)
        out.append(best * 1000)
    return out


def describe(name: str, ms: list[float]) -> str:
    """One table row: median, p95, mean and articles per second."""
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    per_sec = 1000 * len(ms) / sum(ms)
    return (
        f"| {name:<38} | {statistics.median(ms):7.2f} | {p95:7.2f} | "
        f"{statistics.fmean(ms):7.2f} | {per_sec:8.0f} |"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the latency table and peak memory."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEV_FILE)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=1, help="runs per article, best kept")
    args = ap.parse_args(argv)
    texts = [record["text"] for record in read_records(args.data, args.limit)]
    lexrank = _sumy_summarizer("lexrank")

    def warta(text: object) -> object:
        return summarize(str(text))

    def lexrank_pipeline(text: object) -> object:
        return summarize(str(text), method="lexrank")

    def lexrank_plain(document: object) -> object:
        return lexrank(document, 3)

    start = time.perf_counter()
    for text in texts:  # warm-up: stem cache, model load, imports
        warta(text)
    cold = time.perf_counter() - start
    documents = [sumy_document(prepare(t)) for t in texts]
    for document in documents:
        lexrank_plain(document)
    gc.collect()
    rows = [
        ("warta: clean+split+stem+score (whole)", timings(warta, texts, args.repeat)),
        ("sumy LexRank on the same sentences", timings(lexrank_plain, documents, args.repeat)),
        ("lexrank: whole pipeline", timings(lexrank_pipeline, texts, args.repeat)),
    ]
    print(f"{args.data.name}: {len(texts)} articles, warm, best of {args.repeat} per article")
    print(f"| {'what':<38} | {'median':>7} | {'p95':>7} | {'mean':>7} | {'art/s':>8} |")
    print(f"|{'-' * 40}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 10}|")
    for name, ms in rows:
        print(describe(name, ms))
    print(f"first (cold) pass over all articles: {cold:.2f} s")
    tracemalloc.start()
    for text in texts:
        warta(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak traced allocation during a warm warta pass: {peak / 1e6:.2f} MB")
    print(f"process max RSS: {maxrss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
