"""SQLite's full-text index: FTS5 tables of the pre-stemmed title, bullets and text, the
recent-articles index, per-term document counts, and quoted FTS5 expressions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence

from bot.storage.index import stemmed_fields

# The full-text index of every article: stemmed title, bullets and text. Contentless
# (``content=''``): it holds only the terms, the text itself lives in ``article_bodies``.
# (``detail=column`` would be smaller, but SQLite 3.40's bm25 returns 0 for contentless
# detail=column tables.)
FTS_TABLE = "articles_fts"
FTS_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "title, bullets, body, content='', tokenize='unicode61 remove_diacritics 2')"
)

# The same index for only the newest RECENT_ROWS articles. FTS5's bm25 counts every match of
# each term in the table it runs on; on the small recent table that stays cheap for words
# found in half the archive. It stores its content so that old rows can be deleted.
RECENT_TABLE = "recent_fts"
RECENT_ROWS = 30_000
RECENT_DDL = (
    f"CREATE VIRTUAL TABLE {RECENT_TABLE} USING fts5("
    "title, bullets, body, tokenize='unicode61 remove_diacritics 2')"
)

# How many articles of the full index contain each term: lets search leave out of the full
# index's MATCH the words so common that bm25 would spend long counting them.
TERM_DF_DDL = (
    "CREATE TABLE term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
)

INSERT_SQL = f"INSERT INTO {FTS_TABLE}(rowid, title, bullets, body) VALUES (?, ?, ?, ?)"
INSERT_RECENT_SQL = f"INSERT INTO {RECENT_TABLE}(rowid, title, bullets, body) VALUES (?, ?, ?, ?)"


def quote(term: str) -> str:
    """An FTS5 string literal for ``term``."""
    return '"' + term.replace('"', '""') + '"'


def all_terms_expression(terms: list[str]) -> str:
    """FTS5 expression matching rows that contain every term."""
    return " AND ".join(quote(t) for t in terms)


def phrase_expression(terms: list[str]) -> str:
    """FTS5 expression matching rows with the terms next to each other, in order."""
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'


def any_term_expression(terms: list[str]) -> str:
    """FTS5 expression matching rows that contain at least one term."""
    return " OR ".join(quote(t) for t in terms)


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


def index_rows(
    conn: sqlite3.Connection,
    rows: Iterable[tuple[int, str, str, str]],
    *,
    sql: str = INSERT_SQL,
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
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
            if progress:
                progress(count, total)
    conn.executemany(sql, batch)
    count += len(batch)
    if progress:
        progress(count, total)
    return count


def refill_index(
    conn: sqlite3.Connection,
    *,
    progress: Callable[[int, int], None] | None = None,
    total: int = 0,
) -> int:
    """Rebuild the full index from the stored articles (migrations, copies); returns how
    many. The stems are recomputed: the contentless index cannot give them back."""
    conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
    rows = conn.execute(
        "SELECT a.id, a.title, b.bullets, b.text FROM articles a "
        "JOIN article_bodies b ON b.article_id = a.id ORDER BY a.id"
    )
    return index_rows(conn, rows, progress=progress, total=total)


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
