"""The PostgreSQL implementation of :class:`bot.storage.Store`, one module per section."""

from __future__ import annotations

from bot.storage.postgres.chats import ChatsSection
from bot.storage.postgres.coordination import CoordinationSection
from bot.storage.postgres.copying import CopyingSection
from bot.storage.postgres.digests import DigestsSection
from bot.storage.postgres.feeds import FeedsSection
from bot.storage.postgres.inbox import InboxSection
from bot.storage.postgres.questions import QuestionsSection
from bot.storage.postgres.reader_state import ReaderStateSection
from bot.storage.postgres.search import SearchSection
from bot.storage.postgres.stats import StatsSection

__all__ = ["PostgresStore"]


class PostgresStore(
    FeedsSection,
    SearchSection,
    ChatsSection,
    QuestionsSection,
    ReaderStateSection,
    InboxSection,
    DigestsSection,
    CoordinationSection,
    StatsSection,
    CopyingSection,
):
    """Warta's store in a PostgreSQL database (migrated at open)."""

    def __enter__(self) -> PostgresStore:
        return self
