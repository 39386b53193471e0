"""One classification of Telegram's answers, for the sender, the handlers and the error handler."""

import subprocess
import sys

import pytest
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.chat.handlers.errors import expected
from bot.present.telegram_errors import Kind, classify, retry_seconds


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (RetryAfter(7), Kind.RATE_LIMITED),
        (Forbidden("Forbidden: bot was blocked by the user"), Kind.BLOCKED),
        (ChatMigrated(-100123), Kind.MIGRATED),
        (InvalidToken(), Kind.TOKEN),
        (BadRequest("Chat not found"), Kind.CHAT_GONE),
        (BadRequest("Bad Request: PEER_ID_INVALID"), Kind.CHAT_GONE),
        (BadRequest("Not enough rights to send text messages to the chat"), Kind.CHAT_GONE),
        (BadRequest("Message to edit not found"), Kind.MESSAGE_GONE),
        (BadRequest("Message can't be edited"), Kind.MESSAGE_GONE),
        (BadRequest("Message is not modified: specified new message content"), Kind.NOT_MODIFIED),
        (BadRequest("Query is too old and response timeout expired"), Kind.STALE_QUERY),
        (BadRequest("Message to delete not found"), Kind.EXPECTED),
        (BadRequest("Can't parse entities: unsupported start tag"), Kind.REJECTED),
        (TimedOut(), Kind.NETWORK),
        (NetworkError("connection reset"), Kind.NETWORK),
        (ValueError("a bug"), Kind.OTHER),
        (None, Kind.OTHER),
    ],
)
def test_classify(error, kind) -> None:
    assert classify(error) is kind


def test_error_handler_uses_the_same_classification() -> None:
    assert expected(Forbidden("blocked")) == (True, False)
    assert expected(BadRequest("Query is too old")) == (True, False)
    assert expected(BadRequest("Message to edit not found")) == (True, True)
    assert expected(BadRequest("can't parse entities")) == (False, True)
    assert expected(ValueError("bug")) == (False, True)


def test_retry_seconds() -> None:
    assert retry_seconds(RetryAfter(3)) == 3.0


def test_deliver_and_group_handlers_import_without_a_cycle() -> None:
    """Each side imports on its own in a fresh interpreter (a cycle fails one of them)."""
    for module in ("bot.delivery.sender", "bot.chat.handlers.groups"):
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
