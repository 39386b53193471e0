"""Answering readers' questions, end to end: how often the reply holds the answer, and how fast.

Two question sets (``bench/answer_sets.py``; ``--set``): ``indosum``
(``bench/data/questions.jsonl`` on 1,000 IndoSum articles) and ``bpjs``
(``bench/data/bpjs-questions.jsonl`` on the BPJS articles of ``../shared/eval/bpjs-dev.jsonl``,
its ``--part`` fit or report). Questions in casual Indonesian, each either answerable (with the
answering span copied verbatim from its article, and ``accept`` strings of other sentences that
state the same answer) or not answerable from the archive (with the key words no archived
article contains). See bench/data/README.md. Below, the IndoSum set's archive:

1. Archive, through the real ingestion path: a local HTTP server
   (``tests/support/feedserver.py``, in a child process) serves RSS feeds per outlet and one
   news page per article (the IndoSum dev file plus ``bench/data/questions-articles.jsonl``:
   every answering article and more, 1,000 articles by default; dates moved forward so the
   newest is of 2026-11-25); one ``Ingestor.poll_once()`` fetches, extracts, summarizes and
   stores them in a fresh SQLite
   store in a temporary folder.
2. Every question goes through ``bot.chat.answer.ask`` (the bot's own path). An answerable question
   is *answered* when the reply a reader sees (HTML tags stripped, entities unescaped,
   whitespace normalised, case folded) contains its span; *answered wrongly* when a reply came
   but without the span. An unanswerable question is *declined correctly* when ``found`` is
   false. The reply text is rendered by a function of ``bot.chat.answer`` taking an ``AskResult``
   when there is one; otherwise it is the answers' sentences joined.
3. Latency of ``ask()`` (wall and CPU of this process) over all questions, at the ingested
   archive and again after bulk-loading synthetic articles up to ``--size-large`` articles:
   recombined sentences of the archive's non-answering articles, as ``bench/search.py``
   builds them, dated over the two years before 2026-11-25 (so newer than the real ones).
4. The bot's whole reply (before growing): the real application (``bot.runtime.app``, started as
   ``tests/support/harness.py`` does) on the ingested archive, against the fake Bot API
   (``tests/support/fake_telegram.py`` in its own process, enforcing Telegram's limits) over HTTP.
   Each question is a private message from its own reader, one at a time and at most
   ``BOT_RATE`` per second (under Telegram's 30/s); the time runs from the update being
   offered to ``getUpdates`` until the reply's ``sendMessage`` reaches the fake server (both
   stamped by the server's clock). ``--skip-bot`` leaves it out.

    python -m bench.answers [--set indosum|bpjs] [--part report] [--db PATH]
                            [--limit N] [--archive 1000] [--size-large 100000] [--skip-large]
                            [--skip-bot] [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import html
import inspect
import json
import math
import multiprocessing
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from bench.answer_sets import PARTS, SETS, MissingArchive, load_archive, load_questions
from bench.broadcast import RemoteTelegram
from bot.chat import answer as answer_module
from bot.core.config import SEEDS_DIR
from bot.core.models import FeedSource
from bot.core.topics import load_topics
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import Ingestor, IngestReport
from bot.storage import open_store
from tests.support.feedserver import FeedServer, article_page, rss_feed, rss_item
from tests.support.harness import started_bot

TYPES = (
    *("amount", "date", "person", "org", "who", "place", "entity", "yesno", "reason"),
    "process",
)
_BLOCK_TAG = re.compile(r"</?(?:blockquote|p|br|div|pre|li)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
FEED_ITEMS = 100
BOT_RATE = 20  # questions per second at most, so the replies stay under Telegram's 30/s
BOT_TIMEOUT = 10.0  # seconds to wait for one reply before counting it as missing
BOT_BUDGET = 180.0  # seconds for the whole bot section; questions left are not asked
FIRST_BOT_READER = 900_000  # each question comes from its own reader (private chat)
WARM_UP = "pemanasan: berapa iuran bpjs?"


# -- data ------------------------------------------------------------------------------------


def words_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase.casefold()) + r"(?!\w)")


def answered_in(q: dict, text: str) -> bool:
    """Whether ``text`` holds the answer to ``q``: its span, or one of its ``accept`` entries
    (a string, or a list of strings that must all be there), compared case-folded with
    whitespace normalised."""
    if not q["answerable"]:
        return False
    text = normal(text)
    for entry in [q["span"], *q.get("accept", [])]:
        parts = [entry] if isinstance(entry, str) else entry
        if all(normal(part) in text for part in parts):
            return True
    return False


def check_data(questions: list[dict], articles: list[dict]) -> None:
    """Every span is verbatim in its article; no unanswerable key word is in the archive."""
    by_id = {r["id"]: r for r in articles}
    problems = [
        f"{q['id']}: span {q['span']!r} not in {q['article_id']}"
        for q in questions
        if q["answerable"] and q["span"] not in by_id[q["article_id"]]["text"]
    ]
    texts = [f"{r['text']}\n{r['title']}".casefold() for r in articles]
    for q in questions:
        if q["answerable"]:
            continue
        for word in q.get("keywords", []):
            pattern = words_pattern(word)
            if any(pattern.search(text) for text in texts):
                problems.append(f"{q['id']}: key word {word!r} occurs in the archive")
    if problems:
        raise SystemExit("question set does not match the archive:\n  " + "\n  ".join(problems))


# -- the archive, through ingestion ------------------------------------------------------------


def page_path(number: int, record: dict) -> str:
    return f"/berita/{number}/{record['id'][:60]}"


def publish(server: FeedServer, articles: list[dict]) -> list[tuple[str, str]]:
    """One news page per article; RSS feeds per outlet and section, at most ``FEED_ITEMS``
    items each (the ingestor reads 200 per feed); returns (outlet, feed url). An article the
    source gives no date for is served without one (feed item and page)."""
    items: dict[tuple[str, str], list[str]] = defaultdict(list)
    for number, record in enumerate(articles):
        paragraphs = [p for p in record["text"].split("\n\n") if p.strip()]
        when = record["published"]
        path = page_path(number, record)
        server.set(
            path,
            article_page(
                record["title"],
                paragraphs,
                canonical=server.url(path),
                site=record["outlet"],
                published=when.isoformat() if when else None,
            ),
        )
        lead = paragraphs[0][:300] if paragraphs else ""
        items[record["outlet"], record["section"]].append(
            rss_item(record["title"], server.url(path), lead, published=when, dated=bool(when))
        )
    feeds = []
    for (outlet, _), entries in sorted(items.items()):
        for start in range(0, len(entries), FEED_ITEMS):
            path = f"/feed/{len(feeds)}/rss"
            server.set(path, rss_feed(entries[start : start + FEED_ITEMS], title=outlet), etag=True)
            feeds.append((outlet, server.url(path)))
    return feeds


def serve(conn: Connection, articles: list[dict]) -> None:
    """Child process: serve the pages until the parent says stop (off the measured GIL)."""
    with FeedServer() as server:
        conn.send((server.url("/"), publish(server, articles)))
        conn.recv()


async def ingest(db: Path, sources: list[FeedSource]) -> IngestReport:
    store = open_store(db)
    try:
        async with Fetcher(per_host=8) as fetcher:
            ingestor = Ingestor(store, fetcher, sources, load_topics(SEEDS_DIR / "topics.toml"))
            return await ingestor.poll_once()
    finally:
        store.close()


def build_archive(db: Path, articles: list[dict]) -> tuple[IngestReport, float, str]:
    """Serve and ingest ``articles`` into ``db``; returns (report, seconds, server base URL)."""
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(
        target=serve, args=(child, articles), daemon=True
    )
    server.start()
    try:
        base, feeds = parent.recv()
        sources = [FeedSource(name=name, url=url) for name, url in feeds]
        start = time.perf_counter()
        report = asyncio.run(ingest(db, sources))
        seconds = time.perf_counter() - start
    finally:
        parent.send("stop")
        server.join(timeout=10)
    return report, seconds, base.rstrip("/")


@dataclass(frozen=True)
class Ingested:
    """What ingesting the archive did (or did, on the run that left the cached archive)."""

    summary: str
    errors: int
    duplicates: int
    seconds: float
    base: str


def cached_archive(db: Path, articles: list[dict], cache: Path | None) -> Ingested:
    """Ingest ``articles`` into ``db``; with ``cache``, copy a previous run's archive from
    there instead (and keep this run's there). Delete the cache after changing ingestion."""
    sidecar = cache.with_suffix(".json") if cache else None
    if cache and sidecar and cache.exists() and sidecar.exists():
        shutil.copyfile(cache, db)
        return Ingested(**json.loads(sidecar.read_text(encoding="utf-8")))
    report, seconds, base = build_archive(db, articles)
    ingested = Ingested(
        report.summary_line(), len(report.errors), report.duplicates, round(seconds, 1), base
    )
    if cache and sidecar:
        cache.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db, cache)
        sidecar.write_text(json.dumps(ingested.__dict__), encoding="utf-8")
    return ingested


# -- asking ----------------------------------------------------------------------------------


def find_renderer() -> Callable[[object], str] | None:
    """A function of ``bot.chat.answer`` rendering an ``AskResult`` to the reply (if any)."""
    for name, function in inspect.getmembers(answer_module, inspect.isfunction):
        if function.__module__ != answer_module.__name__ or name.startswith("_"):
            continue
        parameters = list(inspect.signature(function).parameters.values())
        if not parameters or "AskResult" not in str(parameters[0].annotation):
            continue
        if "str" not in str(inspect.signature(function).return_annotation):
            continue
        required = [
            p
            for p in parameters[1:]
            if p.default is inspect.Parameter.empty
            and p.kind in (p.POSITIONAL_OR_KEYWORD, p.POSITIONAL_ONLY)
        ]
        if not required:
            return function
        if len(required) == 1 and required[0].name in ("tz", "timezone"):
            return functools.partial(function, **{required[0].name: "Asia/Jakarta"})
    return None


def renderer_name(renderer: Callable[[object], str] | None) -> str | None:
    function = getattr(renderer, "func", renderer)
    return None if function is None else f"bot.chat.answer.{function.__name__}"


def reply_text(result: object, renderer: Callable[[object], str] | None) -> str:
    """What a reader sees: tags stripped, entities unescaped, whitespace normalised."""
    if renderer is not None:
        raw = renderer(result)
        raw = raw if isinstance(raw, str) else "\n".join(raw)
        # Inline tags (<b>, <a>) vanish without a space: "ke-<b>11</b>" reads "ke-11".
        text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub("\n", raw)))
    else:
        text = " ".join(a.sentence for a in result.answers)  # type: ignore[attr-defined]
    return " ".join(text.split())


def normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def ask_all(store, questions: list[dict], renderer, source_urls: dict[str, str]) -> list[dict]:
    """Ask every question; one outcome per question (with wall and CPU milliseconds)."""
    outcomes = []
    for q in questions:
        # Diagnostic, not timed: is the answering article among the top 3 search hits?
        source = source_urls.get(q.get("article_id") or "")
        in_top3 = bool(source) and any(
            hit.article.url == source for hit in store.search(q["question"], limit=3)
        )
        wall, cpu = time.perf_counter(), time.process_time()
        result = answer_module.ask(store, q["question"])
        wall_ms = (time.perf_counter() - wall) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
        text = normal(reply_text(result, renderer)) if result.found else ""
        quotes = normal(" ".join(a.sentence for a in result.answers)) if result.found else ""
        outcomes.append(
            {
                "question": q,
                "found": bool(result.found),
                "kind": getattr(result, "kind", None),
                "in_reply": answered_in(q, text),
                "in_quote": answered_in(q, quotes),
                "source_in_top3": in_top3,
                "first_quote": result.answers[0].sentence if result.found else "",
                "first_url": result.answers[0].url if result.found else "",
                "wall_ms": wall_ms,
                "cpu_ms": cpu_ms,
            }
        )
    return outcomes


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def latency(outcomes: list[dict]) -> dict[str, float]:
    wall = [o["wall_ms"] for o in outcomes]
    cpu = [o["cpu_ms"] for o in outcomes]
    return {
        "wall_p50_ms": round(statistics.median(wall), 1),
        "wall_p95_ms": round(percentile(wall, 95), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(percentile(cpu, 95), 1),
        "max_ms": round(max(wall), 1),
        "n": len(outcomes),
    }


def rate(n: int, total: int) -> dict[str, float]:
    return {"n": n, "of": total, "pct": round(100 * n / total, 1) if total else 0.0}


def score(outcomes: list[dict], source_urls: dict[str, str]) -> dict:
    """The figures: answered per type, declined correctly, answered wrongly."""
    answerable = [o for o in outcomes if o["question"]["answerable"]]
    unanswerable = [o for o in outcomes if not o["question"]["answerable"]]
    by_type: dict[str, dict] = {}
    types = [t for t in TYPES if any(o["question"]["type"] == t for o in answerable)]
    for kind in types:
        group = [o for o in answerable if o["question"]["type"] == kind]
        by_type[kind] = rate(sum(o["in_reply"] for o in group), len(group))
    first_right = sum(
        o["found"] and o["first_url"] == source_urls.get(o["question"]["article_id"])
        for o in answerable
    )
    return {
        "source_in_top3_hits": rate(sum(o["source_in_top3"] for o in answerable), len(answerable)),
        "answered": rate(sum(o["in_reply"] for o in answerable), len(answerable)),
        "answered_by_type": by_type,
        "span_in_quoted_sentence": rate(sum(o["in_quote"] for o in answerable), len(answerable)),
        "first_quote_from_source_article": rate(first_right, len(answerable)),
        "answerable_declined": rate(sum(not o["found"] for o in answerable), len(answerable)),
        "answerable_answered_wrongly": rate(
            sum(o["found"] and not o["in_reply"] for o in answerable), len(answerable)
        ),
        "declined_correctly": rate(sum(not o["found"] for o in unanswerable), len(unanswerable)),
        "unanswerable_answered_wrongly": rate(
            sum(o["found"] for o in unanswerable), len(unanswerable)
        ),
    }


# -- the bot's whole reply -----------------------------------------------------------------------


class ReplyWatch(RemoteTelegram):
    """The fake Bot API in its own process (Telegram's limits enforced), as in
    ``bench/broadcast.py``; also hands back the text of a reply."""

    async def first_reply(self, chat_id: int, timeout: float) -> dict:
        """The first message the bot sent to ``chat_id``: its plain text and server time."""
        body = await self._get("wait", chat_id=chat_id, n=1, timeout=timeout)
        return body["result"][0]  # type: ignore[index]


async def ask_once(telegram: ReplyWatch, reader: int, question: str) -> tuple[float, str | None]:
    """A reader's private message; returns (seconds from the update being offered to
    ``getUpdates`` until the reply's ``sendMessage`` reached the server, reply text)."""
    offered = await telegram.send_user_message(reader, question)
    try:
        reply = await telegram.first_reply(reader, timeout=BOT_TIMEOUT)
    except TimeoutError:
        return float("inf"), None
    return reply["time"] - offered, reply["text"]


def finite_ms(ms: float) -> float | None:
    """Milliseconds rounded for printing; None for a reply that never came (valid JSON)."""
    return round(ms, 1) if math.isfinite(ms) else None


async def bot_replies(folder: Path, db: Path, questions: list[dict]) -> dict:
    """Every question sent to the real application running on the archive ``db``, one at a
    time (at most ``BOT_RATE`` per second, within ``BOT_BUDGET`` seconds)."""
    folder.mkdir()
    telegram = ReplyWatch()
    try:
        async with started_bot(folder, telegram, seed=False, database=db):  # type: ignore[arg-type]
            first, _ = await ask_once(telegram, FIRST_BOT_READER, WARM_UP)
            seconds: list[float] = []
            spans = answerable = 0
            deadline = time.monotonic() + BOT_BUDGET
            for number, q in enumerate(questions, start=1):
                if time.monotonic() > deadline:
                    break
                started = time.monotonic()
                took, text = await ask_once(telegram, FIRST_BOT_READER + number, q["question"])
                seconds.append(took)
                if q["answerable"]:
                    answerable += 1
                    spans += text is not None and answered_in(q, text)
                await asyncio.sleep(max(0.0, 1 / BOT_RATE - (time.monotonic() - started)))
            stats = await telegram.stats()
    finally:
        await telegram.close()
    replied = [s for s in seconds if math.isfinite(s)]
    ms = [s * 1000 for s in seconds]  # a missing reply counts as infinitely late
    return {
        "asked": len(seconds),
        "of": len(questions),
        "replies": len(replied),
        "p50_ms": finite_ms(percentile(ms, 50)),
        "p95_ms": finite_ms(percentile(ms, 95)),
        "max_ms": finite_ms(max(ms)),
        "first_ms": finite_ms(first * 1000),
        "span_in_reply": rate(spans, answerable),
        "count_429": stats["count_429"],
    }


# -- the large archive ---------------------------------------------------------------------------


def grow(db: Path, size: int, sources: list[dict]) -> tuple[int, float]:
    """Bulk-load synthetic articles (bench/search.py's recombined sentences, here of the
    ``sources`` records) into the ingested archive until it holds ``size`` articles; returns
    (rows added, seconds)."""
    from bench.search import load_sources, synthesize
    from bot.storage.sqlite import SQLiteStore

    start = time.perf_counter()
    source_file = db.with_name("synthetic-source.jsonl")
    with source_file.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in sources)
    with SQLiteStore(db) as store:
        extra = max(0, size - store.count_articles())
        if extra:
            store.load_archive(synthesize(load_sources([source_file]), extra))
    return extra, time.perf_counter() - start


# -- output ------------------------------------------------------------------------------------


def line(label: str, figure: dict) -> str:
    return f"{label}: {figure['n']}/{figure['of']} ({figure['pct']:.1f} %)"


def latency_line(label: str, figure: dict) -> str:
    return (
        f"{label}: wall p50 {figure['wall_p50_ms']:.1f} ms, p95 {figure['wall_p95_ms']:.1f} ms "
        f"(cpu p50 {figure['cpu_p50_ms']:.1f}, p95 {figure['cpu_p95_ms']:.1f}; "
        f"max {figure['max_ms']:.1f} ms; n={figure['n']})"
    )


def shown_ms(ms: float | None) -> str:
    return "no reply" if ms is None else f"{ms:.1f} ms"


def print_failures(outcomes: list[dict], out=sys.stdout) -> None:
    for o in outcomes:
        q = o["question"]
        if q["answerable"] and o["in_reply"]:
            continue
        if not q["answerable"] and not o["found"]:
            continue
        if q["answerable"]:
            what = "declined" if not o["found"] else "span absent"
            head = f"[{q['id']} {q['type']}] {what}: {q['question']}\n    span: {q['span']}"
        else:
            head = f"[{q['id']} unanswerable] answered: {q['question']}"
        quote = o["first_quote"][:220]
        print(head + (f"\n    first quote: {quote}" if quote else ""), file=out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=SETS, default="indosum", help="question set")
    parser.add_argument(
        "--part", choices=PARTS, default="report", help="bpjs: the part asked (fit/report/all)"
    )
    parser.add_argument(
        "--db", type=Path, help="keep the ingested archive here and reuse it on the next run"
    )
    parser.add_argument(
        "--limit", type=int, help="ask only the first N answerable and N unanswerable"
    )
    parser.add_argument("--archive", type=int, default=1000, help="pages served and ingested")
    parser.add_argument("--size-large", type=int, default=100_000)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument(
        "--skip-bot", action="store_true", help="leave out the bot's whole reply (~12 s)"
    )
    parser.add_argument("--verbose", action="store_true", help="print every failure")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print

    started = time.perf_counter()
    questions = load_questions(args.set, args.part)
    if args.limit is not None:
        questions = [q for q in questions if q["answerable"]][: args.limit] + [
            q for q in questions if not q["answerable"]
        ][: args.limit]
    try:
        articles = load_archive(args.set, args.archive, questions)
    except MissingArchive as exc:
        say(f"skipped: {exc}")
        return 0
    check_data(questions, articles)
    counts = Counter(q["type"] if q["answerable"] else "unanswerable" for q in questions)
    renderer = find_renderer()

    tmp = Path(tempfile.mkdtemp(prefix="warta-answers-"))
    try:
        db = tmp / "archive.db"
        ingested = cached_archive(db, articles, args.db)
        base = ingested.base
        source_urls = {r["id"]: base + page_path(n, r) for n, r in enumerate(articles)}
        store = open_store(db)
        try:
            stored = store.count_articles()
            answering = {q["article_id"] for q in questions if q["answerable"]}
            kept = sum(store.has_article(canonical_url=source_urls[a]) for a in answering)
            answer_module.ask(store, WARM_UP)  # load stemmer, caches
            outcomes = ask_all(store, questions, renderer, source_urls)
        finally:
            store.close()
        figures = score(outcomes, source_urls)
        small = latency(outcomes)
        bot = None if args.skip_bot else asyncio.run(bot_replies(tmp / "bot", db, questions))
        large = large_figures = None
        added = grow_seconds = 0.0
        if not args.skip_large:
            # Not from the answering articles: a recombined copy of one, newer than the
            # original, would hide it from search or quote it without its answer sentence.
            others = [r for r in articles if r["id"] not in answering]
            added, grow_seconds = grow(db, args.size_large, others)
            store = open_store(db)
            try:
                large_size = store.count_articles()
                answer_module.ask(store, WARM_UP)
                large_outcomes = ask_all(store, questions, renderer, source_urls)
            finally:
                store.close()
            large = latency(large_outcomes)
            large_figures = score(large_outcomes, source_urls)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total_seconds = time.perf_counter() - started

    result = {
        "questions": dict(counts),
        "archive": {
            "served": len(articles),
            "stored": stored,
            "answering_articles_stored": rate(kept, len(answering)),
            "ingest_seconds": ingested.seconds,
            "ingest_errors": ingested.errors,
            "duplicates": ingested.duplicates,
        },
        "renderer": renderer_name(renderer),
        **figures,
        "latency_archive": small,
        "bot_reply": bot,
        "latency_large": large,
        "large_size": None if large is None else large_size,
        "large_answered": None if large_figures is None else large_figures["answered"],
        "large_source_in_top3_hits": None
        if large_figures is None
        else large_figures["source_in_top3_hits"],
        "large_declined_correctly": None
        if large_figures is None
        else large_figures["declined_correctly"],
        "seconds": round(total_seconds, 1),
    }
    if args.verbose:
        print_failures(outcomes, sys.stderr if args.json else sys.stdout)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    answerable = sum(v for k, v in counts.items() if k != "unanswerable")
    say(
        f"questions: {answerable} answerable ("
        + ", ".join(f"{t} {counts[t]}" for t in TYPES if counts[t])
        + f"), {counts['unanswerable']} unanswerable"
    )
    say(
        f"archive: {len(articles)} pages served, {stored} articles stored by one poll in "
        f"{ingested.seconds:.1f} s ({ingested.summary}; {ingested.errors} errors); "
        f"answering articles stored: {kept}/{len(answering)}"
    )
    say(f"reply text judged: {renderer_name(renderer) or 'answer sentences joined'}")
    say(line("answering article in the top 3 search hits", figures["source_in_top3_hits"]))
    say(line("answered (reply contains the span)", figures["answered"]))
    for kind, figure in figures["answered_by_type"].items():
        say(line(f"  {kind:<8}", figure))
    say(line("  span in a quoted sentence", figures["span_in_quoted_sentence"]))
    say(line("  first quote from the source article", figures["first_quote_from_source_article"]))
    say(line("answerable but declined", figures["answerable_declined"]))
    say(line("answerable, answered wrongly (span absent)", figures["answerable_answered_wrongly"]))
    say(line("declined correctly (unanswerable)", figures["declined_correctly"]))
    say(line("unanswerable, answered wrongly", figures["unanswerable_answered_wrongly"]))
    say(latency_line(f"ask() latency at {stored:,} articles", small))
    if bot is not None:
        missing = bot["asked"] - bot["replies"]
        say(
            f"bot's whole reply at {stored:,} articles (update offered to getUpdates -> reply's "
            f"sendMessage at the fake Bot API): p50 {shown_ms(bot['p50_ms'])}, "
            f"p95 {shown_ms(bot['p95_ms'])}, max {shown_ms(bot['max_ms'])}; "
            f"n={bot['asked']} of {bot['of']} ({missing} without a reply, "
            f"{bot['count_429']} 429s; first, warm-up reply {shown_ms(bot['first_ms'])})"
        )
        say(line("  span in the bot's reply (same check as above)", bot["span_in_reply"]))
    if large is not None:
        say(
            f"grown to {large_size:,} articles: {int(added):,} synthetic rows bulk-loaded in "
            f"{grow_seconds:.0f} s"
        )
        say(latency_line(f"ask() latency at {large_size:,} articles", large))
        say(
            "  (for information only: the synthetic rows are ~100 recombined copies of each "
            "non-answering article, which crowd out the one answering article)"
        )
        say(line(f"  in the top 3 hits at {large_size:,}", large_figures["source_in_top3_hits"]))
        say(line(f"  answered at {large_size:,}", large_figures["answered"]))
        say(line(f"  declined correctly at {large_size:,}", large_figures["declined_correctly"]))
    say(f"total: {total_seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
