"""Whole-table export and import for ``warta copy-db`` (SQLite)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from bot.storage.copy_marker import MARKER_KEY
from bot.storage.sqlite import fts
from bot.storage.sqlite.base import SQLiteBase, from_db_time, to_db_time
from bot.storage.tables import BOOL, TABLES, TIME, table_columns

IMPORT_BATCH = 5_000


def _from_db(kind: str, value: object) -> object:
    if value is None:
        return None
    if kind == TIME:
        return from_db_time(value)  # type: ignore[arg-type]
    if kind == BOOL:
        return bool(value)
    return value


def _to_db(kind: str, value: object) -> object:
    if value is None:
        return None
    if kind == TIME:
        return to_db_time(value)  # type: ignore[arg-type]
    if kind == BOOL:
        return int(bool(value))
    return value


class CopyingSection(SQLiteBase):
    """Export and import of whole tables, and the rebuild of what derives from them."""

    def count_rows(self, table: str) -> int:
        table_columns(table)
        with self._lock:
            return self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def export_rows(self, table: str) -> Iterator[tuple]:
        """Every row of ``table`` as Python values, in the order of ``bot.storage.tables``."""
        columns = table_columns(table)
        names = ", ".join(name for name, _ in columns)
        with self._read() as conn:
            cursor = conn.execute(f"SELECT {names} FROM {table} ORDER BY 1")
            while rows := cursor.fetchmany(IMPORT_BATCH):
                for row in rows:
                    yield tuple(
                        _from_db(kind, v) for (_, kind), v in zip(columns, row, strict=True)
                    )

    def import_rows(self, table: str, rows: Iterable[tuple]) -> int:
        """Insert exported rows into ``table`` as they are (ids kept); returns how many."""
        columns = table_columns(table)
        names = ", ".join(name for name, _ in columns)
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        count = 0
        batch: list[tuple] = []

        def flush() -> None:
            with self._write() as conn:
                if table == "fanout_cursors":  # an empty database starts with the push cursor
                    conn.executemany(
                        "DELETE FROM fanout_cursors WHERE name = ?", [(r[0],) for r in batch]
                    )
                conn.executemany(sql, batch)
            batch.clear()

        for row in rows:
            batch.append(tuple(_to_db(kind, v) for (_, kind), v in zip(columns, row, strict=True)))
            if len(batch) >= IMPORT_BATCH:
                count += len(batch)
                flush()
        if batch:
            count += len(batch)
            flush()
        return count

    def finish_import(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Rebuild the search indexes and document counts from the imported articles."""
        with self._write() as conn:
            total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            fts.refill_index(conn, progress=progress, total=total)
            fts.refill_recent(conn)
            fts.refill_term_counts(conn)

    def incomplete_copy(self) -> str | None:
        """The mark of an unfinished copy-db into this database, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM database_meta WHERE key = ?", (MARKER_KEY,)
            ).fetchone()
        return row[0] if row else None

    def mark_incomplete_copy(self, value: str) -> None:
        """Mark this database as an unfinished copy (committed at once)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO database_meta(key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (MARKER_KEY, value),
            )

    def clear_incomplete_copy(self) -> None:
        """The copy is finished: remove the mark."""
        with self._write() as conn:
            conn.execute("DELETE FROM database_meta WHERE key = ?", (MARKER_KEY,))

    def empty(self) -> None:
        """Delete every row of every table, indexes included (``database_meta`` is kept)."""
        with self._write() as conn:
            conn.execute(f"INSERT INTO {fts.FTS_TABLE}({fts.FTS_TABLE}) VALUES ('delete-all')")
            conn.execute(f"DELETE FROM {fts.RECENT_TABLE}")
            conn.execute("DELETE FROM term_df")
            for table, _ in reversed(TABLES):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("INSERT INTO fanout_cursors(name, article_id) VALUES ('push', 0)")
