"""Fixtures for the bot tests: every application a test starts has its store guarded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.bot.loop_guard import guard_app_store


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
