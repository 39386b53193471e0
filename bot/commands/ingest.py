"""``warta ingest``: poll the feeds once (``--once``) or forever, and store new articles.

With ``--once`` the exit status is 0 unless every polled feed failed (1). The last line on
stdout is the summary: ``feeds: N ok, N failed; new articles: N; duplicates: N; stories: N``;
why feeds failed goes to stderr before it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from typing import TextIO

from bot.core.config import Settings
from bot.core.models import FeedSource, Topic
from bot.core.sources import load_sources
from bot.core.topics import load_topics
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import Ingestor, IngestReport
from bot.storage import open_store

__all__ = ["ProgressBar", "run_ingest"]

logger = logging.getLogger(__name__)


class ProgressBar:
    """A one-line textual progress bar, redrawn in place on a terminal."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self._drawn = False

    def __call__(self, done: int, total: int, name: str) -> None:
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r\x1b[K[{bar}] {done}/{total} feeds  {name[:40]}")
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


def _print_report(report: IngestReport) -> None:
    for line in report.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in report.long_failing:
        print(f"failing for over a day: {line}", file=sys.stderr)
    print(report.summary_line(), flush=True)


async def _ingest(
    settings: Settings,
    sources: list[FeedSource],
    topics: list[Topic],
    *,
    once: bool,
    progress: bool,
) -> int:
    store = await asyncio.to_thread(open_store, settings.database)  # never block the loop
    try:
        async with Fetcher() as fetcher:
            ingestor = Ingestor(
                store, fetcher, sources, topics, poll_interval=settings.poll_interval
            )
            while True:
                started = time.monotonic()
                bar = ProgressBar(sys.stderr) if progress else None
                report: IngestReport | None
                try:
                    report = await ingestor.poll_once(progress=bar)
                except Exception:
                    if once:
                        raise
                    # The loop outlives a bad poll (e.g. the database briefly locked).
                    logger.exception("poll failed; trying again at the next interval")
                    report = None
                finally:
                    if bar is not None:
                        bar.finish()  # clear the bar before the summary is printed
                if report is not None:
                    _print_report(report)
                    if once:
                        return 1 if report.feeds_failed and not report.feeds_ok else 0
                pause = max(0.0, settings.poll_interval - (time.monotonic() - started))
                logger.info("next poll in %.0f s", pause)
                await asyncio.sleep(pause)
    finally:
        await asyncio.to_thread(store.close)


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Poll all feeds once (``--once``) or every ``settings.poll_interval`` seconds."""
    sources = load_sources(settings.feeds_file)  # a bad catalogue stops us before the database
    topics = load_topics(settings.topics_file)
    show_progress = not getattr(args, "no_progress", False) and sys.stderr.isatty()
    return asyncio.run(
        _ingest(settings, sources, topics, once=bool(args.once), progress=show_progress)
    )
