"""The one storage interface of Warta; SQLite is the embedded default.

Ingestion and the bot depend only on :class:`Store`, so a server database can be added later
as another implementation without touching them. All datetimes are timezone-aware and are
stored in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from bot.models import (
    Article,
    ChatSettings,
    FeedSource,
    FeedState,
    NewArticle,
    NewOutboxMessage,
    OutboxMessage,
    SearchHit,
    Stats,
    StoreResult,
    Subscription,
)


class Store(Protocol):
    """Everything Warta keeps: feeds, articles (with full-text search), chats and the outbox."""

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None: ...

    # -- feeds -------------------------------------------------------------------------------
    def sync_feeds(self, sources: Iterable[FeedSource]) -> None:
        """Make sure every catalogue feed has a row (names updated, history kept)."""

    def feed_states(self) -> list[FeedState]: ...

    def feed_state(self, url: str) -> FeedState | None: ...

    def record_feed_success(
        self,
        url: str,
        *,
        at: datetime,
        etag: str | None,
        last_modified: str | None,
        next_poll_at: datetime | None = None,
    ) -> None:
        """Store the validators of a successful (or 304) fetch and reset the failure count;
        ``next_poll_at`` (None: due at once) is when the feed is due again."""

    def record_feed_failure(
        self, url: str, *, at: datetime, error: str, next_poll_at: datetime
    ) -> FeedState:
        """Count one more consecutive failure; returns the updated state."""

    def mark_feed_reported(self, url: str, *, at: datetime) -> None:
        """Remember that a long-failing feed was reported to the operator."""

    # -- articles ----------------------------------------------------------------------------
    def has_article(
        self,
        *,
        canonical_url: str | None = None,
        guid: str | None = None,
        feed_url: str | None = None,
    ) -> bool:
        """True when an article with this canonical URL, or this guid in this feed, is stored."""

    def add_article(self, article: NewArticle) -> StoreResult:
        """Store a new article, unless it duplicates one (canonical URL, guid+feed, text hash).

        Assigns a story cluster: an existing story whose articles' MinHash signatures are
        similar enough (``bot.dedupe``), else a new one. Indexes it for full-text search.
        """

    def get_article(self, article_id: int) -> Article | None: ...

    def story_outlets(self, story_id: int) -> list[str]:
        """Outlets of all articles in a story, in the order they were stored."""

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        offset: int = 0,
        since: datetime | None = None,
        topics: Sequence[str] | None = None,
    ) -> list[SearchHit]:
        """Ranked full-text search (BM25 on stemmed title, bullets and text, recency-boosted).

        ``query`` is the user's words, never FTS5 syntax: any string returns results or [].
        One hit per story (its best article).
        """

    def articles_since(
        self, since: datetime, *, topics: Sequence[str] | None = None, limit: int = 50
    ) -> list[Article]:
        """Articles fetched after ``since`` (optionally with any of ``topics``), newest first,
        one per story."""

    def count_articles(self) -> int: ...

    # -- chats and subscriptions ------------------------------------------------------------
    def upsert_chat(
        self, chat_id: int, *, chat_type: str = "private", title: str | None = None
    ) -> ChatSettings:
        """Create the chat with default settings, or reactivate and return the existing one."""

    def get_chat(self, chat_id: int) -> ChatSettings | None: ...

    def update_chat(self, chat_id: int, **changes: object) -> ChatSettings:
        """Change settings fields (names as in :class:`ChatSettings`)."""

    def set_chat_inactive(self, chat_id: int, reason: str) -> None:
        """The chat blocked or removed the bot: stop sending to it, keep its data."""

    def chats(self, *, active_only: bool = True) -> list[ChatSettings]: ...

    def add_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        """Subscribe; False when it already existed. Keywords are stored as typed (trimmed)."""

    def remove_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        """Unsubscribe; False when there was no such subscription (keywords match
        case-insensitively)."""

    def subscriptions(self, chat_id: int) -> list[Subscription]: ...

    def all_subscriptions(self) -> list[Subscription]:
        """Subscriptions of active, unpaused chats."""

    # -- outbox ------------------------------------------------------------------------------
    def enqueue(
        self,
        chat_id: int,
        kind: str,
        text: str,
        *,
        dedupe_key: str,
        reply_markup: str | None = None,
    ) -> int | None:
        """Add a message to the outbox; None when ``dedupe_key`` was already queued/sent."""

    def due_messages(self, *, now: datetime, limit: int = 100) -> list[OutboxMessage]:
        """Pending messages whose ``not_before`` has passed, oldest first."""

    def mark_sending(self, message_id: int) -> None: ...

    def mark_sent(
        self, message_id: int, *, at: datetime, telegram_message_id: int | None = None
    ) -> None: ...

    def mark_retry(self, message_id: int, *, error: str, not_before: datetime) -> None: ...

    def mark_failed(self, message_id: int, *, error: str) -> None: ...

    def requeue_in_flight(self) -> int:
        """At start-up: messages left 'sending' by a crash go back to 'pending'."""

    def drop_pending_for_chat(self, chat_id: int, *, error: str) -> int:
        """Fail every pending message of a chat that has become inactive."""

    def get_message(self, message_id: int) -> OutboxMessage | None:
        """One outbox message, whatever its status."""

    def enqueue_many(self, messages: Sequence[NewOutboxMessage]) -> int:
        """Queue many messages in one transaction; returns how many were new (dedupe_key
        already queued: skipped). A bad message raises and nothing is written."""

    # -- several processes: leases, feed claims, fan-out -------------------------------------
    def acquire_lease(self, name: str, holder: str, *, ttl: timedelta) -> bool:
        """Take the lease if free or expired, or renew it if ``holder`` has it; True when
        ``holder`` holds it now (until now + ``ttl``)."""

    def release_lease(self, name: str, holder: str) -> None:
        """Give the lease up (no-op unless ``holder`` holds it)."""

    def lease_holder(self, name: str) -> str | None:
        """The live holder, or None when free or expired."""

    def claim_due_feeds(
        self, holder: str, *, now: datetime, limit: int, lease: timedelta
    ) -> list[str]:
        """URLs of up to ``limit`` catalogue feeds due (``next_poll_at`` unset or <= now) and
        not claimed by a live holder (``holder`` included: a feed being polled is not handed
        out twice), now claimed by ``holder`` for ``lease``."""

    def release_feed(self, url: str, holder: str) -> None:
        """End ``holder``'s claim on the feed (no-op when another holder has it)."""

    def fanout_cursor(self, name: str = "push") -> int:
        """The id of the last article fanned out under ``name`` (0 at first)."""

    def articles_after(self, article_id: int, *, limit: int) -> list[Article]:
        """Up to ``limit`` articles with a greater id, in id order (oldest first)."""

    def commit_fanout(
        self, name: str, *, expected: int, upto: int, messages: Sequence[NewOutboxMessage]
    ) -> int | None:
        """In ONE transaction: move cursor ``name`` from ``expected`` to ``upto`` and queue
        ``messages`` (dedupe_key duplicates skipped). None, and nothing written, when the
        cursor was not at ``expected`` (another process fanned out first); else how many
        messages were new."""

    def stats(self) -> Stats: ...


def open_store(path: str | Path) -> Store:
    """Open (creating and migrating if needed) the SQLite store at ``path``."""
    from bot.storage.sqlite import SQLiteStore

    return SQLiteStore(path)


__all__ = ["Store", "open_store"]
