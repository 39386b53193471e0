"""Checks and conversions shared by every backend: times, texts, chat settings, messages."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.logsafe import redact
from bot.core.models import VOTES, ChatSettings, NewAnswerRecord, NewOutboxMessage
from bot.core.unstorable import is_unstorable
from bot.storage.errors import StoreError, UnstorableText

CHAT_FIELDS = frozenset(f.name for f in fields(ChatSettings)) - {"chat_id"}
CHAT_TYPES = ("private", "group", "supergroup", "channel")
CHAT_MODES = ("instant", "digest")
QUIET_MODES = ("hold", "silent")  # quiet hours: pushes wait for the end, or come silently
SEND_OPTIONS_MAX = 4000
"""Characters of an outbox row's send options (JSON text)."""
SUBSCRIPTION_KINDS = ("topic", "keyword")
OUTBOX_KINDS = ("push", "digest", "reply")
ERROR_MAX_CHARS = 1000
DIGEST_PAGES_KEPT = timedelta(days=7)
"""A digest's page buttons work for a week."""
LAST_QUESTIONS_KEPT = timedelta(days=7)
"""A chat's last question is forgotten a week after it was asked."""
READER_STATE_KEPT = timedelta(days=7)
"""What a button remembers (a search, an offer) is forgotten a week after it was written."""
READER_STATE_KEY_MAX = 64
"""Characters of a reader-state key (it travels in a button's 64-byte callback data)."""
READER_STATE_VALUE_MAX = 16_000
"""Characters of a reader-state value (JSON text)."""
ID_MAX = 2**63 - 1
"""The largest id either backend stores (a 64-bit signed integer)."""
QUESTION_MAX_CHARS = 1000
"""Characters of a question kept (a follow-up merged with the one before included)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def aware_utc(value: datetime) -> datetime:
    """``value`` in UTC; naive datetimes (and non-datetimes) are refused."""
    if not isinstance(value, datetime):
        raise StoreError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise StoreError(f"datetime {value.isoformat()} has no time zone; pass an aware one")
    return value.astimezone(UTC)


def clean_error(error: object) -> str:
    """An error text fit to store: token redacted, bounded length."""
    text = redact(str(error))
    return text if len(text) <= ERROR_MAX_CHARS else text[: ERROR_MAX_CHARS - 1] + "…"


def nonempty(name: str, value: object) -> str:
    """``value`` stripped, or StoreError when it is not a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"{name} must be a non-empty string, got {value!r}")
    if is_unstorable(value):  # PostgreSQL would answer a DataError; refuse it the same on both
        raise UnstorableText(f"{name} holds a NUL byte or a lone surrogate, which cannot be stored")
    return value.strip()


def check_chat_type(chat_type: object) -> str:
    if chat_type not in CHAT_TYPES:
        raise StoreError(f"chat_type must be one of {CHAT_TYPES}, got {chat_type!r}")
    return str(chat_type)


def check_chat_changes(changes: dict[str, object]) -> dict[str, object]:
    """Validated settings changes (names as in :class:`ChatSettings`), or StoreError.

    Quiet hours changed together must be both set or both None (off), and never the same
    hour (a window of no length, or of the whole day: ambiguous, so refused)."""
    unknown = sorted(set(changes) - CHAT_FIELDS)
    if unknown:
        raise StoreError(
            f"unknown chat setting(s) {', '.join(unknown)}; known: {', '.join(sorted(CHAT_FIELDS))}"
        )
    checked = {name: _chat_value(name, value) for name, value in changes.items()}
    if "quiet_start" in checked and "quiet_end" in checked:
        start, end = checked["quiet_start"], checked["quiet_end"]
        if (start is None) != (end is None):
            raise StoreError("quiet_start and quiet_end must be set together, or both None")
        if start is not None and start == end:
            raise StoreError(f"quiet hours cannot start and end at the same hour ({start})")
    return checked


def _chat_value(name: str, value: object) -> object:
    if name == "chat_type":
        check_chat_type(value)
    if name == "mode" and value not in CHAT_MODES:
        raise StoreError(f"mode must be one of {CHAT_MODES}, got {value!r}")
    if name == "digest_hour" and (
        isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23
    ):
        raise StoreError(f"digest_hour must be a whole hour 0-23, got {value!r}")
    if name == "timezone":
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise StoreError(f"timezone {value!r} is not a known time zone") from exc
    if (
        name in ("quiet_start", "quiet_end")
        and value is not None
        and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 23)
    ):
        raise StoreError(f"{name} must be a whole hour 0-23 or None, got {value!r}")
    if name == "quiet_mode" and value not in QUIET_MODES:
        raise StoreError(f"quiet_mode must be one of {QUIET_MODES}, got {value!r}")
    if (
        name == "message_thread_id"
        and value is not None
        and (isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= ID_MAX)
    ):
        raise StoreError(f"message_thread_id must be a positive whole number or None: {value!r}")
    if name in ("paused", "active", "pictures") and not isinstance(value, bool):
        raise StoreError(f"{name} must be True or False, got {value!r}")
    if name in ("title", "inactive_reason") and value is not None and not isinstance(value, str):
        raise StoreError(f"{name} must be text or None, got {value!r}")
    if name == "last_digest_at" and value is not None:
        return aware_utc(value)  # type: ignore[arg-type]
    return value


def subscription_key(kind: str, value: str) -> tuple[str, str]:
    """(the value as stored, its case-insensitive key), or StoreError."""
    if kind not in SUBSCRIPTION_KINDS:
        raise StoreError(f"subscription kind must be one of {SUBSCRIPTION_KINDS}, not {kind!r}")
    value = nonempty(f"{kind} value", value)
    return value, value.casefold()


def check_message(
    kind: str,
    text: str,
    dedupe_key: str,
    reply_markup: str | None,
    send_options: str | None = None,
) -> None:
    """StoreError unless this is a message the outbox can take."""
    if kind not in OUTBOX_KINDS:
        raise StoreError(f"outbox kind must be one of {OUTBOX_KINDS}, got {kind!r}")
    nonempty("message text", text)
    nonempty("dedupe_key", dedupe_key)
    if reply_markup is not None:
        try:
            json.loads(reply_markup)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"reply_markup must be JSON text: {exc}") from exc
    if send_options is not None:
        check_send_options(send_options)


def check_send_options(send_options: object) -> None:
    """StoreError unless ``send_options`` is the JSON text of an object, of bounded size."""
    if not isinstance(send_options, str) or len(send_options) > SEND_OPTIONS_MAX:
        raise StoreError(f"send_options must be JSON text of at most {SEND_OPTIONS_MAX} characters")
    try:
        parsed = json.loads(send_options)
    except ValueError as exc:
        raise StoreError(f"send_options must be JSON text: {exc}") from exc
    if not isinstance(parsed, dict):
        raise StoreError("send_options must be a JSON object")


def clean_question(question: object) -> str:
    """A question fit to store: whitespace collapsed, not empty, bounded length."""
    text = " ".join(nonempty("question", question).split())
    return text[:QUESTION_MAX_CHARS]


def reader_state_key(key: object) -> bool:
    """Whether ``key`` can name a reader state (a tampered button may carry anything)."""
    return isinstance(key, str) and 0 < len(key) <= READER_STATE_KEY_MAX


def checked_reader_state(chat_id: int, key: str, value: str) -> tuple[int, str, str]:
    """A reader state fit to store: a key of 1 to 64 characters and a string value of at most
    ``READER_STATE_VALUE_MAX`` characters, else StoreError."""
    if not reader_state_key(key):
        raise StoreError(f"a reader-state key must be 1 to {READER_STATE_KEY_MAX} characters")
    if not isinstance(value, str) or len(value) > READER_STATE_VALUE_MAX or "\x00" in value:
        raise StoreError(
            f"a reader-state value must be text of at most {READER_STATE_VALUE_MAX} characters, "
            "without NUL"
        )
    return int(chat_id), key, value


def storable_id(value: int) -> bool:
    """Whether ``value`` can be a stored id (a tampered button may carry any number)."""
    return 0 < value <= ID_MAX


def check_vote(vote: object) -> str:
    if vote not in VOTES:
        raise StoreError(f"vote must be one of {VOTES}, got {vote!r}")
    return str(vote)


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """A validated answer record ready to insert (lists as JSON text)."""

    chat_id: int
    question: str
    sentences: str
    article_ids: str
    article_urls: str
    asked_at: datetime


def checked_answer(record: NewAnswerRecord) -> AnswerRow:
    """The record checked and ready to insert, or StoreError."""
    sentences = [nonempty("sentence", s) for s in record.sentences]
    if not sentences:
        raise StoreError("an answer record needs at least one quoted sentence")
    ids = list(record.article_ids)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise StoreError(f"article ids must be whole numbers, got {ids!r}")
    urls = [nonempty("article URL", u) for u in record.article_urls]
    if len(urls) != len(ids):
        raise StoreError("an answer record needs one URL per quoted article")
    return AnswerRow(
        chat_id=int(record.chat_id),
        question=clean_question(record.question),
        sentences=json.dumps(sentences, ensure_ascii=False),
        article_ids=json.dumps(ids),
        article_urls=json.dumps(urls, ensure_ascii=False),
        asked_at=aware_utc(record.asked_at),
    )


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """A validated message ready to insert."""

    chat_id: int
    kind: str
    text: str
    reply_markup: str | None
    dedupe_key: str
    not_before: datetime
    created_at: datetime
    send_options: str | None = None


def outbox_rows(messages: Sequence[NewOutboxMessage], now: datetime) -> list[OutboxRow]:
    """Validated rows; the first bad message raises StoreError (so nothing is written)."""
    rows = []
    now = aware_utc(now)
    options_seen: set[str] = set()  # a fan-out shares a few option texts: check each once
    for m in messages:
        check_message(m.kind, m.text, m.dedupe_key, m.reply_markup)
        if m.send_options is not None and m.send_options not in options_seen:
            check_send_options(m.send_options)
            options_seen.add(m.send_options)
        not_before = now if m.not_before is None else aware_utc(m.not_before)
        rows.append(
            OutboxRow(
                int(m.chat_id),
                m.kind,
                m.text,
                m.reply_markup,
                m.dedupe_key,
                not_before,
                now,
                m.send_options,
            )
        )
    return rows
