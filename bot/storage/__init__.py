"""The one storage interface of Warta; SQLite is the embedded default.

Ingestion and the bot depend only on :class:`Store`, so a server database can be added later
as another implementation without touching them. All datetimes are timezone-aware and are
stored in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from bot.models import (
    Article,
    ChatSettings,
    FeedSource,
    FeedState,
    NewArticle,
    OutboxMessage,
    SearchHit,
    SearchPage,
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
        self, url: str, *, at: datetime, etag: str | None, last_modified: str | None
    ) -> None:
        """Store the validators of a successful (or 304) fetch and reset the failure count."""

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

    def search_page(
        self,
        query: str,
        *,
        limit: int = 5,
        offset: int = 0,
        since: datetime | None = None,
        topics: Sequence[str] | None = None,
    ) -> SearchPage:
        """:meth:`search` with the number of matching stories and whether all the words
        matched (``exact``) or only some (the closest results)."""

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many stored articles contain each stemmed index term (0 when none does)."""

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
        """Subscribe; False when it already existed. Keywords are stored as typed (trimmed).
        A removed subscription comes back with its old id."""

    def remove_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        """Unsubscribe; False when there was no such subscription (keywords match
        case-insensitively)."""

    def remove_subscription_id(self, chat_id: int, subscription_id: int) -> Subscription | None:
        """Unsubscribe by id (a button); the removed subscription, or None when the chat had
        no such active subscription. Removed subscriptions are kept for
        :meth:`restore_subscription`; every other method ignores them."""

    def restore_subscription(self, chat_id: int, subscription_id: int) -> Subscription | None:
        """Undo a removal by id; the subscription (also when already active), or None when
        the chat never had it."""

    def subscriptions(self, chat_id: int) -> list[Subscription]:
        """The chat's subscriptions, oldest first, each with its ``id``."""

    def all_subscriptions(self) -> list[Subscription]:
        """Subscriptions of active, unpaused chats (with their ``id``)."""

    # -- digests -----------------------------------------------------------------------------
    def save_digest(self, chat_id: int, pages: Sequence[str]) -> int:
        """Keep a digest's pages (Telegram HTML) for its page buttons; returns its id. Old
        digests (a week) are forgotten."""

    def digest_pages(self, chat_id: int, digest_id: int) -> list[str] | None:
        """The pages of a saved digest of this chat; None when unknown or forgotten."""

    def pushed_stories(self, chat_id: int, since: datetime) -> set[int]:
        """Ids of the stories pushed (or queued as pushes) to the chat since ``since``."""

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
        """Pending messages whose ``not_before`` has passed, oldest first; per-chat FIFO: none
        while an older pending message of the same chat is due later (a 429 back-off)."""

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

    def stats(self) -> Stats: ...


def open_store(path: str | Path) -> Store:
    """Open (creating and migrating if needed) the SQLite store at ``path``."""
    from bot.storage.sqlite import SQLiteStore

    return SQLiteStore(path)


__all__ = ["Store", "open_store"]
