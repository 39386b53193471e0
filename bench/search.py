"""Search latency and agreement of the SQLite and PostgreSQL stores, beside a plain LIKE scan.

Synthesizes a corpus by recombining real sentences of IndoSum (``bench/data/indosum-dev.jsonl``
by default): each article takes 10-20 sentences from two or three source articles, the title
of one of them, three of its summary sentences as bullets, an outlet, 0-2 topics and a date
spread over two years (articles are inserted in date order, like a real archive). The text is
stemmed once per distinct sentence and loaded through the store's ``load_archive`` into the
real schema (same index, same columns). Then ~200 queries (rare and common words, titles,
reader questions, hostile strings) run through the store's ``search``; on SQLite a subset
runs as ``LIKE '%word%'`` on the article text for comparison.

    python -m bench.search --sizes 100000,1000000
    python -m bench.search --source /work/shared/eval/indosum-train.jsonl --sizes 100000
    python -m bench.search --sizes 200000 --database postgresql://postgres@127.0.0.1/postgres

With ``--database`` the same archive (same ids) is also built on that PostgreSQL server, in a
database ``warta_bench_<size>`` of its own, and both backends are timed and compared: the
overlap of their top 5 for every query. SQLite files are kept in ``--dir`` (default
/tmp/warta-bench); both are reused when already built at that size.
Prints wall-clock and CPU time per query: on a shared, busy machine the CPU time of this
process is the better estimate of latency on an idle one. Asserts nothing about timing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

import numpy as np

from bot.core.models import ArchiveRow
from bot.storage import Store, open_store, ranking
from bot.storage.query import query_terms
from bot.storage.sqlite import SQLiteStore, diagnostics
from summaries.stem import STOP_WORDS, stem_text
from summaries.tokenize import split_sentences, split_words

DEFAULT_SOURCE = Path(__file__).resolve().parent / "data" / "indosum-dev.jsonl"
OUTLETS = ("Antara", "Kompas", "Detik", "Tempo", "CNN Indonesia", "Kumparan", "Merdeka", "Suara")
TOPICS = ("bpjs-kesehatan", "bpjs-ketenagakerjaan", "umkm", "koperasi", "pajak", "bansos")
END = datetime(2026, 11, 25, tzinfo=UTC)
SPAN = timedelta(days=730)

READER_QUERIES = (
    "berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?",
    "iuran BPJS Kesehatan naik",
    "pelayanan kesehatan",
    "harga cabai",
    "gempa bumi",
    "pajak UMKM",
    "kapan pendaftaran CPNS dibuka?",
    "presiden joko widodo",
    "banjir jakarta",
    "timnas indonesia",
    "harga bbm naik",
    "bantuan sosial",
    "pemilihan gubernur",
    "kredit usaha rakyat",
    "siapa yang menang pilkada",
    "apakah sekolah libur besok",
    "korupsi kepala daerah",
    "kenaikan gaji pns",
    "bank indonesia suku bunga",
    "liga inggris",
)
HOSTILE_QUERIES = (
    "",
    " ",
    '"',
    '""',
    '"bpjs',
    "*",
    "bpjs*",
    "-bpjs",
    "NEAR(bpjs kesehatan)",
    "bpjs AND",
    "OR",
    "NOT pajak",
    "title:pajak",
    "^pajak",
    "(pajak",
    "pajak)",
    "🙂🙂",
    "pajak 🙏",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "\x00",
    "a" * 10_000,
    "pajak " * 2_000,
    "{bpjs kesehatan}",
    "bpjs + kesehatan",
    "@#$%^&*()",
    "ⓑⓟⓙⓢ",
    "ПРИВЕТ",
)


def load_sources(paths: list[Path]) -> list[dict]:
    """Source articles: sentences, stemmed sentences, title, bullets."""
    docs = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                sentences = [s for s in split_sentences(record["text"]) if len(s) > 20]
                if len(sentences) < 3:
                    continue
                slug = record["id"].split("-", 1)[-1]
                title = " ".join(slug.split("-")).capitalize()
                bullets = record.get("summary_sentences") or sentences[:3]
                docs.append(
                    {
                        "sentences": sentences,
                        "stems": [stem_text(s) for s in sentences],
                        "title": title,
                        "stem_title": stem_text(title),
                        "bullets": tuple(bullets[:3]),
                        "stem_bullets": stem_text("\n".join(bullets[:3])),
                    }
                )
    return docs


def synthesize(docs: list[dict], count: int, seed: int = 7):
    """Yield ``ArchiveRow`` s for ``count`` articles, oldest first (deterministic)."""
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    span = SPAN.total_seconds()
    offsets = sorted(rng.uniform(0, span) for _ in range(count))
    start_ts = (END - SPAN).timestamp()
    topic_sets = [c for k in range(3) for c in combinations(TOPICS, k)]
    for i in range(count):
        picks = rng.sample(docs, rng.randint(2, 3))
        base = picks[0]
        n = rng.randint(10, 20)
        text: list[str] = []
        stems: list[str] = []
        for doc in picks:
            k = min(len(doc["sentences"]), max(1, n // len(picks)))
            first = rng.randint(0, len(doc["sentences"]) - k)
            text.extend(doc["sentences"][first : first + k])
            stems.extend(doc["stems"][first : first + k])
        when = datetime.fromtimestamp(start_ts + offsets[i], UTC)
        yield ArchiveRow(
            dated_at=when,
            fetched_at=when,
            outlet=OUTLETS[i % len(OUTLETS)],
            title=base["title"],
            url=f"https://bench.example/{i}",
            topics=rng.choice(topic_sets),
            bullets=base["bullets"],
            text="\n\n".join(text),
            stemmed=(base["stem_title"], base["stem_bullets"], " ".join(stems)),
            minhash=tuple(np_rng.integers(0, 2**32, 64).tolist()),  # like a real signature
        )


def build(database: str, docs: list[dict], count: int) -> float:
    """Build the archive (unless already there at that size); returns seconds taken."""
    with open_store(database) as existing:
        if existing.count_articles() == count:
            return 0.0
        stale = existing.count_articles()
    if stale:
        raise SystemExit(f"{database} holds {stale:,} articles, not {count:,}: remove it first")
    started = time.perf_counter()
    with open_store(database) as store:

        def progress(rows):
            for j, row in enumerate(rows, 1):
                yield row
                if j % 100_000 == 0:
                    print(f"  {j:,} / {count:,} generated ({time.perf_counter() - started:.0f} s)")

        store.load_archive(progress(synthesize(docs, count)))
        store.optimize()
    return time.perf_counter() - started


def make_queries(docs: list[dict], seed: int = 11) -> list[tuple[str, str]]:
    """(kind, query) pairs: common and rare words, title fragments, reader and hostile."""
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    for doc in docs:
        for sentence in doc["sentences"]:
            counts.update(w.lower() for w in split_words(sentence) if w.isalpha())
    words = [w for w, _ in counts.most_common() if w not in STOP_WORDS and len(w) > 3]
    common = words[:200]
    rare = [w for w in words if counts[w] == 1]
    queries: list[tuple[str, str]] = []
    queries += [("common word", w) for w in rng.sample(common, 40)]
    queries += [("rare word", w) for w in rng.sample(rare, 40)]
    for _ in range(50):
        title_words = [w for w in rng.choice(docs)["title"].split() if w.lower() not in STOP_WORDS]
        k = min(len(title_words), rng.randint(2, 4))
        start = rng.randint(0, max(0, len(title_words) - k))
        queries.append(("title words", " ".join(title_words[start : start + k])))
    queries += [("reader question", q) for q in READER_QUERIES]
    for _ in range(10):  # a reader pastes a sentence or two
        sentences = rng.choice(docs)["sentences"]
        start = rng.randrange(len(sentences))
        queries.append(("pasted text", " ".join(sentences[start : start + 2])))
    queries += [("hostile", q) for q in HOSTILE_QUERIES]
    queries += [("common word", w) for w in ("bpjs", "indonesia", "jakarta", "pemerintah")]
    return queries


Timing = tuple[float, float]
"""(wall-clock ms, CPU ms of this process) of one query."""


def timed(fn, *args) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def run_search(store: Store, queries: list[tuple[str, str]]) -> dict[str, list[Timing]]:
    """Timings per query, by kind (and 'all')."""
    times: dict[str, list[Timing]] = {"all": []}
    for kind, query in queries:
        timing = timed(lambda q=query: store.search(q, limit=5))
        times.setdefault(kind, []).append(timing)
        times["all"].append(timing)
    return times


def run_like(store: SQLiteStore, queries: list[tuple[str, str]]) -> list[Timing]:
    """Timings of ``LIKE '%word%'`` on every word (AND) of each query, newest five."""
    times = []
    for _, query in queries:
        words = [w for w in split_words(query) if w.lower() not in STOP_WORDS][:8] or ["zzz"]
        times.append(timed(lambda w=words: diagnostics.like_scan(store, w)))
    return times


def run_full_rank(store: SQLiteStore, queries: list[tuple[str, str]]) -> list[Timing]:
    """Timings when FTS5 ranks every match of the full index (ORDER BY bm25, no bound)."""
    times = []
    for _, query in queries:
        terms = query_terms(query)
        if terms:
            times.append(timed(lambda t=terms: diagnostics.rank_every_match(store, t)))
    return times


def top_ids(store: Store, queries: list[tuple[str, str]], k: int) -> list[list[int]]:
    return [[h.article.id for h in store.search(q, limit=k)] for _, q in queries]


def agreement(first: list[list[int]], second: list[list[int]], k: int) -> str:
    """How far two backends agree on the top ``k`` of the same queries."""
    overlaps, same_top, one_empty, both = [], 0, 0, 0
    for a, b in zip(first, second, strict=True):
        if not a and not b:
            continue
        both += 1
        if not a or not b:
            one_empty += 1
        overlaps.append(len(set(a) & set(b)) / min(k, max(len(a), len(b))))
        same_top += bool(a and b and a[0] == b[0])
    if not both:
        return "no query found anything"
    return (
        f"top-{k} overlap mean {statistics.mean(overlaps):.2f} "
        f"median {statistics.median(overlaps):.2f}; same first hit {same_top / both:.0%}; "
        f"one backend empty {one_empty}; over {both} queries with results"
    )


def summary(times: list[Timing]) -> str:
    wall = [w for w, _ in times]
    cpu = [c for _, c in times]
    return (
        f"wall p50 {statistics.median(wall):7.2f} p95 {percentile(wall, 95):7.2f} ms | "
        f"cpu p50 {statistics.median(cpu):7.2f} p95 {percentile(cpu, 95):7.2f} "
        f"max {max(cpu):7.2f} ms (n={len(times)})"
    )


def table_sizes(store: SQLiteStore, size: int) -> str:
    """The largest tables and indexes, in bytes per article (needs SQLite's dbstat)."""
    rows = diagnostics.table_sizes(store)
    if not rows:
        return "(dbstat not available)"
    return ", ".join(f"{name} {total / size:,.0f}" for name, total in rows)


def report(name: str, store: Store, queries: list[tuple[str, str]], candidates: str) -> None:
    """Time our search on ``store`` (warm cache) and print the figures."""
    run_search(store, queries)  # warm the cache once
    times = run_search(store, queries)
    print(f"{name} (SEARCH_CANDIDATES={ranking.SEARCH_CANDIDATES}), warm cache:")
    for kind, values in times.items():
        print(f"  {kind:16} {summary(values)}")
    pages = [timed(lambda q=q: store.search_page(q, limit=5)) for _, q in queries]
    print(f"  search_page      {summary(pages)}")
    frequencies = [timed(store.document_frequencies, query_terms(q)) for _, q in queries]
    print(f"  document_freqs   {summary(frequencies)}")
    for bound in (int(b) for b in candidates.split(",") if b.strip()):
        original = ranking.SEARCH_CANDIDATES
        ranking.SEARCH_CANDIDATES = bound
        try:
            run_search(store, queries)
            values = run_search(store, queries)["all"]
        finally:
            ranking.SEARCH_CANDIDATES = original
        print(f"  SEARCH_CANDIDATES={bound:<6} {summary(values)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated sizes")
    parser.add_argument("--source", type=Path, action="append", help="IndoSum-style JSONL")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/warta-bench"))
    parser.add_argument("--like-queries", type=int, default=30, help="queries run as LIKE")
    parser.add_argument(
        "--database",
        help="a postgresql:// server URL: also build, time and compare the PostgreSQL store",
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the PostgreSQL archive")
    parser.add_argument("--top-k", type=int, default=5, help="hits compared between backends")
    parser.add_argument(
        "--candidates",
        default="",
        help="also time these SEARCH_CANDIDATES bounds, e.g. 250,4000 (default: only ours)",
    )
    args = parser.parse_args()
    sources = args.source or [DEFAULT_SOURCE]
    started = time.perf_counter()
    docs = load_sources(sources)
    sentences = sum(len(d["sentences"]) for d in docs)
    print(
        f"source: {', '.join(map(str, sources))}: {len(docs)} articles, {sentences:,} sentences "
        f"(loaded and stemmed in {time.perf_counter() - started:.1f} s)"
    )
    queries = make_queries(docs)
    kinds = Counter(kind for kind, _ in queries)
    print(f"queries: {len(queries)} ({', '.join(f'{k} {v}' for k, v in kinds.items())})")
    args.dir.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        path = args.dir / f"search-{size}.db"
        print(f"\n== {size:,} articles, SQLite: {path}")
        seconds = build(str(path), docs, size)
        print(f"build: {seconds:.0f} s" if seconds else "build: reused existing database")
        db_bytes = sum(
            Path(str(path) + s).stat().st_size for s in ("", "-wal") if Path(str(path) + s).exists()
        )
        print(f"database: {db_bytes / 2**20:,.0f} MiB, {db_bytes / size:,.0f} bytes per article")
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average before searching: {load} on {os.cpu_count()} CPUs")
        with SQLiteStore(path, clock=lambda: END) as store:
            print(f"  bytes per article by table: {table_sizes(store, size)}")
            report("SQLite", store, queries, args.candidates)
            ranked_all = run_full_rank(store, queries)
            print(f"FTS5 ranking every match (ORDER BY bm25): {summary(ranked_all)}")
            subset = queries[:: max(1, len(queries) // args.like_queries)][: args.like_queries]
            like = run_like(store, subset)
            ours_subset = run_search(store, subset)["all"]
            print(f"LIKE '%word%' scan, {len(subset)} of the queries: {summary(like)}")
            print(f"ours on the same {len(subset)} queries:    {summary(ours_subset)}")
            sqlite_top = top_ids(store, queries, args.top_k)
        if not args.database:
            continue
        from bot.core.database_url import redact_dsn
        from bot.storage.postgres.admin import create_database, database_exists, database_size

        name = f"warta_bench_{size}"
        dsn = (
            database_exists(args.database, name) if not args.rebuild else None
        ) or create_database(args.database, name, replace=True)
        print(f"\n== {size:,} articles, PostgreSQL: {redact_dsn(dsn)}")
        seconds = build(dsn, docs, size)
        print(f"build: {seconds:.0f} s" if seconds else "build: reused existing database")
        with open_store(dsn, clock=lambda: END) as store:
            print(f"database: {database_size(dsn) / 2**20:,.0f} MiB")
            report("PostgreSQL", store, queries, args.candidates)
            postgres_top = top_ids(store, queries, args.top_k)
        print(f"SQLite vs PostgreSQL: {agreement(sqlite_top, postgres_top, args.top_k)}")
        kinds_seen = sorted({kind for kind, _ in queries})
        for kind in kinds_seen:
            pairs = [
                (a, b)
                for (k, _), a, b in zip(queries, sqlite_top, postgres_top, strict=True)
                if k == kind
            ]
            first, second = [a for a, _ in pairs], [b for _, b in pairs]
            print(f"  {kind:16} {agreement(first, second, args.top_k)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
