"""What a handler may use of the application: the services it reads and its typed context.

The application's container (:class:`bot.runtime.services.Services`) satisfies
:class:`ChatServices`; handlers see only this protocol, so the chat layer never imports the
runtime that wires it. A handler that changes a chat's hour or subscriptions only writes them
to the store: the daily digests are queued from the database (``bot.runtime.worker``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from telegram.ext import CallbackContext, ExtBot

from bot.core.config import Settings
from bot.core.models import Topic
from bot.storage.aio import AsyncStore

MAX_SUBSCRIPTIONS = 50  # per chat: topics and keywords together


class ChatServices(Protocol):
    """The application's services as handlers see them (``context.bot_data``)."""

    role: str  # all | bot | worker (see bot.runtime.runner)
    bot_username: str
    settings: Settings

    @property
    def db(self) -> AsyncStore:
        """The store for async code: each call runs off the event loop."""
        ...

    @property
    def topics(self) -> tuple[Topic, ...]: ...

    def topic(self, slug: str) -> Topic | None: ...

    def find_topic(self, text: str) -> Topic | None: ...

    def now(self) -> datetime: ...

    def is_admin(self, user_id: int | None) -> bool: ...


# The context every handler receives.
WartaContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], ChatServices]
