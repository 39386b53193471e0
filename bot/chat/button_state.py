"""What a button remembers between the message it is under and the press, kept in the database.

A button's callback data holds 64 bytes: a search's words, the options of an offer or a
corrected command do not fit, so they are kept in the store's reader state under a short
token that the data carries (``c:<token>:<page>``, ``so:<token>:<option>``, ``uc:<token>``).
Every process reads the same rows, so a press works after a restart and on another bot
process behind the same webhook, for a week (then the handler answers "expired").

The token is a hash of what is kept (and of its kind): the same search in the same chat gets
the same token in every process, and two processes never hand out one token for different
things. Values are JSON; each caller checks the shape it reads back.
"""

from __future__ import annotations

import base64
import hashlib
import json

from bot.storage.aio import AsyncStore

TOKEN_BYTES = 6  # 8 characters of URL-safe base64: 48 bits, per chat and kind

SEARCH = "search"  # /cari's query (a string)
OFFER = "offer"  # /langganan's offered options ([[kind, value], ...])
CORRECTION = "correction"  # a mistyped command's correction (a string)
QUESTION = "question"  # a question asked in a group, for the member's private chat (a string)


def encode(value: object) -> str:
    """``value`` as compact JSON text, ASCII only: a lone surrogate or a NUL that a reader
    managed to send is escaped, so either backend stores it."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def token_for(kind: str, text: str) -> str:
    """The short token of ``text`` kept as ``kind``: a hash, the same in every process."""
    digest = hashlib.blake2b(f"{kind}\n{text}".encode(), digest_size=TOKEN_BYTES).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


def state_key(kind: str, token: str) -> str:
    """The store's key of a token: its kind and the token (``search:AbC-12_x``)."""
    return f"{kind}:{token}"


async def remember(db: AsyncStore, chat_id: int, kind: str, value: object) -> str:
    """Keep ``value`` (JSON-serialisable) for the chat's buttons; returns the token their
    callback data carries."""
    text = encode(value)
    token = token_for(kind, text)
    await db.put_reader_state(chat_id, state_key(kind, token), text)
    return token


async def recall(db: AsyncStore, chat_id: int, kind: str, token: str) -> object | None:
    """What was kept under the token; None when unknown, forgotten (a week) or unreadable."""
    text = await db.reader_state(chat_id, state_key(kind, token))
    if text is None:
        return None
    try:
        value: object = json.loads(text)
    except ValueError:
        return None
    return value


async def recall_text(db: AsyncStore, chat_id: int, kind: str, token: str) -> str | None:
    """A string kept under the token; None when there is none (or something else is kept)."""
    value = await recall(db, chat_id, kind, token)
    return value if isinstance(value, str) else None
