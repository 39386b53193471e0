"""Creating and dropping whole PostgreSQL databases (tests, benchmarks, ``warta copy-db``)."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from bot.storage.postgres.base import connect_error

_DROP = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def with_database(dsn: str, name: str) -> str:
    """``dsn`` pointing at database ``name`` instead."""
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def _server(dsn: str) -> psycopg.Connection:
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        raise connect_error(dsn, exc) from exc


def create_database(dsn: str, name: str, *, replace: bool = False) -> str:
    """Create database ``name`` on ``dsn``'s server (dropping it first with ``replace``);
    returns its DSN."""
    with _server(dsn) as conn:
        if replace:
            conn.execute(_DROP.format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(dsn, name)


def drop_database(dsn: str, name: str) -> None:
    """Drop database ``name`` on ``dsn``'s server, closing its connections."""
    with _server(dsn) as conn:
        conn.execute(_DROP.format(sql.Identifier(name)))


def database_exists(dsn: str, name: str) -> str | None:
    """The DSN of database ``name`` when it exists on ``dsn``'s server, else None."""
    with _server(dsn) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return with_database(dsn, name) if row else None


def database_size(dsn: str) -> int:
    """Bytes used by the database ``dsn`` names."""
    with _server(dsn) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) if row else 0


def empty_database(dsn: str, *, keep: Collection[str] = ()) -> None:
    """Delete every row of every Warta table but ``keep`` and restart the ids at 1, keeping
    the schema (DELETE rather than TRUNCATE: far cheaper on the small tables of tests and
    fresh copies)."""
    from bot.storage.postgres.schema import INITIAL_ROWS, TABLES

    with _server(dsn) as conn, conn.transaction():
        for table in reversed([t for t in TABLES if t not in keep]):  # children first
            conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
        for (sequence,) in conn.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            conn.execute(sql.SQL("ALTER SEQUENCE {} RESTART").format(sql.Identifier(sequence)))
        for statement in INITIAL_ROWS:
            conn.execute(statement)
