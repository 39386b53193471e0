"""A fresh PostgreSQL database per test (WARTA_TEST_POSTGRES), skipped visibly without one."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

ADMIN_DSN = os.environ.get("WARTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(name="pg_dsn")
def fresh_postgres() -> Iterator[str]:
    """The DSN of a new, empty database, dropped after the test (fixture ``pg_dsn``)."""
    try:
        from bot.storage.postgres import PostgresStore  # noqa: F401
        from bot.storage.postgres.admin import create_database, drop_database
    except ImportError as exc:  # pragma: no cover - the backend is part of the package
        pytest.skip(f"PostgreSQL backend not importable: {exc}")
    name = f"warta_test_{uuid.uuid4().hex[:12]}"
    try:
        dsn = create_database(ADMIN_DSN, name)
    except Exception as exc:
        pytest.skip(f"PostgreSQL not reachable at WARTA_TEST_POSTGRES ({exc})")
    try:
        yield dsn
    finally:
        drop_database(ADMIN_DSN, name)
