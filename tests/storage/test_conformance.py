"""Each backend implements every method of the storage protocols, with the same signature."""

from __future__ import annotations

import inspect

import pytest

from bot.storage import Store, protocol_methods
from bot.storage.postgres import PostgresStore
from bot.storage.sqlite import SQLiteStore


def test_the_protocol_lists_every_section() -> None:
    names = protocol_methods()
    assert len(names) > 40
    assert {"add_article", "search", "enqueue_many", "commit_fanout", "claim_due_feeds"} <= set(
        names
    )


@pytest.mark.parametrize("backend", [SQLiteStore, PostgresStore], ids=["sqlite", "postgres"])
@pytest.mark.parametrize("name", protocol_methods())
def test_backend_implements_the_method_with_the_same_signature(backend: type, name: str) -> None:
    ours = getattr(backend, name, None)
    assert callable(ours), f"{backend.__name__} lacks {name}"
    theirs = inspect.signature(getattr(Store, name))
    mine = inspect.signature(ours)
    assert [(p.name, p.kind, p.default) for p in mine.parameters.values()] == [
        (p.name, p.kind, p.default) for p in theirs.parameters.values()
    ], name


@pytest.mark.parametrize("backend", [SQLiteStore, PostgresStore], ids=["sqlite", "postgres"])
def test_backend_names_itself(backend: type) -> None:
    assert backend.backend in ("sqlite", "postgresql")
