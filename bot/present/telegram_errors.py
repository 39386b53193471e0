"""Telegram's error answers, classified once for the sender, the handlers and the error handler.

The Bot API says what went wrong in a free-text description; these are the wordings (lower
case, matched as substrings) that mean something other than a bug.
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from enum import Enum
from typing import Any

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

# The chat is gone for good, or the bot may no longer write there: stop sending to it.
CHAT_GONE = (
    "chat not found",
    "peer_id_invalid",
    "user not found",
    "group chat was deactivated",
    "chat_write_forbidden",
    "have no rights to send a message",
    "not enough rights to send",
)
# The message a button belongs to can no longer be edited (deleted, too old, not ours).
MESSAGE_GONE = ("message to edit not found", "message can't be edited")
# A button pressed too long ago: its callback query can no longer be answered.
STALE_QUERY = ("query is too old", "query id is invalid")
NOT_MODIFIED = "message is not modified"
# A forum topic that was deleted: the group's general chat can take the message instead.
THREAD_GONE = ("message thread not found", "topic_deleted")
OTHER_EXPECTED = ("message to delete not found",)


class Kind(Enum):
    """What a Telegram error means for the message or update at hand."""

    RATE_LIMITED = "rate_limited"  # 429: wait retry_after, then try again
    BLOCKED = "blocked"  # 403: the reader blocked the bot or removed it
    CHAT_GONE = "chat_gone"  # 400: the chat no longer exists or cannot be written to
    MIGRATED = "migrated"  # the group became a supergroup (a new chat id)
    THREAD_GONE = "thread_gone"  # the forum topic (message_thread_id) was deleted
    MESSAGE_GONE = "message_gone"  # the message to edit was deleted or is too old
    NOT_MODIFIED = "not_modified"  # an edit that changes nothing
    STALE_QUERY = "stale_query"  # a button pressed too long ago
    EXPECTED = "expected"  # another ordinary answer (e.g. nothing to delete)
    REJECTED = "rejected"  # any other bad request: this message is wrong
    TOKEN = "token"  # the token was rejected
    NETWORK = "network"  # no answer (timeout, connection): try again later
    OTHER = "other"  # anything else: a bug or an unknown answer


def _description(error: BaseException) -> str:
    return (getattr(error, "message", None) or str(error)).lower()


def classify(error: BaseException | None) -> Kind:
    """The kind of a Telegram error (OTHER for anything that is not one)."""
    if isinstance(error, RetryAfter):
        return Kind.RATE_LIMITED
    if isinstance(error, Forbidden):
        return Kind.BLOCKED
    if isinstance(error, ChatMigrated):
        return Kind.MIGRATED
    if isinstance(error, InvalidToken):
        return Kind.TOKEN
    if isinstance(error, BadRequest):
        text = _description(error)
        if NOT_MODIFIED in text:
            return Kind.NOT_MODIFIED
        if any(marker in text for marker in MESSAGE_GONE):
            return Kind.MESSAGE_GONE
        if any(marker in text for marker in STALE_QUERY):
            return Kind.STALE_QUERY
        if any(marker in text for marker in THREAD_GONE):
            return Kind.THREAD_GONE
        if any(marker in text for marker in CHAT_GONE):
            return Kind.CHAT_GONE
        if any(marker in text for marker in OTHER_EXPECTED):
            return Kind.EXPECTED
        return Kind.REJECTED
    if isinstance(error, NetworkError):  # after BadRequest, which is a NetworkError in PTB
        return Kind.NETWORK
    return Kind.OTHER


# Kinds that are the ordinary course of things rather than a bug.
ORDINARY = frozenset(
    {
        Kind.RATE_LIMITED,
        Kind.BLOCKED,
        Kind.CHAT_GONE,
        Kind.MIGRATED,
        Kind.THREAD_GONE,
        Kind.MESSAGE_GONE,
        Kind.NOT_MODIFIED,
        Kind.STALE_QUERY,
        Kind.EXPECTED,
    }
)
# Of those, the ones where the reader cannot be told anything in reply.
UNREACHABLE = frozenset({Kind.BLOCKED, Kind.CHAT_GONE, Kind.MIGRATED, Kind.STALE_QUERY})


def is_telegram_error(error: BaseException | None) -> bool:
    return isinstance(error, TelegramError)


def retry_seconds(exc: RetryAfter) -> float:
    """``retry_after`` in seconds (PTB 22 gives an int or, opted in, a timedelta)."""
    with warnings.catch_warnings():  # PTB warns that the type will become timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value: Any = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
