"""Whole-table export and import for ``warta copy-db`` (PostgreSQL)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC

from psycopg import sql

from bot.storage.copy_marker import MARKER_KEY
from bot.storage.index import index_terms, stemmed_fields
from bot.storage.postgres.admin import empty_database
from bot.storage.postgres.articles import count_terms
from bot.storage.postgres.base import PostgresBase
from bot.storage.postgres.tsv import tsvector_literal
from bot.storage.tables import IDENTITY_TABLES, TIME, table_columns

BATCH = 2_000


def _plain(value: object, is_time: bool) -> object:
    """A fetched value as the other backend takes it: UTC datetimes, bytes."""
    if value is None:
        return None
    if is_time:
        return value.astimezone(UTC)  # type: ignore[attr-defined]
    return bytes(value) if isinstance(value, memoryview) else value


class CopyingSection(PostgresBase):
    """Export and import of whole tables, and the rebuild of what derives from them."""

    def count_rows(self, table: str) -> int:
        table_columns(table)
        with self._tx() as conn:
            row = conn.execute(
                sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()
        return int(row[0]) if row else 0

    def export_rows(self, table: str) -> Iterator[tuple]:
        """Every row of ``table`` as Python values, in the order of ``bot.storage.tables``."""
        columns = table_columns(table)
        query = sql.SQL("SELECT {} FROM {} ORDER BY 1").format(
            sql.SQL(", ").join(sql.Identifier(name) for name, _ in columns),
            sql.Identifier(table),
        )
        times = {i for i, (_, kind) in enumerate(columns) if kind == TIME}
        with self._tx() as conn, conn.cursor(name=f"export_{table}") as cursor:
            cursor.itersize = BATCH
            cursor.execute(query)
            for row in cursor:
                yield tuple(_plain(v, i in times) for i, v in enumerate(row))

    def import_rows(self, table: str, rows: Iterable[tuple]) -> int:
        """Insert exported rows into ``table`` as they are (ids kept); returns how many."""
        columns = table_columns(table)
        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(n) for n, _ in columns)
        )
        count = 0
        with self._tx() as conn:
            if table == "fanout_cursors":  # an empty database starts with the push cursor
                conn.execute("DELETE FROM fanout_cursors")
            with conn.cursor() as cursor, cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count

    def finish_import(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Rebuild the search index and document counts from the imported articles, and move
        the id counters past the copied ids."""
        with self._tx() as conn:
            conn.execute("DELETE FROM article_search")
            conn.execute("DELETE FROM term_df")
            conn.execute("DELETE FROM term_df_pending")
            row = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
            total = int(row[0]) if row else 0
            terms: Counter[str] = Counter()
            done = 0
            with conn.cursor(name="reindex") as source, conn.cursor() as target:
                source.execute(
                    "SELECT a.id, a.story_id, a.dated_at, a.title, b.bullets, b.text "
                    "FROM articles a JOIN article_bodies b ON b.article_id = a.id ORDER BY a.id"
                )
                # One COPY per batch: the connection cannot fetch while a COPY is open.
                while batch := source.fetchmany(BATCH):
                    documents = []
                    for article_id, story_id, dated_at, title, bullets, text in batch:
                        stems = stemmed_fields(title, json.loads(bullets), text)
                        documents.append((article_id, story_id, dated_at, tsvector_literal(*stems)))
                        terms.update(index_terms(*stems))
                    with target.copy(
                        "COPY article_search(article_id, story_id, dated_at, doc) FROM STDIN"
                    ) as copy:
                        for document in documents:
                            copy.write_row(document)
                    done += len(batch)
                    if progress:
                        progress(done, total)
            count_terms(conn, terms)
            if progress:
                progress(done, total)
            for table in IDENTITY_TABLES:
                conn.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence({name}, 'id'), "
                        "COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    ).format(name=sql.Literal(table), table=sql.Identifier(table))
                )

    def incomplete_copy(self) -> str | None:
        """The mark of an unfinished copy-db into this database, or None."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT value FROM database_meta WHERE key = %s", (MARKER_KEY,)
            ).fetchone()
        return str(row[0]) if row else None

    def mark_incomplete_copy(self, value: str) -> None:
        """Mark this database as an unfinished copy (committed at once)."""
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO database_meta(key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (MARKER_KEY, value),
            )

    def clear_incomplete_copy(self) -> None:
        """The copy is finished: remove the mark."""
        with self._tx() as conn:
            conn.execute("DELETE FROM database_meta WHERE key = %s", (MARKER_KEY,))

    def empty(self) -> None:
        """Delete every row of every table, the index included (``database_meta`` is kept)."""
        empty_database(self.dsn, keep=("database_meta",))
