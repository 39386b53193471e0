"""A fresh PostgreSQL database per test (WARTA_TEST_POSTGRES), skipped visibly without one."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.postgres import PostgresForTests, start_test_server

ROOT = Path(__file__).resolve().parents[2]
ADMIN_DSN = os.environ.get("WARTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(name="pg_dsn")
def fresh_postgres() -> Iterator[str]:
    """The DSN of a new, empty database, dropped after the test (fixture ``pg_dsn``)."""
    try:
        from bot.storage.postgres import PostgresStore  # noqa: F401
        from bot.storage.postgres.admin import create_database
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
        drop_later(name)


def drop_later(name: str) -> None:
    """Drop the database in a detached process: DROP DATABASE waits for a checkpoint, which
    can take minutes on a busy server, and the test need not wait for it."""
    code = (
        "import sys; from bot.storage.postgres.admin import drop_database; "
        "drop_database(sys.argv[1], sys.argv[2])"
    )
    subprocess.Popen(
        [sys.executable, "-c", code, ADMIN_DSN, name],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.fixture(name="throwaway")
def throwaway_cluster(monkeypatch: pytest.MonkeyPatch) -> Iterator[PostgresForTests]:
    """What the tests do when no server answers: their own cluster (initdb, pg_ctl), here
    to be restarted under the test (fixture ``throwaway``)."""
    monkeypatch.setenv("WARTA_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:1/postgres")
    server, reason = start_test_server()
    if server is None:
        pytest.skip(reason)
    assert server.cluster is not None and "throwaway" in reason
    try:
        yield server
    finally:
        server.close()
