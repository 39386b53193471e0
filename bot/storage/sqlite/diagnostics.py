"""Measurements of the SQLite store for ``bench/search.py``: the alternatives our search is
compared with, and table sizes. Not used by the bot."""

from __future__ import annotations

import sqlite3

from bot.storage import ranking
from bot.storage.sqlite import SQLiteStore, fts


def like_scan(store: SQLiteStore, words: list[str], *, limit: int = 5) -> list[int]:
    """Ids of the newest articles whose text contains every word (``LIKE '%word%'``)."""
    where = " AND ".join("b.text LIKE ?" for _ in words)
    sql = (
        f"SELECT a.id FROM articles a JOIN article_bodies b ON b.article_id = a.id "
        f"WHERE {where} ORDER BY a.id DESC LIMIT ?"
    )
    with store._lock:
        return [r[0] for r in store._conn.execute(sql, [*(f"%{w}%" for w in words), limit])]


def rank_every_match(store: SQLiteStore, terms: list[str], *, limit: int = 5) -> list[int]:
    """Ids of the best matches when FTS5 ranks every match of the full index by bm25."""
    table = fts.FTS_TABLE
    weights = ", ".join(str(w) for w in ranking.FIELD_WEIGHTS)
    sql = (
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY bm25({table}, {weights}) LIMIT ?"
    )
    with store._lock:
        rows = store._conn.execute(sql, (fts.all_terms_expression(terms), limit))
        return [r[0] for r in rows]


def table_sizes(store: SQLiteStore, *, top: int = 6) -> list[tuple[str, int]]:
    """The largest tables and indexes with their bytes (empty without SQLite's dbstat)."""
    try:
        with store._lock:
            return store._conn.execute(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT ?",
                (top,),
            ).fetchall()
    except sqlite3.Error:
        return []
