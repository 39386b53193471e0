"""Copy a whole Warta database from one backend to another (``warta copy-db SRC DST``)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from bot.storage import Store, StoreError, open_store
from bot.storage.tables import copy_tables

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
    opener: Callable[[str], Store] = open_store,
) -> CopyReport:
    """Copy every table of ``source`` into ``destination`` (both migrated at open), ids kept,
    then rebuild the destination's search index. A destination that holds anything is
    refused (StoreError) unless ``force``, which empties it first."""
    progress = progress or Progress()
    src = opener(source)
    try:
        dst = opener(destination)
        try:
            held = {t: dst.count_rows(t) for t in copy_tables() if t != "fanout_cursors"}
            if any(held.values()) and not force:
                busy = ", ".join(f"{t} {n:,}" for t, n in held.items() if n)
                raise StoreError(
                    f"the destination is not empty ({busy}); pass --force to replace its "
                    "contents, or choose an empty database"
                )
            if any(held.values()):
                dst.empty()
            report = CopyReport()
            for table in copy_tables():
                total = src.count_rows(table)
                rows = _counted(src.export_rows(table), table, total, progress)
                report[table] = dst.import_rows(table, rows)
            dst.finish_import(lambda done, total: progress("search index", done, total))
            return report
        finally:
            dst.close()
    finally:
        src.close()
