"""A real HTTP server on 127.0.0.1 that speaks enough of the Telegram Bot API for our tests.

python-telegram-bot is pointed at it with ``Bot(TOKEN, base_url=server.bot_base_url)`` (or
``ApplicationBuilder().base_url(server.bot_base_url)``); it then requests
``{base_url}{token}/{method}``. Like PTB, requests may be form-urlencoded (nested values JSON
encoded, which is what PTB sends), multipart, JSON or a query string.

Behaves like Telegram where it matters to Warta: token check, strict ``parse_mode=HTML``
parsing, message length in UTF-16 code units, ``callback_data`` limit, "message is not
modified", unknown chats, blocked users, kicked bots, rate limits (when enabled) and injected
failures. Everything is recorded for assertions. The token is never logged or recorded.

Example::

    with FakeTelegram() as server:
        bot = telegram.Bot(TOKEN, base_url=server.bot_base_url)
        server.send_user_message(42, "/start")        # an update for getUpdates
        ...
        await server.wait_for_messages(1, chat_id=42)
        assert "Selamat datang" in server.sent_messages(42)[0].text
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import math
import re
import socket
import sys
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

log = logging.getLogger("tests.support.fake_telegram")

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmn"
"""Default token; looks like a real one so the log redaction pattern matches it."""

BOT_ID = int(TOKEN.split(":", 1)[0])
MAX_TEXT_UTF16 = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100  # per keyboard (python-telegram-bot's InlineKeyboardMarkupLimit)
MAX_INLINE_RESULTS = 50
SEND_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendaudio",
        "sendvideo",
        "sendanimation",
        "sendvoice",
        "sendsticker",
        "sendlocation",
        "sendpoll",
        "senddice",
        "copymessage",
        "forwardmessage",
    }
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """An error answer of the Bot API."""

    def __init__(
        self,
        status: int,
        description: str,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ):
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        if self.migrate_to_chat_id is not None:
            body["parameters"] = {"migrate_to_chat_id": self.migrate_to_chat_id}
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


class _DropConnection(Exception):
    """Close the client's connection without answering (a network failure)."""


# -- HTML parse mode ---------------------------------------------------------------------------

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]*));")
_START_TAG_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*?)?)\s*>")
_END_TAG_RE = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ATTR_RE = re.compile(
    r"""\s*([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
)


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _unescape(value: str, offset: int) -> str:
    out: list[str] = []
    pos = 0
    while True:
        amp = value.find("&", pos)
        if amp < 0:
            out.append(value[pos:])
            return "".join(out)
        out.append(value[pos:amp])
        char, pos = _parse_entity(value, amp, offset)
        out.append(char)


def _parse_entity(text: str, pos: int, base: int = 0) -> tuple[str, int]:
    match = _ENTITY_RE.match(text, pos)
    byte_offset = base + len(text[:pos].encode())
    if not match:
        raise bad_request(
            f"can't parse entities: Character entity expected at byte offset {byte_offset}"
        )
    decimal, hexa, name = match.groups()
    if name is not None:
        if name not in _NAMED_ENTITIES:
            raise bad_request(
                f'can\'t parse entities: Unsupported HTML entity "&{name};" at byte offset '
                f"{byte_offset}"
            )
        return _NAMED_ENTITIES[name], match.end()
    code = int(decimal) if decimal is not None else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise bad_request(f"can't parse entities: Invalid entity at byte offset {byte_offset}")
    return chr(code), match.end()


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML strictly: returns (plain text, entities) or raises ApiError 400."""
    out: list[str] = []
    out_len = 0  # in UTF-16 code units
    stack: list[tuple[str, dict[str, str], int]] = []
    entities: list[dict[str, Any]] = []
    pos = 0
    while pos < len(text):
        lt = text.find("<", pos)
        amp = text.find("&", pos)
        nxt = min(i for i in (lt, amp, len(text)) if i >= 0)
        if nxt > pos:
            chunk = text[pos:nxt]
            out.append(chunk)
            out_len += utf16_len(chunk)
            pos = nxt
            continue
        byte_offset = len(text[:pos].encode())
        if text[pos] == "&":
            char, pos = _parse_entity(text, pos)
            out.append(char)
            out_len += utf16_len(char)
            continue
        # text[pos] == "<"
        end = _END_TAG_RE.match(text, pos)
        if end:
            name = end.group(1).lower()
            if not stack:
                raise bad_request(
                    f"can't parse entities: Unexpected end tag at byte offset {byte_offset}"
                )
            open_name, attrs, start = stack.pop()
            if open_name != name:
                raise bad_request(
                    f"can't parse entities: Unmatched end tag at byte offset {byte_offset}, "
                    f'expected "</{open_name}>", found "</{name}>"'
                )
            if out_len > start:
                entities.append(_entity(open_name, attrs, start, out_len - start, stack))
            pos = end.end()
            continue
        start_tag = _START_TAG_RE.match(text, pos)
        if not start_tag:
            raise bad_request(
                f"can't parse entities: Unsupported start tag at byte offset {byte_offset}"
            )
        name = start_tag.group(1).lower()
        if name not in _ENTITY_TYPES:
            raise bad_request(
                f'can\'t parse entities: Unsupported start tag "{name}" at byte offset '
                f"{byte_offset}"
            )
        attrs = _parse_attrs(start_tag.group(2), byte_offset)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise bad_request(
                f'can\'t parse entities: Tag "span" must have class "tg-spoiler" at byte '
                f"offset {byte_offset}"
            )
        stack.append((name, attrs, out_len))
        pos = start_tag.end()
    if stack:
        raise bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1][0]}"'
        )
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _parse_attrs(raw: str, byte_offset: int) -> dict[str, str]:
    attrs: dict[str, str] = {}
    pos = 0
    raw = raw.rstrip()
    while pos < len(raw):
        match = _ATTR_RE.match(raw, pos)
        if not match or match.end() == pos:
            raise bad_request(
                f"can't parse entities: Invalid attribute in tag at byte offset {byte_offset}"
            )
        name, value = match.group(1).lower(), match.group(2) or ""
        if value[:1] in "\"'" and value:
            value = value[1:-1]
        attrs[name] = _unescape(value, byte_offset)
        pos = match.end()
    return attrs


def _entity(
    name: str, attrs: dict[str, str], offset: int, length: int, parents: list[Any]
) -> dict[str, Any]:
    kind = _ENTITY_TYPES[name]
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if name == "a":
        entity["url"] = attrs.get("href", "")
    elif name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif name == "code" and parents and parents[-1][0] == "pre":
        language = attrs.get("class", "").removeprefix("language-")
        entity = {"type": "pre", "offset": offset, "length": length}
        if language:
            entity["language"] = language
    return entity


def command_entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` entity Telegram adds to a message starting with ``/``."""
    match = re.match(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?", text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


# -- rate limits -------------------------------------------------------------------------------


class TokenBucket:
    """``rate`` tokens per second, at most ``capacity`` saved up (Telegram's short bursts)."""

    def __init__(self, rate: float, capacity: float, now: float):
        self.rate = rate
        self.capacity = capacity
        self.tokens = capacity
        self.stamp = now

    def _refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_time(self, now: float) -> float:
        """Seconds until a token is available (0 when one is)."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


@dataclass(frozen=True)
class RateLimits:
    """The limits the server enforces when ``rate_limits`` is on (Telegram's documented ones)."""

    global_per_second: float = 30.0
    global_burst: float = 30.0
    per_chat_per_second: float = 1.0
    per_chat_burst: float = 3.0
    group_per_minute: float = 20.0
    group_burst: float = 20.0
    paid_per_second: float = 1000.0  # broadcasts with allow_paid_broadcast (they cost Stars)


# -- records -----------------------------------------------------------------------------------


@dataclass
class SentMessage:
    """A message the bot sent (and its current state, after edits)."""

    chat_id: int
    message_id: int
    text: str  # as the bot sent it (HTML source when parse_mode=HTML)
    plain_text: str  # as a reader sees it
    parse_mode: str | None
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None
    time: float
    seq: int
    params: dict[str, Any] = field(repr=False, default_factory=dict)
    edits: int = 0
    deleted: bool = False

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Inline keyboard buttons, flattened."""
        if not self.reply_markup:
            return []
        return [b for row in self.reply_markup.get("inline_keyboard", []) for b in row]


@dataclass(frozen=True)
class RecordedRequest:
    """One API call (the token is not part of it)."""

    method: str  # as the client spelled it, e.g. "sendMessage"
    params: dict[str, Any]
    time: float
    status: int


@dataclass
class _Failure:
    status: int | str  # an HTTP status, or "drop" to close the connection
    retry_after: int | None
    description: str | None
    chat_id: int | None


_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
}

_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": True,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": True,
    "can_edit_stories": True,
    "can_delete_stories": True,
    "can_pin_messages": True,
    "can_manage_topics": False,
}


class FakeTelegram:
    """The fake Bot API server. Thread-safe; use as a context manager or start()/stop()."""

    def __init__(
        self,
        token: str = TOKEN,
        *,
        bot_username: str = "warta_test_bot",
        rate_limits: bool | RateLimits = False,
        latency: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._token = token
        self.bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else BOT_ID
        self.bot_username = bot_username
        self.limits: RateLimits | None = (
            RateLimits() if rate_limits is True else (rate_limits or None)
        )
        self.latency = latency  # seconds added to every call except getUpdates
        self.clock = clock
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._stopping = False
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # -- lifecycle -----------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every message, update, chat and injected failure (limits stay as set)."""
        with self._lock:
            self._messages: dict[tuple[int, int], SentMessage] = {}
            self._sent: list[SentMessage] = []
            self.requests: list[RecordedRequest] = []
            self._updates: list[dict[str, Any]] = []
            self._update_ids = itertools.count(1)
            self._next_message_id: dict[int, int] = defaultdict(lambda: 1)
            self._seq = itertools.count(1)
            self._query_ids = itertools.count(1)
            self._failures: dict[str, deque[_Failure]] = defaultdict(deque)
            self._unknown_chats: set[int] = set()
            self._blocked: set[int] = set()
            self._kicked: set[int] = set()
            self._migrated: dict[int, int] = {}  # old group id -> new supergroup id
            self._forums: set[int] = set()  # supergroups with topics
            self._deleted_threads: set[tuple[int, int]] = set()  # (chat, message_thread_id)
            self._chats: dict[int, dict[str, Any]] = {}
            self._users: dict[int, dict[str, Any]] = {}
            self._admins: dict[int, dict[int, str]] = defaultdict(dict)  # chat -> user -> status
            self.commands: dict[str, list[dict[str, Any]]] = {}
            self.callback_answers: list[dict[str, Any]] = []
            self.inline_answers: list[dict[str, Any]] = []
            self.chat_actions: list[dict[str, Any]] = []
            self.count_429 = 0
            self.webhook: dict[str, Any] | None = None  # setWebhook's parameters while set
            self._pending_queries: set[str] = set()
            self._buckets_global: TokenBucket | None = None
            self._buckets_paid: TokenBucket | None = None
            self._buckets_chat: dict[int, TokenBucket] = {}
            self._buckets_group: dict[int, TokenBucket] = {}

    def start(self) -> FakeTelegram:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._stopping = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            self._changed.notify_all()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """The API root, e.g. for ``TELEGRAM_API_URL``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def bot_base_url(self) -> str:
        """What python-telegram-bot wants as ``base_url`` (root + ``/bot``)."""
        return self.base_url + "/bot"

    # -- test controls -------------------------------------------------------------------------
    def fail_next(
        self,
        method: str = "sendMessage",
        status: int = 429,
        *,
        retry_after: int | None = 3,
        description: str | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (to ``chat_id``, if given) fail."""
        if status == 429:
            description = description or f"Too Many Requests: retry after {retry_after}"
        else:
            retry_after = None
            description = description or _DEFAULT_DESCRIPTIONS.get(status, "Error")
        with self._lock:
            for _ in range(times):
                self._failures[method.lower()].append(
                    _Failure(status, retry_after, description, chat_id)
                )

    def drop_next(
        self, method: str = "sendMessage", *, times: int = 1, chat_id: int | None = None
    ) -> None:
        """Close the connection without an answer on the next ``times`` calls of ``method``
        (to ``chat_id``, if given)."""
        with self._lock:
            for _ in range(times):
                self._failures[method.lower()].append(_Failure("drop", None, None, chat_id))

    def block_user(self, chat_id: int, *, notify: bool = False) -> None:
        """The user blocked the bot: sends answer 403. With ``notify``, a my_chat_member
        update (bot "member" -> "kicked" in the private chat) is queued, as Telegram does."""
        with self._lock:
            self._blocked.add(chat_id)
            if notify:
                chat = self._chat(chat_id, "private", user=self._user(chat_id))
                self._push_update(
                    "my_chat_member", self._member_change(chat, chat_id, "member", "kicked")
                )

    def unblock_user(self, chat_id: int) -> None:
        with self._lock:
            self._blocked.discard(chat_id)

    def kick_from_group(self, chat_id: int, *, by_user_id: int | None = None) -> None:
        """The bot was removed from the group: sends answer 403; a my_chat_member update
        is queued when ``by_user_id`` is given."""
        with self._lock:
            self._kicked.add(chat_id)
            if by_user_id is not None:
                chat = self._chat(chat_id, "group")
                self._push_update(
                    "my_chat_member",
                    self._member_change(chat, by_user_id, "member", "left"),
                )

    def migrate_to_supergroup(self, chat_id: int, new_chat_id: int) -> None:
        """The group became a supergroup: sends to the old id answer 400 "group chat was
        upgraded to a supergroup chat" with ``migrate_to_chat_id``, as Telegram does."""
        with self._lock:
            old = self._chats.get(chat_id, {})
            self._chat(new_chat_id, "supergroup", old.get("title"))
            self._admins[new_chat_id] = dict(self._admins.get(chat_id, {}))
            self._migrated[chat_id] = new_chat_id

    def make_forum(self, chat_id: int) -> None:
        """The supergroup has topics (``is_forum``): its messages may carry a thread id."""
        with self._lock:
            self._forums.add(chat_id)
            if chat_id in self._chats:
                self._chats[chat_id]["is_forum"] = True

    def delete_forum_topic(self, chat_id: int, message_thread_id: int) -> None:
        """The topic was deleted: sends to it answer 400 "message thread not found"."""
        with self._lock:
            self._deleted_threads.add((chat_id, message_thread_id))

    def mark_unknown(self, chat_id: int) -> None:
        """Sends to this chat answer "chat not found"."""
        with self._lock:
            self._unknown_chats.add(chat_id)

    def set_admins(self, chat_id: int, user_ids: list[int] | set[int]) -> None:
        """Make these users administrators of the group (others are plain members)."""
        with self._lock:
            owner = {u for u, s in self._admins[chat_id].items() if s == "creator"}
            self._admins[chat_id] = {u: "administrator" for u in user_ids}
            for u in owner:
                self._admins[chat_id].setdefault(u, "creator")

    # -- injected updates ----------------------------------------------------------------------
    def send_user_message(
        self,
        user_id: int,
        text: str,
        chat_type: str = "private",
        *,
        chat_id: int | None = None,
        title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str = "id",
        message_thread_id: int | None = None,
    ) -> dict[str, Any]:
        """A user writes ``text`` to the bot (private chat) or in a group; returns the message.
        ``message_thread_id``: written in that topic of a forum (:meth:`make_forum`)."""
        if chat_type != "private" and chat_id is None:
            raise ValueError("a group message needs chat_id (a negative number)")
        with self._lock:
            user = self._user(user_id, first_name, username, language_code)
            chat = self._chat(user_id if chat_id is None else chat_id, chat_type, title, user)
            message = {
                "message_id": self._new_message_id(chat["id"]),
                "date": int(time.time()),
                "chat": chat,
                "from": user,
                "text": text,
            }
            if message_thread_id is not None:
                message["message_thread_id"] = message_thread_id
                message["is_topic_message"] = True
            entities = command_entities(text)
            if entities:
                message["entities"] = entities
            self._push_update("message", message)
            return message

    def edit_user_message(self, message: dict[str, Any], text: str) -> dict[str, Any]:
        """The user edits a message they sent (``send_user_message``'s return value)."""
        with self._lock:
            edited = {**message, "text": text, "edit_date": int(time.time())}
            edited.pop("entities", None)
            entities = command_entities(text)
            if entities:
                edited["entities"] = entities
            self._push_update("edited_message", edited)
            return edited

    def press_button(
        self,
        user_id: int,
        message_id: int,
        data: str,
        *,
        chat_id: int | None = None,
        inaccessible: bool = False,
    ) -> str:
        """The user presses an inline button of a bot message; returns the callback query id.

        With ``inaccessible`` the message is sent as Telegram does for one older than 48
        hours: an InaccessibleMessage with only its chat, its id and date 0."""
        with self._lock:
            user = self._user(user_id)
            chat_id = user_id if chat_id is None else chat_id
            record = self._messages.get((chat_id, message_id))
            if inaccessible:
                message = {
                    "message_id": message_id,
                    "date": 0,
                    "chat": self._chat(chat_id, "private" if chat_id > 0 else "group"),
                }
            elif record is not None:
                message = self._message_json(record)
            else:
                message = {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": self._chat(chat_id, "private" if chat_id > 0 else "group"),
                    "from": self._bot_user(),
                    "text": "…",
                }
            query_id = f"cbq{next(self._query_ids)}"
            self._pending_queries.add(query_id)
            self._push_update(
                "callback_query",
                {
                    "id": query_id,
                    "from": user,
                    "message": message,
                    "chat_instance": f"ci{chat_id}",
                    "data": data,
                },
            )
            return query_id

    def inline_query(self, user_id: int, query: str, *, offset: str = "") -> str:
        """The user types ``@bot query`` anywhere; returns the inline query id."""
        with self._lock:
            query_id = f"iq{next(self._query_ids)}"
            self._pending_queries.add(query_id)
            self._push_update(
                "inline_query",
                {"id": query_id, "from": self._user(user_id), "query": query, "offset": offset},
            )
            return query_id

    def add_to_group(
        self,
        chat_id: int,
        by_user_id: int,
        *,
        title: str = "Grup Uji",
        chat_type: str = "group",
        admins: list[int] | set[int] = (),
    ) -> dict[str, Any]:
        """``by_user_id`` (the group's creator) adds the bot to a group: a my_chat_member
        update is queued. ``admins`` become administrators too."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        with self._lock:
            self._kicked.discard(chat_id)
            self._unknown_chats.discard(chat_id)
            chat = self._chat(chat_id, chat_type, title)
            self._admins[chat_id][by_user_id] = "creator"
            for admin in admins:
                self._admins[chat_id].setdefault(admin, "administrator")
            update = self._member_change(chat, by_user_id, "left", "member")
            self._push_update("my_chat_member", update)
            return update

    def pending_updates(self) -> int:
        with self._lock:
            return len(self._updates)

    def take_updates(self) -> list[dict[str, Any]]:
        """Remove and return the pending updates, as Telegram does when it delivers them to a
        webhook (the test then posts them to the bot's webhook server)."""
        with self._lock:
            updates, self._updates = self._updates, []
            return updates

    # -- records -------------------------------------------------------------------------------
    def sent_messages(self, chat_id: int | None = None) -> list[SentMessage]:
        """Messages the bot sent, in order (optionally to one chat)."""
        with self._lock:
            return [m for m in self._sent if chat_id is None or m.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> SentMessage | None:
        with self._lock:
            return self._messages.get((chat_id, message_id))

    def calls(self, method: str) -> list[RecordedRequest]:
        """Recorded requests of one method (case-insensitive)."""
        with self._lock:
            return [r for r in self.requests if r.method.lower() == method.lower()]

    async def wait_for_messages(
        self, n: int, chat_id: int | None = None, timeout: float = 5.0
    ) -> list[SentMessage]:
        """Wait (without blocking the event loop) until ``n`` messages were sent."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.sent_messages(chat_id)
            if len(messages) >= n:
                return messages
            if time.monotonic() >= deadline:
                raise TimeoutError(
                    f"expected {n} messages{'' if chat_id is None else f' to {chat_id}'}, "
                    f"got {len(messages)}: {[m.plain_text[:60] for m in messages]}"
                )
            await asyncio.sleep(0.01)

    def wait_for_messages_sync(
        self, n: int, chat_id: int | None = None, timeout: float = 5.0
    ) -> list[SentMessage]:
        """Blocking variant of :meth:`wait_for_messages` (for threads and subprocess tests)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(messages := self.sent_messages(chat_id)) < n:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"expected {n} messages, got {len(messages)}")
                self._changed.wait(remaining)
            return messages

    # -- internals -----------------------------------------------------------------------------
    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Warta",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def _user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str = "id",
    ) -> dict[str, Any]:
        user = self._users.get(user_id)
        if user is None or first_name or username:
            user = {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name or f"Pengguna{user_id}",
                "language_code": language_code,
            }
            if username:
                user["username"] = username
            self._users[user_id] = user
        return user

    def _chat(
        self,
        chat_id: int,
        chat_type: str,
        title: str | None = None,
        user: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        chat = self._chats.get(chat_id)
        if chat is None or (title and chat.get("title") != title):
            chat = {"id": chat_id, "type": chat_type}
            if chat_id in self._forums:
                chat["is_forum"] = True
            if chat_type == "private":
                chat["first_name"] = (user or {}).get("first_name", f"Pengguna{chat_id}")
            else:
                chat["title"] = title or f"Grup {chat_id}"
            self._chats[chat_id] = chat
        return chat

    def _member_change(
        self, chat: dict[str, Any], by_user_id: int, old: str, new: str
    ) -> dict[str, Any]:
        def member(status: str) -> dict[str, Any]:
            body: dict[str, Any] = {"user": self._bot_user(), "status": status}
            if status == "kicked":
                body["until_date"] = 0
            return body

        return {
            "chat": chat,
            "from": self._user(by_user_id),
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }

    def _push_update(self, kind: str, body: dict[str, Any]) -> None:
        self._updates.append({"update_id": next(self._update_ids), kind: body})
        self._changed.notify_all()

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message_id[chat_id]
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    def _message_json(self, record: SentMessage) -> dict[str, Any]:
        chat = self._chats.get(record.chat_id) or {
            "id": record.chat_id,
            "type": "private" if record.chat_id > 0 else "group",
        }
        body: dict[str, Any] = {
            "message_id": record.message_id,
            "date": int(record.params.get("_date", time.time())),
            "chat": chat,
            "from": self._bot_user(),
            "text": record.plain_text,
        }
        thread = record.params.get("message_thread_id")
        if thread not in (None, "") and record.chat_id in self._forums:
            body["message_thread_id"] = int(thread)
            body["is_topic_message"] = True
        if record.entities:
            body["entities"] = record.entities
        if record.reply_markup:
            body["reply_markup"] = record.reply_markup
        if record.edits:
            body["edit_date"] = int(time.time())
        return body

    # -- request handling ------------------------------------------------------------------------
    def handle(self, path: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Answer one API call: (HTTP status, JSON body). Raises _DropConnection."""
        if path.startswith("/_fake/"):
            return self._control(path.removeprefix("/_fake/"), params)
        match = re.fullmatch(r"/bot([^/]*)/([A-Za-z]+)", path)
        if not match:
            return 404, ApiError(404, "Not Found").payload()
        token, method = match.groups()
        if token != self._token:
            return 401, ApiError(401, "Unauthorized").payload()
        name = method.lower()
        if name != "getupdates" and self.latency:
            time.sleep(self.latency)
        try:
            result = self._dispatch(name, params)
            status, body = 200, {"ok": True, "result": result}
        except ApiError as exc:
            status, body = exc.status, exc.payload()
        except _DropConnection:
            with self._changed:
                self.requests.append(RecordedRequest(method, params, time.time(), 0))
                self._changed.notify_all()
            raise
        with self._changed:
            if status == 429:
                self.count_429 += 1
            self.requests.append(RecordedRequest(method, params, time.time(), status))
            self._changed.notify_all()
        return status, body

    def _control(self, action: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """A small control API for a server in another process (see ``main``)."""
        if action == "message":
            chat_id = params.get("chat_id")
            message = self.send_user_message(
                int(params["user_id"]),
                str(params["text"]),
                str(params.get("chat_type") or "private"),
                chat_id=None if chat_id in (None, "") else int(chat_id),
            )
            return 200, {"ok": True, "result": message, "time": time.time()}
        if action == "wait":
            chat_id = _int(params, "chat_id", 0) or None
            try:
                sent = self.wait_for_messages_sync(
                    _int(params, "n", 1), chat_id, timeout=float(params.get("timeout") or 5)
                )
            except TimeoutError as exc:
                return 408, {"ok": False, "description": str(exc)}
            return 200, {"ok": True, "result": [_summary(m) for m in sent]}
        if action == "sent":
            low = _int(params, "min_chat_id", -(2**62))
            with self._lock:
                sent = [[m.chat_id, m.time] for m in self._sent if m.chat_id >= low]
            return 200, {"ok": True, "result": sent}
        if action == "stats":
            with self._lock:
                return 200, {
                    "ok": True,
                    "result": {
                        "sent": len(self._sent),
                        "requests": len(self.requests),
                        "count_429": self.count_429,
                    },
                }
        return 404, {"ok": False, "description": f"no control action {action!r}"}

    def _dispatch(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getupdates":
            return self._get_updates(params)
        handler = getattr(self, f"_api_{name}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        with self._changed:
            self._injected_failure(name, params)
            if name in SEND_METHODS:
                chat_id = self._chat_id(params)
                self._check_chat(chat_id)
                self._check_rate(chat_id, paid=_bool(params, "allow_paid_broadcast"))
            result = handler(params)
            self._changed.notify_all()
            return result

    def _injected_failure(self, name: str, params: dict[str, Any]) -> None:
        queue = self._failures.get(name)
        if not queue:
            return
        target = params.get("chat_id")
        for index, failure in enumerate(queue):
            if failure.chat_id is None or str(failure.chat_id) == str(target):
                del queue[index]
                if failure.status == "drop":
                    raise _DropConnection
                assert isinstance(failure.status, int)
                raise ApiError(failure.status, failure.description or "", failure.retry_after)

    def _check_chat(self, chat_id: int) -> None:
        if chat_id in self._migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self._migrated[chat_id],
            )
        if chat_id in self._unknown_chats or (chat_id < 0 and chat_id not in self._chats):
            raise bad_request("chat not found")
        if chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self._kicked:
            chat_type = self._chats.get(chat_id, {}).get("type", "group")
            where = "supergroup" if chat_type == "supergroup" else "group"
            raise ApiError(403, f"Forbidden: bot was kicked from the {where} chat")

    def _check_rate(self, chat_id: int, *, paid: bool = False) -> None:
        limits = self.limits
        if limits is None:
            return
        now = self.clock()
        if paid:
            if self._buckets_paid is None:
                self._buckets_paid = TokenBucket(
                    limits.paid_per_second, limits.paid_per_second, now
                )
            buckets = [self._buckets_paid]
        else:
            if self._buckets_global is None:
                self._buckets_global = TokenBucket(
                    limits.global_per_second, limits.global_burst, now
                )
            buckets = [self._buckets_global]
        chat_bucket = self._buckets_chat.get(chat_id)
        if chat_bucket is None:
            chat_bucket = self._buckets_chat[chat_id] = TokenBucket(
                limits.per_chat_per_second, limits.per_chat_burst, now
            )
        buckets.append(chat_bucket)
        if chat_id < 0:
            group_bucket = self._buckets_group.get(chat_id)
            if group_bucket is None:
                group_bucket = self._buckets_group[chat_id] = TokenBucket(
                    limits.group_per_minute / 60, limits.group_burst, now
                )
            buckets.append(group_bucket)
        wait = max(bucket.wait_time(now) for bucket in buckets)
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        for bucket in buckets:
            bucket.take()

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = _int(params, "offset", 0)
        limit = max(1, min(100, _int(params, "limit", 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        deadline = time.monotonic() + timeout
        with self._changed:
            self._injected_failure("getupdates", params)
            if self.webhook is not None:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use "
                    "deleteWebhook to delete the webhook first",
                )
            if offset:
                if offset < 0:
                    self._updates = self._updates[offset:]
                else:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._stopping:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(min(remaining, 0.5))
            return [dict(u) for u in self._updates[:limit]]

    # -- API methods (called with the lock held) --------------------------------------------------
    def _chat_id(self, params: dict[str, Any]) -> int:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def _api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._bot_user()

    def _api_logout(self, params: dict[str, Any]) -> bool:
        return True

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_deletewebhook(self, params: dict[str, Any]) -> bool:
        if _bool(params, "drop_pending_updates"):
            self._updates.clear()
        self.webhook = None
        return True

    def _api_setwebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if not url:  # Telegram: an empty URL removes the webhook
            self.webhook = None
            return True
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if _bool(params, "drop_pending_updates"):
            self._updates.clear()
        self.webhook = dict(params)
        return True

    def _api_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        url = str(self.webhook["url"]) if self.webhook else ""
        return {
            "url": url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _commands_key(self, params: dict[str, Any]) -> str:
        scope = _json(params, "scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    def _api_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = _json(params, "commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise bad_request("command description is empty")
        self.commands[self._commands_key(params)] = commands
        return True

    def _api_getmycommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(self._commands_key(params), [])

    def _api_deletemycommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _api_setmydescription(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setmyshortdescription(self, params: dict[str, Any]) -> bool:
        return True

    def _checked_text(
        self, params: dict[str, Any], field: str = "text"
    ) -> tuple[str, list[dict[str, Any]]]:
        text = str(params.get(field) or "")
        parse_mode = params.get("parse_mode")
        if parse_mode and str(parse_mode).lower() == "html":
            plain, entities = parse_html(text)
        else:
            plain, entities = text, _json(params, "entities") or []
        if not plain.strip():
            raise bad_request("message text is empty")
        if utf16_len(plain) > MAX_TEXT_UTF16:
            raise bad_request("message is too long")
        return plain, entities

    def _checked_markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        raw = params.get("reply_markup")
        if raw in (None, ""):
            return None
        try:
            markup = raw if isinstance(raw, dict) else json.loads(raw)
        except (TypeError, ValueError):
            raise bad_request("can't parse reply keyboard markup JSON object") from None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        check_inline_keyboard(markup)
        return markup

    def _api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        thread = params.get("message_thread_id")
        if thread not in (None, "") and (chat_id, _int(params, "message_thread_id", 0)) in (
            self._deleted_threads
        ):
            raise bad_request("message thread not found")
        plain, entities = self._checked_text(params)
        markup = self._checked_markup(params)
        clean = {k: v for k, v in params.items()}
        clean["_date"] = time.time()
        record = SentMessage(
            chat_id=chat_id,
            message_id=self._new_message_id(chat_id),
            text=str(params.get("text")),
            plain_text=plain,
            parse_mode=params.get("parse_mode") or None,
            entities=entities,
            reply_markup=markup,
            time=time.time(),
            seq=next(self._seq),
            params=clean,
        )
        self._messages[(chat_id, record.message_id)] = record
        self._sent.append(record)
        if chat_id not in self._chats:
            self._chat(chat_id, "private" if chat_id > 0 else "group")
        return self._message_json(record)

    def _existing(self, params: dict[str, Any], missing: str) -> SentMessage:
        if params.get("inline_message_id"):
            raise _InlineEdit
        chat_id = self._chat_id(params)
        self._check_chat(chat_id)
        record = self._messages.get((chat_id, _int(params, "message_id", 0)))
        if record is None or record.deleted:
            raise bad_request(missing)
        return record

    def _api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        plain, entities = self._checked_text(params)
        markup = self._checked_markup(params)
        try:
            record = self._existing(params, "message to edit not found")
        except _InlineEdit:
            return True
        if (plain, entities, markup) == (record.plain_text, record.entities, record.reply_markup):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        record.text, record.plain_text, record.entities = str(params["text"]), plain, entities
        record.parse_mode = params.get("parse_mode") or None
        record.reply_markup = markup
        record.edits += 1
        return self._message_json(record)

    def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        markup = self._checked_markup(params)
        try:
            record = self._existing(params, "message to edit not found")
        except _InlineEdit:
            return True
        if markup == record.reply_markup:
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        record.reply_markup = markup
        record.edits += 1
        return self._message_json(record)

    def _api_deletemessage(self, params: dict[str, Any]) -> bool:
        record = self._existing(params, "message to delete not found")
        record.deleted = True
        return True

    def _api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._pending_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._pending_queries.discard(query_id)
        self.callback_answers.append(dict(params))
        return True

    def _api_answerinlinequery(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("inline_query_id") or "")
        if query_id not in self._pending_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        results = _json(params, "results")
        if not isinstance(results, list):
            raise bad_request("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad_request("RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) for r in results]
        if any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise bad_request("RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            raise bad_request("RESULT_ID_DUPLICATE")
        for result in results:
            self._check_inline_result(result)
        if len(str(params.get("next_offset") or "").encode()) > 64:
            raise bad_request("NEXT_OFFSET_INVALID")
        self._pending_queries.discard(query_id)
        self.inline_answers.append({**params, "results": results})
        return True

    def _check_inline_result(self, result: Any) -> None:
        """An article result as Telegram checks it: a title, a text message of 1–4,096
        characters after entity parsing, valid URLs and keyboard."""
        if not isinstance(result, dict):
            raise bad_request("can't parse inline query results JSON object")
        if result.get("type") == "article" and not str(result.get("title") or "").strip():
            raise bad_request("RESULT_TITLE_EMPTY")
        url = result.get("url")
        if url not in (None, "") and not _valid_url(str(url)):
            raise bad_request("URL_INVALID")
        content = result.get("input_message_content")
        if result.get("type") == "article" and not isinstance(content, dict):
            raise bad_request("can't parse inline query result input message content")
        if isinstance(content, dict) and "message_text" in content:
            try:
                self._checked_text(content, "message_text")
            except ApiError as exc:
                text = exc.description.removeprefix("Bad Request: ")
                if text == "message text is empty":
                    raise bad_request("MESSAGE_EMPTY") from None
                if text == "message is too long":
                    raise bad_request("MESSAGE_TOO_LONG") from None
                raise
        markup = result.get("reply_markup")
        if markup is not None:
            check_inline_keyboard(markup)

    def _api_sendchataction(self, params: dict[str, Any]) -> bool:
        chat_id = self._chat_id(params)
        self._check_chat(chat_id)
        self.chat_actions.append(dict(params))
        return True

    def _api_getchat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        self._check_chat(chat_id)
        chat = self._chat(chat_id, "private" if chat_id > 0 else "group")
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11}

    def _member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        user = self._bot_user() if user_id == self.bot_id else self._user(user_id)
        status = self._admins.get(chat_id, {}).get(user_id, "member")
        if chat_id > 0 and user_id == chat_id:
            status = "member"
        if status == "creator":
            return {"user": user, "status": "creator", "is_anonymous": False}
        if status == "administrator":
            return {"user": user, "status": "administrator", **_ADMIN_RIGHTS}
        return {"user": user, "status": "member"}

    def _api_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        self._check_chat(chat_id)
        return self._member(chat_id, _int(params, "user_id", 0))

    def _api_getchatadministrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat_id = self._chat_id(params)
        self._check_chat(chat_id)
        if chat_id > 0:
            raise bad_request("there are no administrators in the private chat")
        return [self._member(chat_id, user_id) for user_id in self._admins.get(chat_id, {})]


def _valid_url(url: str) -> bool:
    """An http(s) URL with a host, or a tg:// link, with no whitespace or control
    characters: what Telegram accepts for a URL button or a text link."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme == "tg":
        return bool(parts.netloc or parts.path)
    return scheme in ("http", "https") and bool(parts.hostname)


def check_inline_keyboard(markup: Any) -> None:
    """An inline keyboard as Telegram checks it: at most 100 buttons, each with non-empty
    text, callback data of 1–64 bytes and a valid URL."""
    rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else None
    if rows is None or not isinstance(rows, list):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if sum(len(row) for row in rows if isinstance(row, list)) > MAX_BUTTONS:
        raise bad_request("BUTTONS_TOO_MUCH")
    for row in rows:
        if not isinstance(row, list):
            raise bad_request("can't parse reply keyboard markup JSON object")
        for button in row:
            if not str(button.get("text", "")).strip():
                raise bad_request("BUTTON_TEXT_INVALID")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not _valid_url(str(url)):
                raise bad_request("BUTTON_URL_INVALID")


class _InlineEdit(Exception):
    """An edit of an inline message (no chat): Telegram answers True."""


def _summary(message: SentMessage) -> dict[str, Any]:
    return {
        "chat_id": message.chat_id,
        "message_id": message.message_id,
        "text": message.plain_text,
        "time": message.time,
    }


def _int(params: dict[str, Any], name: str, default: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def _bool(params: dict[str, Any], name: str) -> bool:
    return str(params.get(name, "")).lower() in ("true", "1")


def _json(params: dict[str, Any], name: str) -> Any:
    raw = params.get(name)
    if raw in (None, "") or not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        raise bad_request(f"can't parse {name} JSON object") from None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (killed, cancelled) is normal here, not worth a traceback."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like api.telegram.org
    disable_nagle_algorithm = True  # headers and body are two writes: avoid 40 ms stalls
    server_version = "FakeTelegram/1.0"
    timeout = 60
    fake: FakeTelegram  # set by FakeTelegram.start()

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        url = urlsplit(self.path)
        params: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        content_type = self.headers.get("Content-Type", "")
        try:
            params.update(_decode_body(body, content_type))
        except ValueError:
            self._reply(400, ApiError(400, "Bad Request: invalid request body").payload())
            return
        try:
            status, payload = self.fake.handle(url.path, params)
        except _DropConnection:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._reply(status, payload)

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status, HTTPStatus(status).phrase)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except OSError:  # the client went away (e.g. a cancelled long poll)
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Log without the token (the request line contains it)."""
        token_free = re.sub(r"/bot[^/\s]*", "/bot<token>", format % args)
        log.debug("%s %s", self.address_string(), token_free)


def _decode_body(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("JSON body must be an object")
        # Telegram accepts nested JSON values; keep them as PTB's form encoding would.
        return {k: v if isinstance(v, str | dict) else json.dumps(v) for k, v in data.items()}
    if kind == "multipart/form-data":
        from email.parser import BytesParser
        from email.policy import HTTP

        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        params: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                params[str(name)] = {"filename": part.get_filename(), "size": len(payload)}
            else:
                params[str(name)] = payload.decode()
        return params
    return dict(parse_qsl(body.decode(), keep_blank_values=True))


def main(argv: list[str] | None = None) -> int:
    """Serve in the foreground (for benches that keep the server out of the bot's process).

    Prints the API root URL, then serves until killed. Besides the Bot API, it answers
    ``/_fake/message`` (inject a user message), ``/_fake/wait`` (until n messages were sent),
    ``/_fake/sent`` ([chat_id, time] pairs) and ``/_fake/stats``.
    """
    import argparse

    parser = argparse.ArgumentParser(description="Fake Telegram Bot API server")
    parser.add_argument("--rate-limits", action="store_true", help="enforce Telegram's limits")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per call")
    args = parser.parse_args(argv)
    server = FakeTelegram(rate_limits=args.rate_limits, latency=args.latency).start()
    print(server.base_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
