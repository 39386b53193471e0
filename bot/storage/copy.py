"""Copy a whole Warta database from one backend to another (``warta copy-db SRC DST``)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TextIO

from bot.core.database_url import parse_database_url
from bot.storage import Store, StoreError, open_store
from bot.storage.copy_marker import describe_marker, marker_value
from bot.storage.tables import copy_tables
from bot.storage.values import utc_now

__all__ = ["CopyReport", "Progress", "copy_database", "copy_tables"]


class Progress:
    """A plain-text progress bar on a stream (stderr): redrawn in place on a terminal, a line
    every 10 % otherwise (logs)."""

    def __init__(self, stream: TextIO | None = None, *, every: float = 0.25) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.every = every
        self._last = 0.0
        self._label = ""
        self._decile = -1

    def __call__(self, label: str, done: int, total: int) -> None:
        fraction = done / total if total else 1.0
        now = time.monotonic()
        if self.tty:
            if label == self._label and done < total and now - self._last < self.every:
                return
            width = 30
            bar = "#" * int(fraction * width)
            self.stream.write(f"\r{label:<16} [{bar:<{width}}] {done:>10,}/{total:,}")
            if done >= total:
                self.stream.write("\n")
        else:
            decile = int(fraction * 10)
            if label == self._label and decile == self._decile:
                return
            self._decile = decile
            self.stream.write(f"{label}: {done:,}/{total:,} ({fraction:.0%})\n")
        self._label, self._last = label, now
        self.stream.flush()


class CopyReport(dict[str, int]):
    """Rows copied per table."""


def _counted(rows: Iterable[tuple], label: str, total: int, progress: Progress) -> Iterator[tuple]:
    done = 0
    progress(label, 0, total)
    for row in rows:
        yield row
        done += 1
        if done % 1000 == 0:
            progress(label, done, total)
    progress(label, done, total)


def copy_database(
    source: str,
    destination: str,
    *,
    force: bool = False,
    progress: Progress | None = None,
    opener: Callable[..., Store] = open_store,
    clock: Callable[[], datetime] = utc_now,
) -> CopyReport:
    """Copy every table of ``source`` into ``destination`` (both migrated at open), ids kept,
    then rebuild the destination's search index. A destination that holds anything, or that
    an earlier copy left unfinished, is refused (StoreError) unless ``force``, which empties
    it first. An unfinished copy as the source is refused (IncompleteCopy).

    The destination carries a mark (``bot.storage.copy_marker``) from before its first row
    until its search index is committed: a copy stopped anywhere is never taken for a whole
    database."""
    progress = progress or Progress()
    src = opener(source)
    try:
        dst = opener(destination, allow_incomplete_copy=True)
        try:
            unfinished = dst.incomplete_copy()
            if unfinished is not None and not force:
                raise StoreError(
                    f"{parse_database_url(destination)} is an unfinished copy made by copy-db "
                    f"{describe_marker(unfinished)}; pass --force to empty it and start the "
                    "copy over"
                )
            held = {t: dst.count_rows(t) for t in copy_tables() if t != "fanout_cursors"}
            if any(held.values()) and not force:
                busy = ", ".join(f"{t} {n:,}" for t, n in held.items() if n)
                raise StoreError(
                    f"the destination is not empty ({busy}); pass --force to replace its "
                    "contents, or choose an empty database"
                )
            # The mark is committed before anything else changes, and kept by empty().
            dst.mark_incomplete_copy(marker_value(source, clock()))
            if unfinished is not None or any(held.values()):
                dst.empty()
            report = CopyReport()
            for table in copy_tables():
                total = src.count_rows(table)
                rows = _counted(src.export_rows(table), table, total, progress)
                report[table] = dst.import_rows(table, rows)
            dst.finish_import(lambda done, total: progress("search index", done, total))
            dst.clear_incomplete_copy()  # only once the rows and the index are committed
            return report
        finally:
            dst.close()
    finally:
        src.close()
