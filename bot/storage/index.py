"""What goes into the full-text index: title, bullets and text, stemmed with Sastrawi."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from bot.storage.schema import FTS_TABLE
from summaries.stem import stem_text

INSERT_SQL = f"INSERT INTO {FTS_TABLE}(rowid, title, bullets, body) VALUES (?, ?, ?, ?)"


def stemmed_fields(title: str, bullets: Sequence[str], text: str) -> tuple[str, str, str]:
    """The three indexed columns: stemmed title, stemmed bullets, stemmed text."""
    return stem_text(title), stem_text("\n".join(bullets)), stem_text(text)


def index_rows(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, str, str]]) -> int:
    """Index ``(article_id, title, bullets_json, text)`` rows; returns how many."""
    count = 0
    batch: list[tuple[int, str, str, str]] = []
    for article_id, title, bullets_json, text in rows:
        batch.append((article_id, *stemmed_fields(title, json.loads(bullets_json), text)))
        if len(batch) >= 500:
            conn.executemany(INSERT_SQL, batch)
            count += len(batch)
            batch.clear()
    conn.executemany(INSERT_SQL, batch)
    return count + len(batch)
