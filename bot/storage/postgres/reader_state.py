"""What a button remembers between the message it is under and the press (PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from bot.storage.postgres.base import PostgresBase
from bot.storage.values import (
    READER_STATE_KEPT,
    aware_utc,
    checked_reader_state,
    reader_state_key,
)


class ReaderStateSection(PostgresBase):
    """Short JSON texts per chat and key, kept for ``READER_STATE_KEPT``."""

    def put_reader_state(self, chat_id: int, key: str, value: str) -> None:
        """Keep ``value`` under the chat's ``key`` (replacing it), written now; states older
        than ``READER_STATE_KEPT`` are forgotten in the same transaction."""
        chat, key, value = checked_reader_state(chat_id, key, value)
        now = self._now()
        with self._tx() as conn:
            conn.execute(
                "DELETE FROM reader_state WHERE updated_at < %s", (now - READER_STATE_KEPT,)
            )
            conn.execute(
                "INSERT INTO reader_state(chat_id, key, value, updated_at) "
                "VALUES (%s, %s, %s, %s) ON CONFLICT (chat_id, key) DO UPDATE SET "
                "value = excluded.value, updated_at = excluded.updated_at",
                (chat, key, value, now),
            )

    def reader_state(self, chat_id: int, key: str) -> str | None:
        """The value kept under the chat's ``key``; None when unknown or older than
        ``READER_STATE_KEPT``."""
        if not reader_state_key(key):
            return None
        with self._tx() as conn:
            row = conn.execute(
                "SELECT value FROM reader_state WHERE chat_id = %s AND key = %s "
                "AND updated_at >= %s",
                (chat_id, key, self._now() - READER_STATE_KEPT),
            ).fetchone()
        return None if row is None else str(row[0])

    def purge_reader_state(self, older_than: datetime) -> int:
        """Forget the states written before ``older_than``; returns how many."""
        with self._tx() as conn:
            cursor = conn.execute(
                "DELETE FROM reader_state WHERE updated_at < %s", (aware_utc(older_than),)
            )
            return cursor.rowcount
