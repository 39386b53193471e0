"""What handlers and jobs need, in one typed container kept as ``application.bot_data``.

Built empty by python-telegram-bot (``ContextTypes(bot_data=Services)`` calls ``Services()``),
given its settings by :func:`bot.runtime.app.build_application` and filled in by ``post_init``.
Handlers see it through their layer's protocol (:class:`bot.chat.context.ChatServices`);
mypy checks that it satisfies it (the end of this module).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from telegram.ext import CallbackContext, ExtBot

from bot.core.config import Settings
from bot.core.models import FeedSource, Topic
from bot.core.topics import fold
from bot.delivery.sender import Sender
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import Ingestor
from bot.runtime.ops_server import OpsServer
from bot.storage import Store
from bot.storage.aio import AsyncStore


def utcnow() -> datetime:
    return datetime.now(UTC)


class Role(Protocol):
    """A process role's loops as the services see them (:class:`bot.runtime.worker.Worker`)."""

    @property
    def leading(self) -> bool:
        """Whether this process holds the sender lease."""
        ...

    @property
    def sender_alive(self) -> bool: ...

    async def stop(self) -> None: ...


class NotReadyError(RuntimeError):
    """A service was used before ``post_init`` set it up (or after shutdown)."""


class Services:
    """The bot's shared services; one instance per Application."""

    def __init__(self) -> None:
        self.settings: Settings = Settings()
        self.clock: Callable[[], datetime] = utcnow
        self.bot_username: str = ""
        self.feed_sources: tuple[FeedSource, ...] = ()
        self._topics: tuple[Topic, ...] = ()
        self._topic_index: dict[str, Topic] = {}
        self._store: Store | None = None
        self._db: AsyncStore | None = None
        self.sender: Sender | None = None
        self.fetcher: Fetcher | None = None
        self.ingestor: Ingestor | None = None
        self.background: list[asyncio.Task[Any]] = []  # tasks started by post_init
        self.poll_lock = asyncio.Lock()
        self.polls_done = 0
        self.last_poll_pushes = 0  # pushes queued by the latest poll
        self.last_poll_at: datetime | None = None  # when the latest poll ended (for /healthz)
        self.role = "all"  # all | bot | worker (see bot.runtime.runner)
        self.started_at: datetime = utcnow()
        self.worker: Role | None = None  # the worker role's loops (bot.runtime.worker)
        self.ops_server: OpsServer | None = None  # /metrics and /healthz

    # -- store -------------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        if self._store is None:
            raise NotReadyError("the store is not open yet")
        return self._store

    @store.setter
    def store(self, store: Store | None) -> None:
        self._store = store
        self._db = None if store is None else AsyncStore(store)

    @property
    def db(self) -> AsyncStore:
        """The store for async code (handlers, jobs): each call runs off the event loop."""
        if self._db is None:
            raise NotReadyError("the store is not open yet")
        return self._db

    @property
    def has_store(self) -> bool:
        return self._store is not None

    # -- topics ------------------------------------------------------------------------------
    @property
    def topics(self) -> tuple[Topic, ...]:
        return self._topics

    @topics.setter
    def topics(self, topics: Iterable[Topic]) -> None:
        self._topics = tuple(topics)
        index: dict[str, Topic] = {}
        # Later keys never override earlier ones: a slug beats a name, a name beats an alias.
        for key_of in (
            lambda t: [t.slug],
            lambda t: [t.name],
            lambda t: list(t.aliases),
        ):
            for topic in self._topics:
                for key in key_of(topic):
                    index.setdefault(fold(key), topic)
        self._topic_index = index

    def topic(self, slug: str) -> Topic | None:
        """The catalogue topic with exactly this slug."""
        return next((t for t in self._topics if t.slug == slug), None)

    def find_topic(self, text: str) -> Topic | None:
        """A catalogue topic named by slug, name or alias (case-insensitively), if any."""
        return self._topic_index.get(fold(text))

    # -- helpers -----------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock()

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids

    def sender_alive(self) -> bool:
        """Whether this process's outbox sender is running."""
        return any(
            task.get_name() == "warta-sender" and not task.done() for task in self.background
        ) or (self.worker is not None and self.worker.sender_alive)

    def wake_sender(self) -> None:
        if self.sender is not None:
            self.sender.wake()


# The context every job callback of the runtime receives.
AppContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], Services]


if TYPE_CHECKING:
    # The services as handlers see them: mypy checks that they fit. Never run.
    from bot.chat.context import ChatServices

    def _as_chat_services(services: Services) -> ChatServices:
        return services
