"""``warta feedback --export FILE``: every answer the bot gave, with the reader's 👍 / 👎, as
JSON lines (``-``: standard output).

One line per answer, in id order: ``{"id", "asked_at", "question", "sentences",
"article_urls", "vote", "voted_at"}`` (times ISO 8601 UTC; ``vote`` "up", "down" or null, and
``voted_at`` null when the reader did not vote). Never the chat id: the export says what was
asked and how the answer was judged, not by whom.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import TextIO

from bot.core.config import Settings
from bot.core.models import AnswerRecord
from bot.storage import Store, open_store

__all__ = ["export_feedback", "record_json", "run_feedback"]

PAGE = 1000  # answers read from the store at a time


def record_json(record: AnswerRecord) -> dict[str, object]:
    """One exported line (no chat id)."""
    return {
        "id": record.id,
        "asked_at": record.asked_at.isoformat(),
        "question": record.question,
        "sentences": list(record.sentences),
        "article_urls": list(record.article_urls),
        "vote": record.vote,
        "voted_at": record.voted_at.isoformat() if record.voted_at else None,
    }


def export_feedback(store: Store, out: TextIO) -> Counter[str]:
    """Write every answer record to ``out`` as JSON lines; returns the count of each vote
    ("up", "down", and "none" for no vote)."""
    counts: Counter[str] = Counter()
    after = 0
    while records := store.answer_records(after=after, limit=PAGE):
        for record in records:
            out.write(json.dumps(record_json(record), ensure_ascii=False) + "\n")
            counts[record.vote or "none"] += 1
        after = records[-1].id
    return counts


def _summary(counts: Counter[str], where: str) -> str:
    total = sum(counts.values())
    noun = "answer" if total == 1 else "answers"
    return (
        f"wrote {total:,} {noun} to {where}: {counts['up']:,} up, {counts['down']:,} down, "
        f"{counts['none']:,} without a vote"
    )


def run_feedback(args: argparse.Namespace, settings: Settings) -> int:
    """Export the answers and their votes; print how many were written."""
    if not settings.database.exists():
        print(
            f"warta: no database at {settings.database} yet (or set WARTA_DATABASE)",
            file=sys.stderr,
        )
        return 1
    store = open_store(settings.database)
    try:
        if args.export == "-":
            counts = export_feedback(store, sys.stdout)
            sys.stdout.flush()
            print(_summary(counts, "standard output"), file=sys.stderr)
            return 0
        target = Path(args.export)
        if target.is_dir():
            print(f"warta: {target} is a folder; name a file to write", file=sys.stderr)
            return 2
        # Written beside the target and moved over it at the end: a failed export leaves no
        # half-written file (and an earlier export stays whole).
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                counts = export_feedback(store, out)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    finally:
        store.close()
    print(_summary(counts, str(target)))
    return 0
