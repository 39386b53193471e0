"""Matching speed: one article against thousands of subscriptions, as after each poll.

Articles are the IndoSum dev texts in bench/data (real Indonesian news). Subscriptions mix
catalogue topics and free keywords/phrases drawn from the articles' own vocabulary, so about
as many match as in real use. Prints the time to stem an article once (``prepare_article``),
the time to match it against N subscriptions (``match_article`` on the prepared article), and
how many chats matched on average.

Run: python -m bench.match [--articles 100] [--subscriptions 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench.corpus import as_article, read_records
from bot.core.match import match_article, prepare_article
from bot.core.models import Article, Subscription
from summaries.tokenize import split_words

TOPICS = ["bpjs-kesehatan", "bpjs-ketenagakerjaan", "umkm", "koperasi", "pajak", "bansos"]


def load_articles(limit: int) -> list[Article]:
    return [
        as_article(number, record, topics=(TOPICS[number % len(TOPICS)],))
        for number, record in enumerate(read_records(limit=limit))
    ]


def make_subscriptions(
    articles: list[Article], count: int, rng: random.Random
) -> list[Subscription]:
    words = sorted({w for a in articles for w in split_words(a.text) if len(w) > 3})
    subscriptions = []
    for chat_id in range(count):
        roll = rng.random()
        if roll < 0.6:
            subscriptions.append(Subscription(chat_id, "topic", rng.choice(TOPICS)))
        elif roll < 0.85:
            subscriptions.append(Subscription(chat_id, "keyword", rng.choice(words)))
        else:
            phrase = " ".join(rng.sample(words, 2))
            subscriptions.append(Subscription(chat_id, "keyword", phrase))
    return subscriptions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    articles = load_articles(args.articles)
    subscriptions = make_subscriptions(articles, args.subscriptions, rng)
    distinct = len({(s.kind, s.value) for s in subscriptions})

    prepare_article(articles[0])  # load the stemmer dictionary outside the timings
    prepare_ms, match_ms, matched = [], [], []
    for article in articles:
        start = time.perf_counter()
        prepared = prepare_article(article)
        prepare_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        chats = match_article(prepared, subscriptions)
        match_ms.append((time.perf_counter() - start) * 1000)
        matched.append(len(chats))

    def row(name: str, values: list[float]) -> str:
        q = statistics.quantiles(values, n=20)
        return (
            f"{name:<28} median {statistics.median(values):8.2f} ms   p95 {q[-1]:8.2f} ms   "
            f"max {max(values):8.2f} ms"
        )

    words = statistics.mean(len(split_words(a.text)) for a in articles)
    print(f"articles: {len(articles)} (mean {words:.0f} words)")
    print(f"subscriptions: {len(subscriptions)} ({distinct} distinct topics/keywords)")
    print(row("prepare_article (stem once)", prepare_ms))
    print(row(f"match_article x{len(subscriptions)}", match_ms))
    per_sub = statistics.median(match_ms) * 1000 / len(subscriptions)
    print(f"per subscription: {per_sub:.2f} µs (median)")
    print(f"chats matched per article: mean {statistics.mean(matched):.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
