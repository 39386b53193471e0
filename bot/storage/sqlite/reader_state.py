"""What a button remembers between the message it is under and the press (SQLite)."""

from __future__ import annotations

from datetime import datetime

from bot.storage.sqlite.base import SQLiteBase, to_db_time
from bot.storage.values import READER_STATE_KEPT, checked_reader_state, reader_state_key


class ReaderStateSection(SQLiteBase):
    """Short JSON texts per chat and key, kept for ``READER_STATE_KEPT``."""

    def put_reader_state(self, chat_id: int, key: str, value: str) -> None:
        """Keep ``value`` under the chat's ``key`` (replacing it), written now; states older
        than ``READER_STATE_KEPT`` are forgotten in the same transaction."""
        chat, key, value = checked_reader_state(chat_id, key, value)
        now = self._clock()
        with self._write() as conn:
            conn.execute(
                "DELETE FROM reader_state WHERE updated_at < ?",
                (to_db_time(now - READER_STATE_KEPT),),
            )
            conn.execute(
                "INSERT INTO reader_state(chat_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(chat_id, key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (chat, key, value, to_db_time(now)),
            )

    def reader_state(self, chat_id: int, key: str) -> str | None:
        """The value kept under the chat's ``key``; None when unknown or older than
        ``READER_STATE_KEPT``."""
        if not reader_state_key(key):
            return None
        cutoff = to_db_time(self._clock() - READER_STATE_KEPT)
        with self._lock:
            row = self._conn.execute(
                "SELECT value FROM reader_state WHERE chat_id = ? AND key = ? AND updated_at >= ?",
                (chat_id, key, cutoff),
            ).fetchone()
        return None if row is None else str(row[0])

    def purge_reader_state(self, older_than: datetime) -> int:
        """Forget the states written before ``older_than``; returns how many."""
        with self._write() as conn:
            cursor = conn.execute(
                "DELETE FROM reader_state WHERE updated_at < ?", (to_db_time(older_than),)
            )
            return cursor.rowcount
