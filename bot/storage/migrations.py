"""``warta migrate``: bring a database's schema up to date and say what was done."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.core.database_url import DatabaseURL, parse_database_url
from bot.storage.errors import SchemaError


def migrate_database(database: str | Path | DatabaseURL) -> tuple[int, int]:
    """Apply pending migrations; returns (how many were applied, the schema version now)."""
    url = parse_database_url(database)
    if url.kind == "postgresql":
        import psycopg

        from bot.storage.postgres import schema as pg_schema
        from bot.storage.postgres.base import CONNECT_TIMEOUT_S, connect_error

        assert url.dsn is not None
        try:
            pg_conn = psycopg.connect(url.dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise connect_error(url.dsn, exc) from exc
        with pg_conn:
            applied = pg_schema.migrate(pg_conn)
        return applied, pg_schema.SCHEMA_VERSION
    from bot.storage.sqlite import schema as sqlite_schema

    assert url.path is not None
    url.path.parent.mkdir(parents=True, exist_ok=True)
    sqlite_conn = sqlite3.connect(str(url.path), isolation_level=None)
    try:
        sqlite_conn.execute("PRAGMA journal_mode = WAL")
        return sqlite_schema.migrate(sqlite_conn), sqlite_schema.SCHEMA_VERSION
    except sqlite3.DatabaseError as exc:
        raise SchemaError(f"{str(url.path)!r} is not a usable Warta database: {exc}") from exc
    finally:
        sqlite_conn.close()


def unfinished_copy(database: str | Path | DatabaseURL) -> str | None:
    """The mark of an unfinished ``warta copy-db`` into ``database``
    (``bot.storage.copy_marker``), or None; read after :func:`migrate_database`."""
    from bot.storage.copy_marker import MARKER_KEY

    url = parse_database_url(database)
    if url.kind == "postgresql":
        import psycopg

        from bot.storage.postgres.base import CONNECT_TIMEOUT_S, connect_error

        assert url.dsn is not None
        try:
            pg_conn = psycopg.connect(url.dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        except psycopg.Error as exc:
            raise connect_error(url.dsn, exc) from exc
        with pg_conn:
            row = pg_conn.execute(
                "SELECT value FROM database_meta WHERE key = %s", (MARKER_KEY,)
            ).fetchone()
        return str(row[0]) if row else None
    assert url.path is not None
    sqlite_conn = sqlite3.connect(str(url.path), isolation_level=None)
    try:
        found = sqlite_conn.execute(
            "SELECT value FROM database_meta WHERE key = ?", (MARKER_KEY,)
        ).fetchone()
        return str(found[0]) if found else None
    except sqlite3.DatabaseError as exc:
        raise SchemaError(f"{str(url.path)!r} is not a usable Warta database: {exc}") from exc
    finally:
        sqlite_conn.close()
