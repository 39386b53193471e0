"""``warta feeds``: a table of feed health (catalogue feeds and what the store remembers)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from bot.core.config import ConfigError, Settings
from bot.core.models import FeedState
from bot.core.sources import load_sources
from bot.storage import open_store

__all__ = ["format_table", "run_feeds"]

_ERROR_WIDTH = 60


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "-"


def _shorten(text: str | None, width: int) -> str:
    if not text:
        return "-"
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def format_table(states: list[FeedState], now: datetime) -> str:
    """Feed health as an aligned text table (times in UTC)."""
    header = ("FEED", "LAST SUCCESS", "LAST ERROR", "FAILURES", "NEXT POLL")
    rows = [header]
    for state in states:
        if state.next_poll_at is None or state.next_poll_at <= now:
            next_poll = "next run"
        else:
            next_poll = _when(state.next_poll_at)
        error = _shorten(state.last_error, _ERROR_WIDTH) if state.consecutive_failures else "-"
        if state.consecutive_failures and state.last_error_at:
            error = f"{_when(state.last_error_at)} {error}"
        rows.append(
            (
                f"{state.name} <{state.url}>",
                _when(state.last_success_at) if state.last_success_at else "never",
                error,
                str(state.consecutive_failures),
                next_poll,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    return "\n".join(lines) + "\n(times in UTC)"


def run_feeds(args: argparse.Namespace, settings: Settings) -> int:
    """Print the health of every feed: last success, last error, failures, next poll."""
    try:
        catalogue = load_sources(settings.feeds_file)
    except ConfigError as exc:
        print(f"warta: {exc}; showing the feeds the database knows", file=sys.stderr)
        catalogue = []
    states: dict[str, FeedState] = {}
    if settings.database.exists():
        store = open_store(settings.database)
        try:
            states = {state.url: state for state in store.feed_states()}
        finally:
            store.close()
    ordered = [states.pop(s.url, FeedState(url=s.url, name=s.name)) for s in catalogue]
    ordered += sorted(states.values(), key=lambda s: (s.name, s.url))
    if not ordered:
        print("No feeds: the catalogue is empty and nothing was polled yet.")
        return 0
    print(format_table(ordered, datetime.now(UTC)))
    return 0
