"""The SQLite connection, its transactions, and how values are stored in it.

Threading: one connection (``check_same_thread=False``) guarded by a re-entrant lock; every
public method takes the lock, so the asyncio thread and ``asyncio.to_thread`` workers can share
one store. Other processes (``warta search`` while ``warta run`` runs) open their own store on
the same file: WAL lets readers work beside the one writer, and ``busy_timeout`` makes a writer
wait for another instead of failing.

Durability: the connection is in autocommit mode and every write method runs in its own
``BEGIN IMMEDIATE … COMMIT``, so what a method wrote survives a SIGKILL right after it returns
(WAL with ``synchronous=NORMAL`` loses nothing on a process crash; only a power cut can roll
back the last commits).

Times are stored as UTC ISO-8601 text of fixed width (``2026-11-25T14:45:00.000000Z``), so
text order is time order and SQLite's date functions read them.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.core.models import Article, ChatSettings, FeedState, OutboxMessage
from bot.storage import rows
from bot.storage.errors import SchemaError, StoreError
from bot.storage.sqlite.schema import migrate
from bot.storage.values import aware_utc, utc_now

BUSY_TIMEOUT_MS = 10_000


def to_db_time(value: datetime) -> str:
    """UTC ISO-8601 text of fixed width; naive datetimes are refused."""
    return aware_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def opt_db_time(value: datetime | None) -> str | None:
    return None if value is None else to_db_time(value)


def from_db_time(value: str | None) -> datetime | None:
    """An aware UTC datetime from stored text."""
    return None if value is None else datetime.fromisoformat(value).astimezone(UTC)


# -- row mappers -----------------------------------------------------------------------------


def inserted_id(cursor: sqlite3.Cursor, table: str) -> int:
    """The rowid of the row ``cursor`` just inserted into ``table``. sqlite3 types
    ``lastrowid`` as optional (None before any INSERT); after one it is always set."""
    row_id = cursor.lastrowid
    if row_id is None:
        raise StoreError(f"SQLite gave no rowid for the row just inserted into {table}")
    return row_id


def feed_row(row: sqlite3.Row) -> FeedState:
    return rows.feed_row(row, from_db_time)


def article_row(row: sqlite3.Row) -> Article:
    return rows.article_row(row, from_db_time)


def chat_row(row: sqlite3.Row) -> ChatSettings:
    return rows.chat_row(row, from_db_time)


def outbox_row(row: sqlite3.Row) -> OutboxMessage:
    return rows.outbox_row(row, from_db_time)


class SQLiteBase:
    """The connection and transactions every section of :class:`SQLiteStore` uses."""

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(
                str(path),
                isolation_level=None,
                check_same_thread=False,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
        except sqlite3.Error as exc:
            raise SchemaError(f"cannot open database {str(path)!r}: {exc}") from exc
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            migrate(self._conn)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise SchemaError(f"{str(path)!r} is not a usable Warta database: {exc}") from exc
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SQLiteBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed when the block ends."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent read (one snapshot) across several statements."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    def _now(self) -> str:
        return to_db_time(self._clock())
