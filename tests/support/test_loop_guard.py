"""The loop guard every bot test runs under: it catches a store call on the event loop."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.storage import open_store
from bot.storage.aio import AsyncStore
from tests.support.loop_guard import LoopGuard


def test_a_store_call_on_the_event_loop_is_recorded(tmp_path: Path) -> None:
    violations: list[str] = []
    with open_store(tmp_path / "warta.db") as store:
        guarded = LoopGuard(store, violations)

        async def handler() -> None:
            guarded.get_chat(1)  # what a careless handler would do

        asyncio.run(handler())
    assert len(violations) == 1
    assert "store.get_chat() on the event loop" in violations[0]
    assert "handler" in violations[0]  # where it was called from


def test_calls_through_async_store_and_outside_a_loop_pass(tmp_path: Path) -> None:
    violations: list[str] = []
    with open_store(tmp_path / "warta.db") as store:
        guarded = LoopGuard(store, violations)
        db = AsyncStore(guarded)  # type: ignore[arg-type]

        async def handler() -> None:
            await db.upsert_chat(5, chat_type="private")
            assert (await db.get_chat(5)) is not None

        asyncio.run(handler())
        guarded.get_chat(5)  # synchronous code (the CLI) may call it directly
        assert guarded.backend == "sqlite"  # plain attributes pass through
    assert violations == []
