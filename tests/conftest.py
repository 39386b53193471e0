"""Shared pytest fixtures: a fake Telegram Bot API server, stores of every backend on fresh
databases (SQLite files on tmp_path, PostgreSQL databases cloned per test), and the guard that
fails a test whose application called its store on the event loop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.loop_guard import guard_app_store
from tests.support.postgres import PostgresForTests, start_test_server

if TYPE_CHECKING:
    from bot.storage import Store


@pytest.fixture(autouse=True)
def loop_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail the test when the bot called its store on the event loop (see loop_guard.py)."""
    with guard_app_store(monkeypatch) as violations:
        yield violations
    if violations:
        shown = "\n".join(violations[:5])
        pytest.fail(
            f"{len(violations)} store calls ran on the event loop; the first:\n{shown}",
            pytrace=False,
        )


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """A running fake Bot API server (no rate limits); PTB: ``base_url=server.bot_base_url``."""
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def bot_token() -> str:
    """The token the fake server accepts."""
    return TOKEN


# -- storage: every backend -------------------------------------------------------------------

BACKENDS = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresForTests | None]:
    """This run's PostgreSQL server (see tests/support/postgres.py), or None when there is none."""
    server, description = start_test_server()
    _POSTGRES_STATE["description"] = description
    try:
        yield server
    finally:
        if server is not None:
            server.close()


_POSTGRES_STATE: dict[str, str] = {}


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each storage test runs once per backend."""
    return request.param


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database of ``backend``: a SQLite file path or a PostgreSQL DSN."""
    if backend == "sqlite":
        yield str(tmp_path / "data" / "warta.db")
        return
    server = request.getfixturevalue("postgres_server")
    if server is None:
        pytest.skip(_POSTGRES_STATE.get("description", "PostgreSQL not available"))
    yield server.shared()


class StoreFactory:
    """Opens stores on one fresh database (each call another connection pool or file handle,
    as another process would); ``clock=`` sets the store's clock. All closed at the end."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opened: list[Store] = []

    def __call__(self, **options: object) -> Store:
        from bot.storage import open_store

        store = open_store(self.url, **options)
        self.opened.append(store)
        return store

    def close(self) -> None:
        for store in self.opened:
            store.close()


@pytest.fixture
def store_factory(database_url: str) -> Iterator[StoreFactory]:
    factory = StoreFactory(database_url)
    try:
        yield factory
    finally:
        factory.close()


@pytest.fixture
def store(store_factory: StoreFactory) -> Store:
    """A real store of each backend on a fresh database (``bot.storage.open_store``)."""
    return store_factory()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "warta.db"


@pytest.fixture
def sqlite_store(store_path: Path) -> Iterator[Store]:
    """A SQLite store at ``store_path`` only, for tests about SQLite itself."""
    from bot.storage import open_store

    opened = open_store(store_path)
    try:
        yield opened
    finally:
        opened.close()


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Print the seed of the shuffled test order (pytest-randomly), even under ``-q``, so that
    a failure seen once can be replayed: ``pytest -p randomly --randomly-seed=N``."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int):
        terminalreporter.write_line(
            f"test order shuffled with seed {seed}: replay with --randomly-seed={seed}"
        )
