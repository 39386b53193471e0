"""A guard on the store the bot opens: any store call made on the event loop is recorded.

Store calls may block (a networked database), so the application must make them from worker
threads (``bot.storage.aio.AsyncStore``). :func:`guard_app_store` makes ``bot.runtime.app`` open a
:class:`LoopGuard` around the real store; the ``loop_guard`` fixture (tests/conftest.py)
does it for every test and fails the test if the bot called the store on the loop.

No exceptions inside the application: post_init and post_shutdown open, prepare and close the
store in worker threads too. Tests themselves read and seed the store directly through
``LoopGuard.unguarded`` (``Harness.store``): those calls are the test's, not the bot's.
"""

from __future__ import annotations

import asyncio
import functools
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest


def on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class LoopGuard:
    """Proxies a store; records every method call made while an event loop runs here."""

    def __init__(self, store: Any, violations: list[str]) -> None:
        self.unguarded = store
        self._violations = violations

    def __getattr__(self, name: str) -> Any:
        value = getattr(self.unguarded, name)
        if name.startswith("_") or not callable(value):
            return value

        @functools.wraps(value)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if on_event_loop():
                caller = "".join(traceback.format_stack(limit=6)[:-1])
                self._violations.append(f"store.{name}() on the event loop:\n{caller}")
            return value(*args, **kwargs)

        return guarded


def unguarded(store: Any) -> Any:
    """The real store behind a guard (or ``store`` itself when it is not guarded)."""
    return getattr(store, "unguarded", store)


@contextmanager
def guard_app_store(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """While active, the stores ``bot.runtime.app`` opens are guarded; yields the violations."""
    import bot.runtime.app

    violations: list[str] = []
    real_open: Callable[..., Any] = bot.runtime.app.open_store

    def open_guarded(*args: Any, **kwargs: Any) -> LoopGuard:
        return LoopGuard(real_open(*args, **kwargs), violations)

    monkeypatch.setattr(bot.runtime.app, "open_store", open_guarded)
    yield violations
