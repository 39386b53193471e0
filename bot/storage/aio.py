"""The store for async code: every call runs in a worker thread, never on the event loop.

Store methods are synchronous and may block (a networked database). Handlers, jobs and the
sender reach the store only through :class:`AsyncStore`: each method is a coroutine running
the store's method in a thread of the store's own pool; :meth:`AsyncStore.run` runs a
synchronous helper that makes several store calls (a digest, a chat migration) whole in one
thread. Anything touching PTB's JobQueue or the Bot stays on the loop, outside these calls.

The pool is the store's own, not asyncio's default executor, which ingestion fills with
extraction and summarization during a poll: a reader's reply never queues behind them.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Concatenate, ParamSpec, TypeVar

from bot.core.models import (
    AnswerRecord,
    Article,
    ChatSettings,
    FeedSource,
    FeedState,
    InboxItem,
    IncomingUpdate,
    OutboxMessage,
    SearchHit,
    SearchPage,
    Stats,
    Subscription,
)
from bot.storage import Store

P = ParamSpec("P")
T = TypeVar("T")

STORE_THREADS = 8
"""Threads for store calls from async code, shared by every :class:`AsyncStore` of the process."""

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _store_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(STORE_THREADS, thread_name_prefix="warta-store")
        return _pool


async def in_store_thread(func: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """``func(*args, **kwargs)`` in a store thread (as :func:`asyncio.to_thread` does in the
    default executor, context variables included)."""
    call = functools.partial(contextvars.copy_context().run, func, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_store_pool(), call)


class AsyncStore:
    """Coroutine versions of the :class:`Store` methods async code uses."""

    def __init__(self, store: Store) -> None:
        self.store = store  # the blocking store itself: for code already in a worker thread

    async def run(
        self, func: Callable[Concatenate[Store, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``func(store, *args, **kwargs)`` in a worker thread (several store calls at once)."""
        return await in_store_thread(func, self.store, *args, **kwargs)

    # -- feeds ---------------------------------------------------------------------------------
    async def sync_feeds(self, sources: Iterable[FeedSource]) -> None:
        await in_store_thread(self.store.sync_feeds, sources)

    async def feed_states(self) -> list[FeedState]:
        return await in_store_thread(self.store.feed_states)

    # -- archive -------------------------------------------------------------------------------
    async def search(self, query: str, *, limit: int = 5) -> list[SearchHit]:
        return await in_store_thread(self.store.search, query, limit=limit)

    async def search_page(self, query: str, *, limit: int = 5, offset: int = 0) -> SearchPage:
        return await in_store_thread(self.store.search_page, query, limit=limit, offset=offset)

    async def articles_since(self, since: datetime, *, limit: int = 50) -> list[Article]:
        return await in_store_thread(self.store.articles_since, since, limit=limit)

    async def stats(self) -> Stats:
        return await in_store_thread(self.store.stats)

    # -- chats and subscriptions ---------------------------------------------------------------
    async def upsert_chat(
        self, chat_id: int, *, chat_type: str = "private", title: str | None = None
    ) -> ChatSettings:
        return await in_store_thread(
            self.store.upsert_chat, chat_id, chat_type=chat_type, title=title
        )

    async def get_chat(self, chat_id: int) -> ChatSettings | None:
        return await in_store_thread(self.store.get_chat, chat_id)

    async def update_chat(self, chat_id: int, **changes: object) -> ChatSettings:
        return await in_store_thread(self.store.update_chat, chat_id, **changes)

    async def set_chat_inactive(self, chat_id: int, reason: str) -> None:
        await in_store_thread(self.store.set_chat_inactive, chat_id, reason)

    async def chats(self, *, active_only: bool = True) -> list[ChatSettings]:
        return await in_store_thread(self.store.chats, active_only=active_only)

    async def subscriptions(self, chat_id: int) -> list[Subscription]:
        return await in_store_thread(self.store.subscriptions, chat_id)

    async def all_subscriptions(self) -> list[Subscription]:
        return await in_store_thread(self.store.all_subscriptions)

    async def add_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        return await in_store_thread(self.store.add_subscription, chat_id, kind, value)

    async def remove_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        return await in_store_thread(self.store.remove_subscription, chat_id, kind, value)

    async def remove_subscription_id(
        self, chat_id: int, subscription_id: int
    ) -> Subscription | None:
        return await in_store_thread(self.store.remove_subscription_id, chat_id, subscription_id)

    async def restore_subscription(self, chat_id: int, subscription_id: int) -> Subscription | None:
        return await in_store_thread(self.store.restore_subscription, chat_id, subscription_id)

    async def move_chat(
        self, old_id: int, new_id: int, *, chat_type: str = "supergroup"
    ) -> ChatSettings | None:
        return await in_store_thread(self.store.move_chat, old_id, new_id, chat_type=chat_type)

    # -- answers to questions (asked and kept in one thread: AsyncStore.run) --------------------
    async def vote_answer(
        self, chat_id: int, answer_id: int, vote: str, *, at: datetime
    ) -> AnswerRecord | None:
        return await in_store_thread(self.store.vote_answer, chat_id, answer_id, vote, at=at)

    async def digest_pages(self, chat_id: int, digest_id: int) -> list[str] | None:
        return await in_store_thread(self.store.digest_pages, chat_id, digest_id)

    # -- what buttons remember -----------------------------------------------------------------
    async def put_reader_state(self, chat_id: int, key: str, value: str) -> None:
        await in_store_thread(self.store.put_reader_state, chat_id, key, value)

    async def reader_state(self, chat_id: int, key: str) -> str | None:
        return await in_store_thread(self.store.reader_state, chat_id, key)

    # -- outbox --------------------------------------------------------------------------------
    async def enqueue(
        self,
        chat_id: int,
        kind: str,
        text: str,
        *,
        dedupe_key: str,
        reply_markup: str | None = None,
        send_options: str | None = None,
    ) -> int | None:
        return await in_store_thread(
            self.store.enqueue,
            chat_id,
            kind,
            text,
            dedupe_key=dedupe_key,
            reply_markup=reply_markup,
            send_options=send_options,
        )

    async def due_messages(self, *, now: datetime, limit: int = 100) -> list[OutboxMessage]:
        return await in_store_thread(self.store.due_messages, now=now, limit=limit)

    async def mark_sending(self, message_id: int) -> None:
        await in_store_thread(self.store.mark_sending, message_id)

    async def mark_sent(
        self, message_id: int, *, at: datetime, telegram_message_id: int | None = None
    ) -> None:
        await in_store_thread(
            self.store.mark_sent, message_id, at=at, telegram_message_id=telegram_message_id
        )

    async def mark_retry(self, message_id: int, *, error: str, not_before: datetime) -> None:
        await in_store_thread(self.store.mark_retry, message_id, error=error, not_before=not_before)

    async def mark_failed(self, message_id: int, *, error: str) -> None:
        await in_store_thread(self.store.mark_failed, message_id, error=error)

    async def requeue_in_flight(self) -> int:
        return await in_store_thread(self.store.requeue_in_flight)

    async def drop_pending_for_chat(self, chat_id: int, *, error: str) -> int:
        return await in_store_thread(self.store.drop_pending_for_chat, chat_id, error=error)

    # -- coordination and lifecycle ------------------------------------------------------------
    async def acquire_lease(self, name: str, holder: str, *, ttl: timedelta) -> bool:
        return await in_store_thread(self.store.acquire_lease, name, holder, ttl=ttl)

    async def release_lease(self, name: str, holder: str) -> None:
        await in_store_thread(self.store.release_lease, name, holder)

    # -- inbox ---------------------------------------------------------------------------------
    async def store_updates(self, updates: Sequence[IncomingUpdate]) -> int:
        return await in_store_thread(self.store.store_updates, updates)

    async def claim_updates(self, holder: str, *, limit: int, lease: timedelta) -> list[InboxItem]:
        return await in_store_thread(self.store.claim_updates, holder, limit=limit, lease=lease)

    async def extend_claims(self, holder: str, *, lease: timedelta) -> int:
        return await in_store_thread(self.store.extend_claims, holder, lease=lease)

    async def finish_updates(self, update_ids: Sequence[int]) -> None:
        await in_store_thread(self.store.finish_updates, update_ids)

    async def release_update(self, update_id: int, *, retry_at: datetime | None = None) -> None:
        await in_store_thread(self.store.release_update, update_id, retry_at=retry_at)

    async def release_claims(self, holder: str) -> int:
        return await in_store_thread(self.store.release_claims, holder)

    async def purge_inbox(self, *, before: datetime) -> int:
        return await in_store_thread(self.store.purge_inbox, before=before)

    async def close(self) -> None:
        await in_store_thread(self.store.close)


__all__ = ["AsyncStore"]
