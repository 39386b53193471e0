"""How long a /cari page is for the reader: visible characters, not the HTML source.

Builds a 1,000-article archive of real Indonesian news (IndoSum: the dev file in bench/data,
then the train file from ``../shared/eval`` when it is there) in a temporary SQLite file, runs
a few hundred queries (single words, title fragments, reader phrasing, words the archive
lacks, markup and operators) through the bot's own path (``bot.chat.handlers.search``: the
query cleaned, ``search_page``, the words no article holds, the page text), renders their first
three pages and prints the max, p95 and p50 of the visible length (Telegram's count: UTF-16
code units of the text after entity parsing).

Run: python -m bench.search_pages [--articles 1000] [--show N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.corpus import DEV_FILE, ROOT, read_records, slug_title
from bot.chat.handlers.search import look_up, page_text
from bot.chat.search_words import searchable
from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import NewArticle
from bot.present.render import telegram_length
from bot.storage import Store, open_store
from summaries.stem import STOP_WORDS
from summaries.tokenize import split_words

TRAIN_FILE = ROOT.parent / "shared" / "eval" / "indosum-train.jsonl"
OUTLETS = ("Antara", "Kompas.com", "Detikcom", "Tempo.co", "CNN Indonesia", "Suara.com")
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
PAGES = 3

READER_QUERIES = (
    "iuran bpjs kesehatan naik",
    "harga cabai",
    "gempa bumi",
    "pajak umkm",
    "kapan pendaftaran cpns dibuka",
    "presiden joko widodo",
    "banjir jakarta",
    "timnas indonesia",
    "harga bbm naik",
    "bantuan sosial",
    "kartu prakerja",
    "udah ada info soal tapera blm",
    "<b>bpjs</b>",
    '"bpjs" OR -x a',
    "NEAR(bpjs kesehatan)",
)


def records(count: int) -> list[dict]:
    """``count`` IndoSum records: the dev file first, then the train file."""
    found = read_records(DEV_FILE)
    if len(found) < count and TRAIN_FILE.exists():
        found += read_records(TRAIN_FILE, limit=count - len(found))
    return found[:count]


def build(store: Store, docs: list[dict]) -> None:
    for number, record in enumerate(docs):
        text = record["text"]
        when = NOW - timedelta(hours=3 * number)
        url = f"https://contoh.id/berita/{number}"
        store.add_article(
            NewArticle(
                url=url,
                canonical_url=url,
                outlet=OUTLETS[number % len(OUTLETS)],
                title=slug_title(record["id"]).capitalize(),
                text=text,
                bullets=tuple(record.get("summary_sentences", ()))[:3],
                published_at=when,
                fetched_at=when,
                text_hash=text_hash(text),
                minhash=minhash_signature(text),
            )
        )


def make_queries(docs: list[dict], seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update(w.lower() for w in split_words(doc["text"]) if w.isalpha())
    words = [w for w, _ in counts.most_common() if w not in STOP_WORDS and len(w) > 3]
    queries = rng.sample(words[:300], 60) + rng.sample([w for w in words if counts[w] <= 3], 40)
    for _ in range(60):
        title = [w for w in slug_title(rng.choice(docs)["id"]).split() if w not in STOP_WORDS]
        k = min(len(title), rng.randint(1, 4))
        start = rng.randint(0, max(0, len(title) - k))
        queries.append(" ".join(title[start : start + k]))
    queries += [f"{w} zqxprakerja" for w in rng.sample(words[:300], 20)]  # a word none has
    queries += list(READER_QUERIES)
    return queries


def shown_page(store: Store, query: str, page: int) -> str | None:
    """The page as the bot renders it (None past the last page)."""
    words = searchable(query)
    found = look_up(store, words, page)
    if not words or not found.page.hits:
        return None
    return page_text(words, found.page, page, "Asia/Jakarta", missing=found.missing)


def page_lengths(store: Store, queries: list[str]) -> list[tuple[int, str, int]]:
    """(visible length, query, page) of every page shown."""
    lengths: list[tuple[int, str, int]] = []
    for query in queries:
        for page in range(1, PAGES + 1):
            text = shown_page(store, query, page)
            if text is None:
                break
            lengths.append((telegram_length(text), query, page))
    return lengths


def percentile(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--show", type=int, default=0, help="print the N longest pages")
    args = parser.parse_args()
    docs = records(args.articles)
    with (
        tempfile.TemporaryDirectory() as tmp,
        open_store(str(Path(tmp) / "pages.db"), clock=lambda: NOW) as store,
    ):
        build(store, docs)
        queries = make_queries(docs)
        lengths = page_lengths(store, queries)
        for size, query, page in sorted(lengths, reverse=True)[: args.show]:
            print(f"--- {size} characters: {query!r} page {page}")
            print(shown_page(store, query, page))
    sizes = [size for size, _, _ in lengths]
    print(
        f"{len(docs):,} articles, {len(queries)} queries, {len(sizes)} pages: visible length "
        f"max {max(sizes):,}, p95 {percentile(sizes, 95):,}, p50 {percentile(sizes, 50):,} "
        f"characters; over 1,200: {sum(s > 1200 for s in sizes)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
