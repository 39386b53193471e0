"""Shared pytest fixtures: a fake Telegram Bot API server and a SQLite store on tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fake_telegram import TOKEN, FakeTelegram


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """A running fake Bot API server (no rate limits); PTB: ``base_url=server.bot_base_url``."""
    with FakeTelegram() as server:
        yield server


@pytest.fixture
def bot_token() -> str:
    """The token the fake server accepts."""
    return TOKEN


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "warta.db"


@pytest.fixture
def store(store_path: Path) -> Iterator[object]:
    """A real SQLite store in a temporary file (``bot.storage.open_store``)."""
    from bot.storage import open_store

    opened = open_store(store_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def store_factory(tmp_path: Path) -> Iterator[Callable[..., object]]:
    """Opens stores on one fresh database (each call another connection, as another process
    would); ``clock=`` sets the store's clock. All are closed at the end."""
    from bot.storage.sqlite import SQLiteStore

    opened: list[SQLiteStore] = []

    def factory(**kwargs: object) -> SQLiteStore:
        store = SQLiteStore(tmp_path / "shared.db", **kwargs)  # type: ignore[arg-type]
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()
