"""``warta search QUERY [--limit N] [--json]``: search the stored articles."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, tzinfo

from bot.core.config import Settings
from bot.core.models import SearchHit
from bot.storage import open_store

__all__ = ["MAX_LIMIT", "hit_to_json", "run_search"]

MAX_LIMIT = 100


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def hit_to_json(hit: SearchHit) -> dict[str, object]:
    """One result as the ``--json`` output lists it."""
    article = hit.article
    return {
        "title": article.title,
        "url": article.url,
        "outlet": article.outlet,
        "published_at": _iso(article.published_at),
        "bullets": list(article.bullets),
        "topics": list(article.topics),
    }


def _plain(hits: list[SearchHit], tz: tzinfo) -> str:
    lines: list[str] = []
    for number, hit in enumerate(hits, start=1):
        article = hit.article
        when = article.published_at or article.fetched_at
        stamp = when.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if when else "date unknown"
        source = article.outlet
        if hit.other_outlets:
            source += f" (also: {', '.join(hit.other_outlets)})"
        lines.append(f"{number}. {article.title}")
        lines.append(f"   {source} · {stamp}")
        lines.extend(f"   • {bullet}" for bullet in article.bullets)
        if article.topics:
            lines.append(f"   topics: {', '.join(article.topics)}")
        lines.append(f"   {article.url}")
        lines.append("")
    return "\n".join(lines).rstrip()


def run_search(args: argparse.Namespace, settings: Settings) -> int:
    """Print the best matches for the query: a readable list, or JSON with ``--json``."""
    query = " ".join(args.query).strip()
    if not query:
        print("warta: the search query is empty", file=sys.stderr)
        return 2
    if not 1 <= args.limit <= MAX_LIMIT:
        print(f"warta: --limit must be between 1 and {MAX_LIMIT}", file=sys.stderr)
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
        hits = store.search(query, limit=args.limit)
    finally:
        store.close()
    if args.json:
        print(json.dumps([hit_to_json(h) for h in hits], ensure_ascii=False, indent=2))
    elif hits:
        print(_plain(hits, settings.tzinfo))
    else:
        print(f"No results for {query!r}.")
    return 0
