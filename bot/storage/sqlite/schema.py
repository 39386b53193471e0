"""The SQLite schema of Warta as an ordered list of migrations, applied at open.

``PRAGMA user_version`` holds the number of migrations applied. Each migration is a tuple of
single SQL statements (not a script: ``executescript`` would commit the open transaction) run
inside one ``BEGIN IMMEDIATE`` transaction together with the version bump, so a crash leaves
the file at the old version or the new one, never in between.

Times are stored as UTC ISO-8601 text of fixed width (``2026-11-25T14:45:00.000000Z``), so
text order is time order and SQLite's date functions read them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from bot.storage.errors import SchemaError
from bot.storage.sqlite import fts

_V1: tuple[str, ...] = (
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        in_catalogue INTEGER NOT NULL DEFAULT 1,
        etag TEXT,
        last_modified TEXT,
        last_success_at TEXT,
        last_error_at TEXT,
        last_error TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        next_poll_at TEXT,
        failing_since TEXT,
        reported_at TEXT
    )
    """,
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0
    )
    """,
    # Narrow metadata rows (many per page) so that ranking search candidates is cheap; the
    # long text lives in article_bodies.
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        dated_at TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        published_at TEXT,
        outlet TEXT NOT NULL,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        canonical_url TEXT NOT NULL UNIQUE,
        feed_url TEXT,
        guid TEXT,
        author TEXT,
        from_description INTEGER NOT NULL DEFAULT 0,
        topics TEXT NOT NULL DEFAULT '[]',
        text_hash TEXT UNIQUE
    )
    """,
    "CREATE UNIQUE INDEX articles_feed_guid ON articles(feed_url, guid) "
    "WHERE feed_url IS NOT NULL AND guid IS NOT NULL",
    "CREATE INDEX articles_story ON articles(story_id)",
    "CREATE INDEX articles_fetched ON articles(fetched_at)",
    """
    CREATE TABLE article_bodies (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        bullets TEXT NOT NULL,
        minhash BLOB,
        text TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE article_topics (
        topic TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (topic, article_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX article_topics_article ON article_topics(article_id)",
    # LSH band keys (bot.core.dedupe.band_keys, folded to 64-bit integers) of recent articles.
    """
    CREATE TABLE story_bands (
        band_key INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band_key, article_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE chats (
        chat_id INTEGER PRIMARY KEY,
        chat_type TEXT NOT NULL DEFAULT 'private'
            CHECK (chat_type IN ('private', 'group', 'supergroup', 'channel')),
        title TEXT,
        timezone TEXT NOT NULL DEFAULT 'Asia/Jakarta',
        digest_hour INTEGER NOT NULL DEFAULT 7 CHECK (digest_hour BETWEEN 0 AND 23),
        mode TEXT NOT NULL DEFAULT 'instant' CHECK (mode IN ('instant', 'digest')),
        paused INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        inactive_reason TEXT,
        last_digest_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('topic', 'keyword')),
        value TEXT NOT NULL,
        value_key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (chat_id, kind, value_key)
    )
    """,
    """
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('push', 'digest', 'reply')),
        text TEXT NOT NULL,
        reply_markup TEXT,
        dedupe_key TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        last_error TEXT,
        telegram_message_id INTEGER
    )
    """,
    # due_messages walks this partial index in order and stops at the limit: its cost does
    # not grow with the number of sent messages.
    "CREATE INDEX outbox_due ON outbox(not_before, id) WHERE status = 'pending'",
    "CREATE INDEX outbox_chat_status ON outbox(chat_id, status)",
)


def _v2(conn: sqlite3.Connection) -> None:
    """Add the stemmed full-text index and fill it from the articles already stored."""
    conn.execute(fts.FTS_DDL)
    fts.refill_index(conn)


def _v3(conn: sqlite3.Connection) -> None:
    """Add the index of recent articles (fast ranking of very common words)."""
    conn.execute(fts.RECENT_DDL)
    fts.refill_recent(conn)


def _v4(conn: sqlite3.Connection) -> None:
    """Add per-term document counts of the full index (search cost estimates)."""
    conn.execute(fts.TERM_DF_DDL)
    fts.refill_term_counts(conn)


# Several processes sharing one database: leases (one elected sender), feed claims (one poller
# per feed) and fan-out cursors (each article matched to subscribers once). The push cursor of
# an existing database starts at its newest article: those were fanned out by the old code.
_V5: tuple[str, ...] = (
    """
    CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at TEXT NOT NULL
    )
    """,
    "ALTER TABLE feeds ADD COLUMN claimed_by TEXT",
    "ALTER TABLE feeds ADD COLUMN claimed_until TEXT",
    """
    CREATE TABLE fanout_cursors (
        name TEXT PRIMARY KEY,
        article_id INTEGER NOT NULL
    )
    """,
    "INSERT INTO fanout_cursors(name, article_id) "
    "SELECT 'push', COALESCE(MAX(id), 0) FROM articles",
)

# Subscriptions removed with a button are kept (``removed_at`` set) so that "↩️ Ikuti lagi"
# can bring the same one back by id; digests keep their pages for the ⟨ 1/3 ⟩ buttons.
_V6_SUBSCRIPTIONS = "ALTER TABLE subscriptions ADD COLUMN removed_at TEXT"
_V6_DIGEST_PAGES: tuple[str, ...] = (
    """
    CREATE TABLE digest_pages (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        pages TEXT NOT NULL,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX digest_pages_created ON digest_pages(created_at)",
)


def _v6(conn: sqlite3.Connection) -> None:
    """Keep removed subscriptions and digest pages.

    Before the two lines of work were merged, the reader-experience line numbered this step
    5, so a file it migrated is at version 5 with these and without the real version 5
    (leases, feed claims, fan-out cursors): such a file gets that now.
    """
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "leases" not in tables:
        for statement in _V5:
            conn.execute(statement)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(subscriptions)")}
    if "removed_at" not in columns:
        conn.execute(_V6_SUBSCRIPTIONS)
    if "digest_pages" not in tables:
        for statement in _V6_DIGEST_PAGES:
            conn.execute(statement)


# Answering questions: each chat's last question (one row, replaced; a follow-up within minutes
# is read with it) and the answers sent, with the reader's 👍 / 👎 (lists as JSON text).
_V7: tuple[str, ...] = (
    """
    CREATE TABLE last_questions (
        chat_id INTEGER PRIMARY KEY,
        question TEXT NOT NULL,
        asked_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX last_questions_asked ON last_questions(asked_at)",
    """
    CREATE TABLE answer_records (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL,
        question TEXT NOT NULL,
        sentences TEXT NOT NULL,
        article_ids TEXT NOT NULL,
        article_urls TEXT NOT NULL,
        asked_at TEXT NOT NULL,
        vote TEXT CHECK (vote IN ('up', 'down')),
        voted_at TEXT
    )
    """,
)

# Nothing only in memory: every update from Telegram is stored before Telegram is told it
# arrived (the inbox, one row per update_id, the raw JSON as text) and handled from here; what
# a button remembers (search pages, offers, corrections) is reader state, kept a week; and
# ``database_meta`` holds markers about the database itself (an unfinished copy-db).
_V8: tuple[str, ...] = (
    """
    CREATE TABLE inbox (
        update_id INTEGER PRIMARY KEY,
        chat_id INTEGER,
        payload TEXT NOT NULL,
        received_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'working', 'done')),
        claimed_by TEXT,
        claimed_until TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        done_at TEXT
    )
    """,
    "CREATE INDEX inbox_waiting ON inbox(state, update_id)",
    "CREATE INDEX inbox_chat ON inbox(chat_id, update_id) WHERE state <> 'done'",
    "CREATE INDEX inbox_done ON inbox(done_at) WHERE state = 'done'",
    """
    CREATE TABLE reader_state (
        chat_id INTEGER NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (chat_id, key)
    )
    """,
    "CREATE INDEX reader_state_updated ON reader_state(updated_at)",
    "CREATE TABLE database_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

# Issue 16: an article's lead image (pushes show it as a link preview); a chat's forum
# thread (where a group subscribed), quiet hours (local hours; NULL is off) and whether pushes
# show pictures; an outbox row's send options (JSON: link preview, silent, thread).
_V9_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("articles", "image_url", "TEXT"),
    ("chats", "message_thread_id", "INTEGER"),
    ("chats", "quiet_start", "INTEGER CHECK (quiet_start BETWEEN 0 AND 23)"),
    ("chats", "quiet_end", "INTEGER CHECK (quiet_end BETWEEN 0 AND 23)"),
    (
        "chats",
        "quiet_mode",
        "TEXT NOT NULL DEFAULT 'hold' CHECK (quiet_mode IN ('hold', 'silent'))",
    ),
    ("chats", "pictures", "INTEGER NOT NULL DEFAULT 1"),
    ("outbox", "send_options", "TEXT"),
)


def _v9(conn: sqlite3.Connection) -> None:
    """Add the columns of issue 16 that the file lacks (a file that went back to an older
    version number, as the reader line's version 5 did, may have some already)."""
    for table, column, declaration in _V9_COLUMNS:
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        if column not in columns:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")


Migration = tuple[str, ...] | Callable[[sqlite3.Connection], None]

MIGRATIONS: tuple[Migration, ...] = (_V1, _v2, _v3, _v4, _V5, _v6, _V7, _V8, _v9)
"""Migration ``i`` takes the file from ``user_version == i`` to ``i + 1``. Append only."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Apply the pending migrations up to ``target``, each in its own transaction.

    Returns the number applied. ``conn`` must be in autocommit mode (isolation_level None).
    """
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        raise SchemaError(
            f"the database schema is version {current}, newer than this Warta supports "
            f"({SCHEMA_VERSION}); upgrade Warta or use another database file"
        )
    applied = 0
    for version in range(current, target):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the write lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] != version:
                conn.execute("ROLLBACK")
                continue
            step = MIGRATIONS[version]
            if callable(step):
                step(conn)
            else:
                for statement in step:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied += 1
    return applied
