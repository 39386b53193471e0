"""How an outbox message is sent, beyond its text and buttons: the outbox row's ``send_options``.

Decided once, when the message is queued (a push: at fan-out), and kept with the row as JSON
text, so a restart sends it the same way. The keys are the Bot API's own names:

``link_preview``           ``{"url", "prefer_large_media", "show_above_text"}`` for the
                           article's picture, large and above the text; ``{"is_disabled":
                           true}`` for a text-only message
``disable_notification``   ``true``: delivered without a sound (quiet hours, "silent")
``message_thread_id``      the forum topic of a group where it subscribed

A row without options (a digest, a reply) is sent with the application's defaults (no link
preview); the sender adds the group's thread and the digest's silence when it sends it
(:func:`for_chat`). Unknown keys and malformed values are ignored, never an error: a row
must always be sendable.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from telegram import LinkPreviewOptions

from bot.core.models import Article, ChatSettings
from bot.core.quiet import quiet_decision
from bot.present.render import safe_url

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SendOptions:
    """The send options of one message (see the module docstring)."""

    preview_url: str | None = None  # a large link preview of this page, above the text
    text_only: bool = False  # link preview disabled explicitly
    silent: bool = False
    thread_id: int | None = None

    def to_json(self) -> str:
        return _json(self)

    @classmethod
    def from_json(cls, text: str | None) -> SendOptions | None:
        """The options of a stored row; None when it has none (or they cannot be read)."""
        if not text:
            return None
        try:
            raw = json.loads(text)
        except ValueError:
            log.warning("outbox send_options are not JSON; sent without them")
            return None
        if not isinstance(raw, dict):
            return None
        preview = raw.get("link_preview")
        url = preview.get("url") if isinstance(preview, dict) else None
        thread = raw.get("message_thread_id")
        return cls(
            preview_url=url if isinstance(url, str) and safe_url(url) else None,
            text_only=isinstance(preview, dict) and preview.get("is_disabled") is True,
            silent=raw.get("disable_notification") is True,
            thread_id=thread if _thread_id(thread) else None,
        )

    def without_thread(self) -> SendOptions:
        return replace(self, thread_id=None)

    def send_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Bot.send_message``."""
        kwargs: dict[str, Any] = {}
        if self.preview_url:
            # is_disabled stated: PTB fills the fields left out from the application's
            # Defaults, which disable previews.
            kwargs["link_preview_options"] = LinkPreviewOptions(
                is_disabled=False,
                url=self.preview_url,
                prefer_large_media=True,
                show_above_text=True,
            )
        elif self.text_only:
            kwargs["link_preview_options"] = LinkPreviewOptions(is_disabled=True)
        if self.silent:
            kwargs["disable_notification"] = True
        if self.thread_id is not None:
            kwargs["message_thread_id"] = self.thread_id
        return kwargs


def _thread_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


@functools.lru_cache(maxsize=4096)
def _json(options: SendOptions) -> str:
    """One JSON text per distinct options (a fan-out shares a handful)."""
    raw: dict[str, Any] = {}
    if options.preview_url:
        raw["link_preview"] = {
            "url": options.preview_url,
            "prefer_large_media": True,
            "show_above_text": True,
        }
    elif options.text_only:
        raw["link_preview"] = {"is_disabled": True}
    if options.silent:
        raw["disable_notification"] = True
    if options.thread_id is not None:
        raw["message_thread_id"] = options.thread_id
    return json.dumps(raw, ensure_ascii=False, separators=(",", ":"))


def for_push(article: Article, chat: ChatSettings, *, silent: bool = False) -> SendOptions:
    """A push's options: the article's picture as a large preview when it has one and the
    chat wants pictures, else text only; silent in quiet hours; the group's forum topic."""
    url = safe_url(article.url) if article.image_url and chat.pictures else None
    return SendOptions(
        preview_url=url,
        text_only=url is None,
        silent=silent,
        thread_id=chat.message_thread_id,
    )


def for_chat(kind: str, chat: ChatSettings | None, now: datetime) -> SendOptions:
    """Options of a row queued without any (a digest, a reply), decided when it is sent:
    the group's forum topic; a digest inside "silent" quiet hours comes without a sound (in
    "hold" quiet hours the sender holds it first: :func:`bot.core.quiet.quiet_decision`)."""
    if chat is None:
        return SendOptions()
    silent = kind == "digest" and quiet_decision(chat, now).silent
    return SendOptions(silent=silent, thread_id=chat.message_thread_id)
