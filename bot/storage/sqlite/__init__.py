"""The embedded SQLite implementation of :class:`bot.storage.Store`, one module per section."""

from __future__ import annotations

from bot.storage.errors import SchemaError, StoreError
from bot.storage.sqlite.base import from_db_time, to_db_time
from bot.storage.sqlite.chats import ChatsSection
from bot.storage.sqlite.coordination import CoordinationSection
from bot.storage.sqlite.copying import CopyingSection
from bot.storage.sqlite.digests import DigestsSection
from bot.storage.sqlite.feeds import FeedsSection
from bot.storage.sqlite.inbox import InboxSection
from bot.storage.sqlite.questions import QuestionsSection
from bot.storage.sqlite.reader_state import ReaderStateSection
from bot.storage.sqlite.search import SearchSection
from bot.storage.sqlite.stats import StatsSection
from bot.storage.stories import pack_minhash, unpack_minhash

__all__ = [
    "SQLiteStore",
    "SchemaError",
    "StoreError",
    "from_db_time",
    "pack_minhash",
    "to_db_time",
    "unpack_minhash",
]


class SQLiteStore(
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
    """Warta's store in one SQLite file (created, with its parent folder, when missing)."""

    backend = "sqlite"

    def __enter__(self) -> SQLiteStore:
        return self
