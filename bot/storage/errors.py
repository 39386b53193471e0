"""The errors every storage backend raises."""

from __future__ import annotations


class StoreError(ValueError):
    """Invalid input to the store; the message says what is wrong."""


class SchemaError(RuntimeError):
    """The database cannot be used by this version of Warta."""


class StoreUnavailable(RuntimeError):
    """The database server cannot be reached or refused us; the message never holds a
    password."""


class UnstorableText(StoreError):
    """A text holds a character no database can keep (a NUL byte, a lone surrogate)."""


class IncompleteCopy(SchemaError):
    """The database is an unfinished ``warta copy-db`` destination: rows may be missing and
    the search index is not built. The message says how to finish it."""


def database_trouble(error: BaseException | None) -> bool:
    """Whether ``error`` means the database could not be reached or is busy (the call can
    succeed later), as opposed to a bug or bad input."""
    if error is None:
        return False
    if isinstance(error, StoreUnavailable):
        return True
    import sqlite3

    if isinstance(error, sqlite3.OperationalError):
        message = str(error).lower()
        return "locked" in message or "busy" in message or "unable to open" in message
    try:
        import psycopg
        from psycopg_pool import PoolTimeout
    except ImportError:  # pragma: no cover - both ship with Warta
        return False
    return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout))
