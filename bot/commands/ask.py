"""``warta ask "pertanyaan" [--json] [--limit N]``: answer a question from the archive, exactly
as the bot would (``bot.chat.answer.ask``)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.chat.answer import ask
from bot.core.config import Settings
from bot.storage import open_store

__all__ = ["MAX_LIMIT", "limit_arg", "run_ask"]

MAX_LIMIT = 10


def limit_arg(value: str) -> int:
    """``--limit``: a whole number from 1 to ``MAX_LIMIT`` (argparse exits 2 otherwise)."""
    try:
        limit = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_LIMIT}")
    return limit


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Print the answer (or the honest "not found"); exit 0 either way."""
    question = " ".join(" ".join(args.question).split())
    if not question:
        print("warta: the question is empty", file=sys.stderr)
        return 2
    if not settings.database.exists():
        print(
            f"warta: no database at {settings.database} yet; run `warta ingest --once` first "
            "(or set WARTA_DATABASE)",
            file=sys.stderr,
        )
        return 1
    store = open_store(settings.database)
    try:
        result = ask(store, question, limit=args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    if not result.found:
        print("No answer found in the archive." if result.kind != "small_talk" else "(small talk)")
        return 0
    for number, item in enumerate(result.answers, start=1):
        when = item.published_at or item.fetched_at
        print(f"{number}. {item.sentence}")
        if item.highlight:
            print(f"   answer: {item.highlight}")
        print(f"   {item.title} · {item.outlet} · {when:%Y-%m-%d}" if when else f"   {item.title}")
        print(f"   {item.url}")
    return 0
