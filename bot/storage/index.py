"""What goes into the full-text index: title, bullets and text, stemmed with Sastrawi."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from bot.storage.schema import FTS_TABLE, RECENT_ROWS, RECENT_TABLE
from summaries.stem import stem_text

INSERT_SQL = f"INSERT INTO {FTS_TABLE}(rowid, title, bullets, body) VALUES (?, ?, ?, ?)"
INSERT_RECENT_SQL = f"INSERT INTO {RECENT_TABLE}(rowid, title, bullets, body) VALUES (?, ?, ?, ?)"


def stemmed_fields(title: str, bullets: Sequence[str], text: str) -> tuple[str, str, str]:
    """The three indexed columns: stemmed title, stemmed bullets, stemmed text."""
    return stem_text(title), stem_text("\n".join(bullets)), stem_text(text)


def index_rows(
    conn: sqlite3.Connection,
    rows: Iterable[tuple[int, str, str, str]],
    *,
    sql: str = INSERT_SQL,
) -> int:
    """Index ``(article_id, title, bullets_json, text)`` rows; returns how many."""
    count = 0
    batch: list[tuple[int, str, str, str]] = []
    for article_id, title, bullets_json, text in rows:
        batch.append((article_id, *stemmed_fields(title, json.loads(bullets_json), text)))
        if len(batch) >= 500:
            conn.executemany(sql, batch)
            count += len(batch)
            batch.clear()
    conn.executemany(sql, batch)
    return count + len(batch)


def prune_recent(conn: sqlite3.Connection, newest_id: int) -> None:
    """Keep only the newest ``RECENT_ROWS`` articles in the recent index."""
    conn.execute(f"DELETE FROM {RECENT_TABLE} WHERE rowid <= ?", (newest_id - RECENT_ROWS,))


def refill_recent(conn: sqlite3.Connection) -> int:
    """Rebuild the recent index from the newest stored articles; returns how many."""
    conn.execute(f"DELETE FROM {RECENT_TABLE}")
    newest = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]
    rows = conn.execute(
        "SELECT a.id, a.title, b.bullets, b.text FROM articles a "
        "JOIN article_bodies b ON b.article_id = a.id WHERE a.id > ? ORDER BY a.id",
        (newest - RECENT_ROWS,),
    )
    return index_rows(conn, rows, sql=INSERT_RECENT_SQL)
