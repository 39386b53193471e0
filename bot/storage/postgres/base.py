"""The PostgreSQL connection pool, transactions, and row mappers.

psycopg 3 with ``psycopg_pool.ConnectionPool``: the store API is synchronous and is called
from worker threads (``asyncio.to_thread``), and the pool hands each thread its own
connection. Every public method is one transaction (committed when it returns, so it survives
a crash of this process). Connections are checked before use, so after a server restart the
pool reconnects and the next call goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from bot.core.database_url import redact_dsn
from bot.core.models import Article, ChatSettings, FeedState, OutboxMessage
from bot.storage import rows
from bot.storage.errors import StoreUnavailable
from bot.storage.postgres.schema import migrate
from bot.storage.values import utc_now

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10
POOL_TIMEOUT_S = 5.0
"""How long a call waits for a free (or, after a restart, a new) connection: a reader's reply
waits at most this long for a database that went away, then is told Warta has trouble (and
the update stays in the inbox), instead of waiting in silence."""
OPEN_TIMEOUT_S = 30.0
"""How long opening the store waits for its first connections (a server still starting)."""
RECONNECT_CYCLE_S = 10.0
"""The pool retries a lost connection after 1, 2 and 4 s, then starts over with the next call:
after an outage of any length it is back within seconds (psycopg_pool's default doubles the
wait for 5 minutes: 20 s down could mean 11 s more before the pool tried again)."""
TCP_KEEPALIVE = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 20_000,  # ms: unacknowledged data on a dead link fails the call
}
"""A connection whose server vanished without closing it (a cut network, a frozen host) is
found dead in about 25 s instead of the operating system's many minutes."""


def _password(dsn: str) -> str | None:
    try:
        password = urlsplit(dsn).password
    except ValueError:
        return None
    return unquote(password) if password else None


def connect_error(dsn: str, exc: BaseException) -> StoreUnavailable:
    """One clear line for a failed connection, the password never in it."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    password = _password(dsn)
    if password:
        reason = reason.replace(password, "***")
    return StoreUnavailable(f"cannot connect to PostgreSQL at {redact_dsn(dsn)}: {reason}")


def utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def feed_row(row: tuple) -> FeedState:
    return rows.feed_row(row, utc)


def article_row(row: tuple) -> Article:
    return rows.article_row(row, utc)


def chat_row(row: tuple) -> ChatSettings:
    return rows.chat_row(row, utc)


def outbox_row(row: tuple) -> OutboxMessage:
    return rows.outbox_row(row, utc)


def _configure(conn: psycopg.Connection) -> None:
    conn.execute("SET TIME ZONE 'UTC'")
    conn.commit()


class PostgresBase:
    """The pool and transactions every section of :class:`PostgresStore` uses."""

    backend = "postgresql"

    def __init__(
        self,
        dsn: str,
        *,
        clock: Callable[[], datetime] = utc_now,
        pool_size: int = 12,
        migrate_on_open: bool = True,
    ) -> None:
        self.dsn = dsn
        self._clock = clock
        # One direct connection first: a wrong password or an unreachable host is reported
        # at once, in one line, instead of as a pool timeout later.
        try:
            first = psycopg.connect(dsn, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise connect_error(dsn, exc) from exc
        try:
            first.autocommit = True
            if migrate_on_open:
                migrate(first)
        finally:
            first.close()
        self._pool = ConnectionPool(
            dsn,
            min_size=1,
            max_size=max(1, pool_size),
            kwargs={"connect_timeout": CONNECT_TIMEOUT_S, **TCP_KEEPALIVE},
            configure=_configure,
            check=ConnectionPool.check_connection,
            timeout=POOL_TIMEOUT_S,
            reconnect_timeout=RECONNECT_CYCLE_S,
            name="warta",
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=OPEN_TIMEOUT_S)
        except PoolTimeout as exc:
            self._pool.close()
            raise connect_error(dsn, exc) from exc

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> PostgresBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[psycopg.Connection]:
        """One transaction on a pooled connection: committed when the block ends, rolled back
        on an exception."""
        try:
            with self._pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise connect_error(self.dsn, exc) from exc

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)
