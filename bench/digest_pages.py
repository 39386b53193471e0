"""Messages for a phone: digest pages and answers on a 1,000-article archive, in visible characters.

1. Archive, through the real ingestion path (``bench.answers.build_archive``: a local site of
   feeds and pages, one ``Ingestor.poll_once()``): the 1,000 IndoSum articles of the question
   set (``bench.answer_sets``, every answering article included), with publication dates
   spread over the week before the run; every tenth article's feed and page give no date
   (it counts by its fetch time) and every twentieth is dated 30 to 400 days back (an old
   article found only now, no news of the window).
2. Digests: ``bot.delivery.digest_queue.compose_digest`` (what the sweep and /ringkasan send)
   for ``--chats`` readers, each following a random mix of the catalogue's topics and
   keywords common in the archive, over the last 24 hours and over a week. Prints the pages'
   visible length (what the reader sees: UTF-16 units after entity parsing, as Telegram counts)
   p50 / p95 / max against the target of 1,500, pages per digest, and checks that every page
   after the first opens with its section's heading, that no heading stands without a story,
   and that no old article is listed.
3. Answers: every question of the IndoSum set through ``bot.chat.answer.ask`` and the bot's
   rendering; the reply's visible length p50 / p95 / max against the target of 700, and how
   many replies hold the answer span (``bench.answers.answered_in``) at 700 and with no
   phone limit (4,096: the previous budget).

Run: python -m bench.digest_pages [--chats 200] [--db PATH] [--seed 16]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.answer_sets import load_archive, load_questions
from bench.answers import answered_in, build_archive
from bot.chat.answer import ANSWER_MAX, ask, render_answer, render_result
from bot.core.config import SEEDS_DIR
from bot.core.models import ChatSettings
from bot.core.topics import load_topics
from bot.delivery.digest_queue import compose_digest
from bot.present.digest_page import PAGE_LIMIT
from bot.present.render import telegram_length
from bot.storage import Store, open_store

ARCHIVE = 1000
WEEK = timedelta(days=7)
KEYWORDS = (
    *("jakarta", "presiden", "polisi", "harga", "sepak bola", "film", "pemerintah"),
    *("indonesia", "banjir", "pemilu", "bank", "gempa", "liga inggris", "ekonomi"),
)
HEADINGS = ("📌 ", "🔑 ", "✔️ ", "➕ ")
_TAG = re.compile(r"<[^>]+>")


def dated_records(now: datetime, seed: int) -> list[dict]:
    """The archive's records with publication dates of the week before ``now``; every tenth
    undated, every twentieth of long ago."""
    questions = load_questions("indosum")
    records = load_archive("indosum", ARCHIVE, questions)
    rng = random.Random(seed)
    out = []
    for n, record in enumerate(records):
        if n % 10 == 9:
            published = None
        elif n % 20 == 4:
            published = now - timedelta(days=rng.uniform(30, 400))
        else:
            published = now - WEEK * rng.random()
        out.append({**record, "published": published})
    return out


def plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


def quantiles(values: list[int]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):,.0f}, p95 {p95:,}, max {ordered[-1]:,}"


def page_problems(pages: list[str]) -> list[str]:
    """What breaks the layout: a later page not opening with a heading, a heading alone."""
    problems = []
    for number, page in enumerate(pages, start=1):
        text = plain(page)
        if number > 1 and not text.startswith(HEADINGS):
            problems.append(f"page {number} opens without a heading: {text[:60]!r}")
        blocks = text.split("\n\n")
        for n, block in enumerate(blocks):
            alone = block.startswith(HEADINGS) and "\n" not in block
            if alone and (n + 1 == len(blocks) or blocks[n + 1].startswith(HEADINGS)):
                problems.append(f"page {number}: a heading without a story: {block!r}")
    return problems


def digests(store: Store, now: datetime, chats: int, seed: int, old_urls: set[str]) -> None:
    topics = {t.slug: t for t in load_topics(SEEDS_DIR / "topics.toml")}
    pool = [("topic", slug) for slug in topics] + [("keyword", k) for k in KEYWORDS]
    rng = random.Random(seed)
    for label, window in (("24 hours", timedelta(hours=24)), ("a week", WEEK)):
        lengths: list[int] = []
        page_counts: list[int] = []
        entries: list[int] = []
        problems: list[str] = []
        old_listed = 0
        empty = 0
        started = time.perf_counter()
        for n in range(chats):
            chat_id = 10_000 + n
            store.upsert_chat(chat_id)
            for kind, value in rng.sample(pool, rng.randint(1, 6)):
                store.add_subscription(chat_id, kind, value)
            chat = replace(ChatSettings(chat_id=chat_id), last_digest_at=now - window)
            pages = compose_digest(store, topics, chat, now, now - window)
            if not pages:
                empty += 1
                continue
            page_counts.append(len(pages))
            lengths.extend(telegram_length(p) for p in pages)
            entries.append(sum(p.count("<b><a href=") for p in pages))
            problems.extend(page_problems(pages))
            old_listed += sum(url in p for p in pages for url in old_urls)
        seconds = time.perf_counter() - started
        print(f"digests over {label}: {len(page_counts)} of {chats} readers ({empty} nothing new)")
        if lengths:
            over = sum(1 for x in lengths if x > PAGE_LIMIT)
            target = f"target {PAGE_LIMIT:,}; over: {over}"
            print(f"  page, visible characters: {quantiles(lengths)} ({target})")
            print(f"  pages per digest: {quantiles(page_counts)}")
            print(f"  stories per digest: {quantiles(entries)}")
        print(f"  layout problems: {len(problems)}; old articles listed: {old_listed}")
        for problem in problems[:5]:
            print(f"    {problem}")
        print(f"  compose_digest: {1000 * seconds / chats:.1f} ms per reader")


def answers(store: Store) -> None:
    questions = load_questions("indosum")
    phone: list[int] = []
    whole: list[int] = []
    held_phone = held_whole = 0
    asked = 0
    for q in questions:
        result = ask(store, q["question"])
        if not result.found:
            continue
        asked += 1
        reply = render_result(result, "Asia/Jakarta")
        unlimited = render_answer(result.answers, "Asia/Jakarta", limit=4096)
        phone.append(telegram_length(reply))
        whole.append(telegram_length(unlimited))
        held_phone += answered_in(q, plain(reply))
        held_whole += answered_in(q, plain(unlimited))
    print(f"answers: {asked} of {len(questions)} questions answered")
    if phone:
        over = sum(1 for x in phone if x > ANSWER_MAX)
        target = f"target {ANSWER_MAX}; over: {over}"
        print(f"  reply, visible characters: {quantiles(phone)} ({target})")
        print(f"  the same answers with no phone limit: {quantiles(whole)}")
        print(f"  replies holding the answer span: {held_phone} (no phone limit: {held_whole})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=200, help="readers per window")
    parser.add_argument("--db", type=Path, help="build the archive here (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    now = datetime.now(UTC)
    records = dated_records(now, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "digest-pages.db"
        if db.exists():
            raise SystemExit(f"{db} exists: the archive's dates are relative to the run")
        report, seconds, base = build_archive(db, records)
        print(f"archive: {report.summary_line()} in {seconds:.1f} s")
        old_paths = {
            f"/berita/{n}/{r['id'][:60]}"
            for n, r in enumerate(records)
            if r["published"] and r["published"] < now - WEEK
        }
        store = open_store(db)
        try:
            now = datetime.now(UTC) + timedelta(minutes=1)
            digests(store, now, args.chats, args.seed, {base + p for p in old_paths})
            answers(store)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
