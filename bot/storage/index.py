"""What goes into the full-text index: title, bullets and text, stemmed with Sastrawi."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence

from bot.storage.schema import FTS_TABLE, RECENT_ROWS, RECENT_TABLE
from summaries.stem import stem_text

INSERT_SQL = f"INSERT INTO {FTS_TABLE}(rowid, title, bullets, body) VALUES (?, ?, ?, ?)"
INSERT_RECENT_SQL = f"INSERT INTO {RECENT_TABLE}(rowid, title, bullets, body) VALUES (?, ?, ?, ?)"


# Tokens as FTS5's unicode61 tokenizer (remove_diacritics 2) sees them, near enough.
_TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without diacritics, like the index's tokenizer."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def index_terms(*fields: str) -> set[str]:
    """Distinct index tokens of already stemmed fields."""
    return {token for field in fields for token in _TOKEN.findall(fold(field))}


def count_terms(conn: sqlite3.Connection, terms: Iterable[str]) -> None:
    """Add one article to the document count of each term."""
    conn.executemany(
        "INSERT INTO term_df(term, df) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
        [(t,) for t in terms],
    )


def term_counts(conn: sqlite3.Connection, terms: Sequence[str]) -> dict[str, int]:
    """Document counts of ``terms`` in the full index (0 for unknown terms)."""
    counts = dict.fromkeys(terms, 0)
    if terms:
        marks = ",".join("?" * len(terms))
        counts.update(
            conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", [*terms])
        )
    return counts


def refill_term_counts(conn: sqlite3.Connection) -> None:
    """Recount every term of the full index (one pass over the index)."""
    conn.execute("DELETE FROM term_df")
    conn.execute(f"CREATE VIRTUAL TABLE temp.fts_vocab USING fts5vocab(main, {FTS_TABLE}, 'row')")
    try:
        conn.execute("INSERT INTO term_df(term, df) SELECT term, doc FROM temp.fts_vocab")
    finally:
        conn.execute("DROP TABLE temp.fts_vocab")


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
