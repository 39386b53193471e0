"""What a handler may use of the application: the services it reads, its typed context, and
the chat's digest schedule.

The application's container (:class:`bot.runtime.services.Services`) satisfies
:class:`ChatServices`; handlers see only this protocol, so the chat layer never imports the
runtime that wires it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from telegram.ext import CallbackContext, ExtBot, JobQueue

from bot.core.config import Settings
from bot.core.models import ChatSettings, Topic
from bot.delivery.digest_schedule import ensure_digest_job, remove_digest_job
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


def own_schedules(context: WartaContext) -> JobQueue[Any] | None:
    """This process's JobQueue; None in a bot process (the worker elected through the database
    queues the digests), without PTB's warning about a missing JobQueue."""
    return None if context.bot_data.role == "bot" else context.job_queue


def reschedule_digest(context: WartaContext, chat: ChatSettings | None) -> None:
    """(Re)schedule the chat's daily digest, where this process runs the schedules."""
    schedules = own_schedules(context)
    if schedules is not None and chat is not None:
        ensure_digest_job(schedules, chat)


def unschedule_digest(context: WartaContext, chat_id: int) -> None:
    """Unschedule the chat's daily digest, where this process runs the schedules."""
    schedules = own_schedules(context)
    if schedules is not None:
        remove_digest_job(schedules, chat_id)
