"""The storage interface of Warta, cut by consumer, and :func:`open_store`.

Two backends implement it: SQLite (``bot.storage.sqlite``, the embedded default) and
PostgreSQL (``bot.storage.postgres``, for several processes). Callers depend only on these
protocols: the ingestor on :class:`IngestStore`, the sender on :class:`SenderStore`, the
reader-facing handlers on :class:`ReaderStore`, the elected worker on :class:`WorkerStore`;
:class:`Store` is all of them. Every method is synchronous and may block (a networked
database): call it from a worker thread, never on the event loop (async code goes through
``bot.storage.aio.AsyncStore``).
All datetimes are timezone-aware and are stored in UTC.

The only SQL of Warta. May import ``core`` and ``summaries``; never Telegram or any layer
above.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.core.database_url import DatabaseURL, DatabaseURLError, parse_database_url
from bot.core.models import (
    AnswerRecord,
    ArchiveRow,
    Article,
    ChatSettings,
    FeedSource,
    FeedState,
    InboxItem,
    IncomingUpdate,
    LastQuestion,
    NewAnswerRecord,
    NewArticle,
    NewOutboxMessage,
    OutboxMessage,
    SearchHit,
    SearchPage,
    Stats,
    StoreResult,
    Subscription,
)
from bot.storage.errors import (
    IncompleteCopy,
    SchemaError,
    StoreError,
    StoreUnavailable,
)
from bot.storage.values import utc_now

# -- sections -------------------------------------------------------------------------------


class FeedSection(Protocol):
    """Feeds of the catalogue, their conditional-GET validators, health and claims."""

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

    def claim_due_feeds(
        self, holder: str, *, now: datetime, limit: int, lease: timedelta
    ) -> list[str]:
        """URLs of up to ``limit`` catalogue feeds due (``next_poll_at`` unset or <= now) and
        not claimed by a live holder (``holder`` included: a feed being polled is not handed
        out twice), now claimed by ``holder`` for ``lease``."""

    def release_feed(self, url: str, holder: str) -> None:
        """End ``holder``'s claim on the feed (no-op when another holder has it)."""


class ArticleWriter(Protocol):
    """Storing articles: duplicates, story clusters, the search index."""

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
        similar enough (``bot.storage.stories``), else a new one. Indexes it for search.
        """


class ArchiveReader(Protocol):
    """Reading the archive: articles, stories, search."""

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
        """Ranked full-text search (stemmed title, bullets and text, recency-boosted).

        ``query`` is the user's words, never query syntax: any string returns results or [].
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
        self,
        since: datetime,
        *,
        topics: Sequence[str] | None = None,
        limit: int = 50,
        published_after: datetime | None = None,
    ) -> list[Article]:
        """Articles fetched after ``since`` (optionally with any of ``topics``, and dated, by
        publication else fetch time, at or after ``published_after``), newest first, one per
        story."""

    def articles_after(self, article_id: int, *, limit: int) -> list[Article]:
        """Up to ``limit`` articles with a greater id, in id order (oldest first)."""

    def count_articles(self) -> int: ...


class ChatSection(Protocol):
    """Chats, their settings and subscriptions."""

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

    def move_chat(
        self, old_id: int, new_id: int, *, chat_type: str = "supergroup"
    ) -> ChatSettings | None:
        """In ONE transaction: ``new_id`` gets ``old_id``'s settings (timezone, digest_hour,
        mode, paused, last_digest_at, quiet hours, pictures, title; not a forum thread: a
        basic group has none) and active subscriptions (ones it has are kept);
        ``old_id`` is set inactive ("migrated to supergroup <new_id>"). The new chat, or None
        (nothing written) when ``old_id`` was never stored."""

    def subscriptions(self, chat_id: int) -> list[Subscription]:
        """The chat's subscriptions, oldest first, each with its ``id``."""

    def all_subscriptions(self) -> list[Subscription]:
        """Subscriptions of active, unpaused chats (with their ``id``)."""


class QuestionSection(Protocol):
    """What answering questions keeps: each chat's last question (a follow-up is read with
    it) and the answers sent, with the reader's 👍 / 👎 on each."""

    def save_last_question(self, chat_id: int, question: str, *, at: datetime) -> None:
        """Remember the chat's last question as it was understood, asked ``at``: one per chat,
        replacing an older one (never a newer one). Questions asked more than a week before
        ``at`` are forgotten. An empty question: StoreError."""

    def last_question(self, chat_id: int) -> LastQuestion | None:
        """The chat's last question and when it was asked; None when none is kept."""

    def save_answer(self, record: NewAnswerRecord) -> int:
        """Keep an answer about to be sent (the question, the quoted sentences, the articles);
        returns its id, for the buttons under it. No sentence, or a URL missing: StoreError."""

    def get_answer(self, answer_id: int) -> AnswerRecord | None: ...

    def vote_answer(
        self, chat_id: int, answer_id: int, vote: str, *, at: datetime
    ) -> AnswerRecord | None:
        """Store the chat's vote ("up" or "down") on its answer, replacing an earlier one;
        the answer as voted, or None (nothing written) when the chat has no such answer."""

    def answer_records(self, *, after: int = 0, limit: int = 1000) -> list[AnswerRecord]:
        """Up to ``limit`` answers with an id above ``after``, in id order, with their votes."""


class ReaderStateSection(Protocol):
    """What a button remembers between the message it is under and the press (a search, an
    offer, a corrected command): short texts (JSON, typed by the caller) per chat and key,
    readable by every process and kept for a week (``READER_STATE_KEPT``)."""

    def put_reader_state(self, chat_id: int, key: str, value: str) -> None:
        """Keep ``value`` under the chat's ``key``, replacing what was there, written now;
        states older than a week are forgotten. A key of more than 64 characters (or none),
        or a value too long or holding NUL: StoreError."""

    def reader_state(self, chat_id: int, key: str) -> str | None:
        """The value kept under the chat's ``key``; None when unknown, written more than a
        week ago, or the key cannot be one (tampered button data)."""

    def purge_reader_state(self, older_than: datetime) -> int:
        """Forget every state written before ``older_than``; returns how many."""


class InboxSection(Protocol):
    """Updates from Telegram, stored before they are confirmed and handled from here."""

    def store_updates(self, updates: Sequence[IncomingUpdate]) -> int:
        """Store updates not seen before (by ``update_id``); returns how many were new."""

    def claim_updates(self, holder: str, *, limit: int, lease: timedelta) -> list[InboxItem]:
        """Claim up to ``limit`` updates, each the oldest unfinished one of its chat."""

    def extend_claims(self, holder: str, *, lease: timedelta) -> int:
        """Keep ``holder``'s claims for another ``lease``."""

    def finish_updates(self, update_ids: Sequence[int]) -> None:
        """Mark updates handled."""

    def release_update(self, update_id: int, *, retry_at: datetime | None = None) -> None:
        """Give a claimed update back, to be handled again from ``retry_at``."""

    def release_claims(self, holder: str) -> int:
        """Give back every update ``holder`` still has in hand."""

    def inbox_backlog(self) -> tuple[int, datetime | None]:
        """Updates not handled yet, and when the oldest of them arrived."""

    def purge_inbox(self, *, before: datetime) -> int:
        """Forget handled updates done before ``before``."""


class DigestSection(Protocol):
    """The pages of recent digests, for the ⟨ 1/3 ⟩ buttons under them."""

    def save_digest(self, chat_id: int, pages: Sequence[str]) -> int:
        """Keep a digest's pages (Telegram HTML) for its page buttons; returns its id. Old
        digests (a week) are forgotten. No page (or an empty one): StoreError."""

    def digest_pages(self, chat_id: int, digest_id: int) -> list[str] | None:
        """The pages of a saved digest of this chat; None when unknown or forgotten."""


class OutboxSection(Protocol):
    """The delivery outbox."""

    def enqueue(
        self,
        chat_id: int,
        kind: str,
        text: str,
        *,
        dedupe_key: str,
        reply_markup: str | None = None,
        send_options: str | None = None,
    ) -> int | None:
        """Add a message to the outbox; None when ``dedupe_key`` was already queued/sent.
        ``send_options``: JSON object text the sender passes on (``bot.delivery.send_options``)."""

    def enqueue_many(self, messages: Sequence[NewOutboxMessage]) -> int:
        """Queue many messages in one transaction; returns how many were new (dedupe_key
        already queued: skipped). A bad message raises and nothing is written."""

    def due_messages(self, *, now: datetime, limit: int = 100) -> list[OutboxMessage]:
        """Pending messages whose ``not_before`` has passed, oldest first; per-chat FIFO: none
        while an older pending message of the same chat is due later (a 429 back-off)."""

    def get_message(self, message_id: int) -> OutboxMessage | None:
        """One outbox message, whatever its status."""

    def outbox_backlog(self, *, now: datetime) -> tuple[int, datetime | None]:
        """Pending messages (whatever their ``not_before``) and the ``created_at`` of the
        oldest of them, None when there is none (``/metrics``)."""

    def pushed_stories(self, chat_id: int, since: datetime) -> set[int]:
        """Ids of the stories pushed (or queued as pushes) to the chat since ``since``: its
        ``push:<chat>:<story>`` outbox rows created since then that did not fail."""

    def mark_sending(self, message_id: int) -> None:
        """Claim the message right before the HTTP call (one attempt); while it is
        'sending', its ``not_before`` holds the claim time (see ``requeue_in_flight``)."""

    def mark_sent(
        self, message_id: int, *, at: datetime, telegram_message_id: int | None = None
    ) -> None: ...

    def mark_retry(self, message_id: int, *, error: str, not_before: datetime) -> None: ...

    def mark_failed(self, message_id: int, *, error: str) -> None: ...

    def requeue_in_flight(
        self, *, claimed_before: datetime | None = None, keep: Collection[int] = ()
    ) -> int:
        """Messages left 'sending' go back to 'pending': every one at start-up (a crash left
        them), or those claimed before ``claimed_before`` (a claim timeout, for the live
        sender); never the ids in ``keep``. Returns how many."""

    def release_claim(self, message_id: int) -> bool:
        """A claimed message that was not sent goes back to 'pending' (no-op unless it is
        'sending'); True when it did."""

    def outbox_in_flight(self, *, claimed_before: datetime) -> tuple[int, int]:
        """Messages 'sending' now, and how many of them were claimed before
        ``claimed_before`` (stale claims, ``/metrics``)."""

    def drop_pending_for_chat(self, chat_id: int, *, error: str) -> int:
        """Fail every pending message of a chat that has become inactive."""


class CoordinationSection(Protocol):
    """What several processes share: leases (one elected worker) and fan-out cursors."""

    def acquire_lease(self, name: str, holder: str, *, ttl: timedelta) -> bool:
        """Take the lease if free or expired, or renew it if ``holder`` has it; True when
        ``holder`` holds it now (until now + ``ttl``)."""

    def release_lease(self, name: str, holder: str) -> None:
        """Give the lease up (no-op unless ``holder`` holds it)."""

    def lease_holder(self, name: str) -> str | None:
        """The live holder, or None when free or expired."""

    def fanout_cursor(self, name: str = "push") -> int:
        """The id of the last article fanned out under ``name`` (0 at first)."""

    def commit_fanout(
        self, name: str, *, expected: int, upto: int, messages: Sequence[NewOutboxMessage]
    ) -> int | None:
        """In ONE transaction: move cursor ``name`` from ``expected`` to ``upto`` and queue
        ``messages`` (dedupe_key duplicates skipped). None, and nothing written, when the
        cursor was not at ``expected`` (another process fanned out first); else how many
        messages were new."""


class StatsSection(Protocol):
    def stats(self) -> Stats: ...

    def ping(self) -> None:
        """A cheap round trip to the database (``SELECT 1``); raises when it cannot be
        reached (``/healthz``)."""


class Lifecycle(Protocol):
    backend: str  # "sqlite" | "postgresql"

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    def load_archive(self, rows: Iterable[ArchiveRow], *, batch: int = 20_000) -> int:
        """Bulk-insert pre-stemmed articles, each its own story, without duplicate checks
        (benchmarks); returns how many."""

    def optimize(self) -> None:
        """After a bulk load: compact the search index and refresh the planner's statistics."""


class CopySection(Protocol):
    """Whole tables in and out (``warta copy-db``); tables as in ``bot.storage.tables``."""

    def count_rows(self, table: str) -> int: ...

    def export_rows(self, table: str) -> Iterator[tuple]:
        """Every row of ``table`` as Python values (aware UTC datetimes, bools, bytes)."""

    def import_rows(self, table: str, rows: Iterable[tuple]) -> int:
        """Insert exported rows as they are (ids kept); returns how many."""

    def finish_import(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Rebuild what derives from the tables (search index, counts, id counters)."""

    def empty(self) -> None:
        """Delete every row of every table (``database_meta`` is kept)."""

    def incomplete_copy(self) -> str | None:
        """The mark of an unfinished copy-db into this database (``bot.storage.copy_marker``),
        or None."""

    def mark_incomplete_copy(self, value: str) -> None:
        """Mark this database as an unfinished copy (committed before the first row)."""

    def clear_incomplete_copy(self) -> None:
        """Remove the mark (after every row and the search index are committed)."""


# -- consumers ------------------------------------------------------------------------------


class IngestStore(FeedSection, ArticleWriter, Protocol):
    """What the ingestor (feed polling and storing articles) needs."""


class SenderStore(ChatSection, OutboxSection, Protocol):
    """What the outbox sender needs (chats: to stop sending to blocked ones)."""


class ReaderStore(
    FeedSection,
    ArchiveReader,
    ChatSection,
    QuestionSection,
    ReaderStateSection,
    DigestSection,
    OutboxSection,
    StatsSection,
    Protocol,
):
    """What the handlers answering readers (and admins) need."""


class WorkerStore(
    ArchiveReader, ChatSection, DigestSection, OutboxSection, CoordinationSection, Protocol
):
    """What the elected worker needs: fan-out, digests, schedules."""


class Store(
    IngestStore,
    ReaderStore,
    SenderStore,
    WorkerStore,
    InboxSection,
    Lifecycle,
    CopySection,
    Protocol,
):
    """Everything Warta keeps: feeds, articles (with search), chats, the outbox, leases."""


def protocol_methods() -> list[str]:
    """Names of every method of :class:`Store` (for conformance tests: mypy checks that each
    backend is a :class:`Store`, see the end of this module)."""
    names: set[str] = set()
    for klass in Store.__mro__:
        if klass.__module__ == __name__ and klass is not Store:
            names.update(n for n, v in vars(klass).items() if callable(v) and not n.startswith("_"))
    return sorted(names)


def open_store(
    database: str | Path | DatabaseURL,
    *,
    clock: Callable[[], datetime] = utc_now,
    allow_incomplete_copy: bool = False,
) -> Store:
    """Open (creating and migrating if needed) the store ``database`` names: a SQLite file
    path or ``sqlite:///path``, or a ``postgresql://`` URL. ``clock``: the store's "now".

    An unfinished ``warta copy-db`` destination is refused (:class:`IncompleteCopy`, a
    SchemaError naming the copy) unless ``allow_incomplete_copy`` (copy-db itself)."""
    url = parse_database_url(database)
    store: Store
    if url.kind == "postgresql":
        from bot.storage.postgres import PostgresStore

        assert url.dsn is not None
        store = PostgresStore(url.dsn, clock=clock)
    else:
        from bot.storage.sqlite import SQLiteStore

        assert url.path is not None
        store = SQLiteStore(url.path, clock=clock)
    if not allow_incomplete_copy:
        try:
            marker = store.incomplete_copy()
        except BaseException:
            store.close()
            raise
        if marker is not None:
            store.close()
            from bot.storage.copy_marker import incomplete_copy_error

            raise incomplete_copy_error(url, marker)
    return store


if TYPE_CHECKING:
    # Both backends implement every protocol above (Store covers the consumer protocols):
    # mypy checks these returns and fails on a missing method, another parameter or return
    # type, a renamed keyword-only parameter, a missing default or a required extra
    # parameter. It does not see positional parameter names, default values, extra optional
    # parameters or a keyword-only one made positional: tests/storage/test_conformance.py
    # checks those. Never run.
    from bot.storage.postgres import PostgresStore
    from bot.storage.sqlite import SQLiteStore

    def _sqlite_is_a_store(store: SQLiteStore) -> Store:
        return store

    def _postgres_is_a_store(store: PostgresStore) -> Store:
        return store


__all__ = [
    "DatabaseURL",
    "DatabaseURLError",
    "IncompleteCopy",
    "IngestStore",
    "ReaderStore",
    "SchemaError",
    "SenderStore",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "WorkerStore",
    "open_store",
    "parse_database_url",
    "protocol_methods",
]
