"""Plain data passed between ingestion, storage, matching and delivery."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FeedSource:
    """A feed from the feeds catalogue (seeds/feeds.toml)."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class FeedState:
    """What the store remembers about one feed: conditional-GET validators and health."""

    url: str
    name: str
    etag: str | None = None
    last_modified: str | None = None
    last_success_at: datetime | None = None
    last_error_at: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    next_poll_at: datetime | None = None
    failing_since: datetime | None = None
    reported_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Topic:
    """A catalogue topic (seeds/topics.toml)."""

    slug: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # phrases using a term in another sense ("Partai Buruh Inggris")


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article ready to be stored: extracted, cleaned, summarized and tagged."""

    url: str
    canonical_url: str
    outlet: str
    title: str
    text: str
    bullets: tuple[str, ...]
    topics: tuple[str, ...] = ()
    guid: str | None = None
    feed_url: str | None = None
    author: str | None = None
    published_at: datetime | None = None  # timezone-aware; stored as UTC
    fetched_at: datetime | None = None  # timezone-aware; stored as UTC
    from_description: bool = False  # body could not be had; text is the feed's description
    text_hash: str | None = None  # hash of the normalised text, for exact-duplicate detection
    minhash: tuple[int, ...] = ()  # MinHash signature of the text, for story clustering
    image_url: str | None = None  # the lead image (og:image, else the first figure's)


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article."""

    id: int
    url: str
    canonical_url: str
    outlet: str
    title: str
    text: str
    bullets: tuple[str, ...]
    topics: tuple[str, ...]
    story_id: int
    published_at: datetime | None
    fetched_at: datetime
    author: str | None = None
    from_description: bool = False
    image_url: str | None = None  # the lead image, an http(s) URL (pushes show it)


@dataclass(frozen=True, slots=True)
class StoreResult:
    """What happened when an article was offered to the store."""

    article_id: int | None  # None when it was a duplicate
    story_id: int | None
    duplicate: bool
    new_story: bool


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result, ranked."""

    article: Article
    score: float
    other_outlets: tuple[str, ...] = ()  # other outlets that carried the same story


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of search results, and how well the search matched."""

    hits: list[SearchHit]
    total: int  # matching stories (counted among the newest SEARCH_CANDIDATES matches)
    exact: bool  # every word of the query is in every hit (else: the closest matches)
    terms: tuple[str, ...] = ()  # the query's stemmed terms, as searched


@dataclass(frozen=True, slots=True)
class ChatSettings:
    """A Telegram chat (private, group or channel) that Warta talks to."""

    chat_id: int
    chat_type: str = "private"  # private | group | supergroup | channel
    title: str | None = None
    timezone: str = "Asia/Jakarta"  # Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)
    digest_hour: int = 7  # local hour 0-23
    mode: str = "instant"  # instant (push + digest) | digest (digest only)
    paused: bool = False
    active: bool = True  # False once Telegram says blocked / kicked / chat not found
    inactive_reason: str | None = None
    last_digest_at: datetime | None = None
    message_thread_id: int | None = None  # a forum group's topic where it subscribed
    quiet_start: int | None = None  # quiet hours, local hours 0-23; None (both) is off
    quiet_end: int | None = None  # the hour they end (before start: across midnight)
    quiet_mode: str = "hold"  # hold (pushes wait for the end) | silent (no notification)
    pictures: bool = True  # pushes show the article's picture (a large link preview)


@dataclass(frozen=True, slots=True)
class Subscription:
    """A chat's subscription to a catalogue topic or to a free keyword/phrase."""

    chat_id: int
    kind: str  # "topic" | "keyword"
    value: str  # topic slug, or the keyword as the reader typed it
    # The store's id (for buttons' callback data); 0 when not stored. Not part of equality.
    id: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message waiting in (or sent from) the delivery outbox."""

    id: int
    chat_id: int
    kind: str  # push | digest | reply
    text: str  # Telegram HTML, already escaped, at most 4096 characters
    dedupe_key: str
    reply_markup: str | None = None  # JSON of an InlineKeyboardMarkup, if any
    attempts: int = 0
    status: str = "pending"  # pending | sending | sent | failed
    not_before: datetime | None = None
    last_error: str | None = None
    send_options: str | None = None  # JSON: link preview, silent, thread (see delivery)


@dataclass(frozen=True, slots=True)
class Stats:
    """Figures for the admins' /stats."""

    chats: int
    active_chats: int
    subscriptions: int
    articles: int
    stories: int
    sent: int
    pending: int
    failed: int
    feeds_failing: int = 0
    extra: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NewOutboxMessage:
    """A message to queue in the outbox (see ``Store.enqueue_many`` and ``commit_fanout``)."""

    chat_id: int
    kind: str  # push | digest | reply
    text: str  # Telegram HTML, already escaped
    dedupe_key: str  # unique: a second message with the same key is skipped
    reply_markup: str | None = None  # JSON of an InlineKeyboardMarkup, if any
    not_before: datetime | None = None  # timezone-aware; None means now
    send_options: str | None = None  # JSON object of send options (see delivery), if any


@dataclass(frozen=True, slots=True)
class ArchiveRow:
    """An article for a bulk load (benchmarks): already summarized and stemmed."""

    dated_at: datetime  # timezone-aware: the news date
    fetched_at: datetime  # timezone-aware
    outlet: str
    title: str
    url: str  # also the canonical URL
    topics: tuple[str, ...]
    bullets: tuple[str, ...]
    text: str
    stemmed: tuple[str, str, str]  # stemmed title, bullets, text (bot.storage.index)
    minhash: tuple[int, ...] = ()
    image_url: str | None = None


@dataclass(frozen=True, slots=True)
class LastQuestion:
    """A chat's last question as it was understood, and when it was asked (follow-ups)."""

    chat_id: int
    question: str
    asked_at: datetime  # timezone-aware, UTC


VOTES = ("up", "down")  # 👍, 👎 under an answer


@dataclass(frozen=True, slots=True)
class NewAnswerRecord:
    """An answer about to be sent to a reader, kept for the 👍 / 👎 under it."""

    chat_id: int
    question: str  # the question as it was read (a follow-up merged with the one before)
    sentences: tuple[str, ...]  # the quoted sentences, in order
    article_ids: tuple[int, ...]  # the quoted articles, in order, each once
    article_urls: tuple[str, ...]  # their URLs, in the same order
    asked_at: datetime  # timezone-aware


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """A stored answer and the reader's vote on it."""

    id: int
    chat_id: int
    question: str
    sentences: tuple[str, ...]
    article_ids: tuple[int, ...]
    article_urls: tuple[str, ...]
    asked_at: datetime
    vote: str | None = None  # "up" | "down" | None (not voted)
    voted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class IncomingUpdate:
    """An update from Telegram as it arrived, about to be stored in the inbox."""

    update_id: int
    chat_id: int | None  # the chat (or, without one, the user) whose updates keep their order
    payload: str  # the update's JSON, as Telegram sent it


@dataclass(frozen=True, slots=True)
class InboxItem:
    """A stored update claimed for handling."""

    update_id: int
    chat_id: int | None
    payload: str
    attempts: int  # how many times it was claimed, this time included
    received_at: datetime  # when it was stored (timezone-aware, UTC)
