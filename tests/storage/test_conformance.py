"""What mypy cannot prove about the backends' conformance to the storage protocols.

mypy checks that ``SQLiteStore`` and ``PostgresStore`` are each a ``Store`` (the end of
``bot/storage/__init__.py``): every method there, with compatible parameter and return types,
keyword-only names and defaults present. It does not compare the names of positional
parameters (``get_article(self, ident)`` passes, and ``get_article(article_id=…)`` breaks),
default values, extra optional parameters, or a keyword-only parameter made positional; nor
the value of ``backend``. These tests do.
"""

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
def test_backend_parameters_are_the_protocols_exactly(backend: type, name: str) -> None:
    """Same names, kinds and default values, nothing more (mypy checks the types)."""
    theirs = inspect.signature(getattr(Store, name))
    mine = inspect.signature(getattr(backend, name))
    assert [(p.name, p.kind, p.default) for p in mine.parameters.values()] == [
        (p.name, p.kind, p.default) for p in theirs.parameters.values()
    ], name


@pytest.mark.parametrize("backend", [SQLiteStore, PostgresStore], ids=["sqlite", "postgres"])
def test_backend_names_itself(backend: type) -> None:
    assert backend.backend in ("sqlite", "postgresql")
