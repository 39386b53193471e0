"""The inbox of updates from Telegram: stored before Telegram is told they arrived, then
claimed, handled and marked done (SQLite: one process, so a claim needs no row locks)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.models import InboxItem, IncomingUpdate
from bot.storage.sqlite.base import SQLiteBase, from_db_time, to_db_time

# A chat's update is claimable when nothing earlier of that chat is still waiting or in hand:
# one chat's updates are handled in the order they came, different chats' at once.
_HEADS = """
    SELECT i.update_id FROM inbox i
    WHERE i.state <> 'done' AND (i.state = 'new' OR i.claimed_until < :now)
      AND (i.chat_id IS NULL OR NOT EXISTS (
          SELECT 1 FROM inbox e
          WHERE e.chat_id = i.chat_id AND e.update_id < i.update_id AND e.state <> 'done'))
    ORDER BY i.update_id
    LIMIT :limit
"""


def _item(row: tuple) -> InboxItem:
    received = from_db_time(row[4])
    assert received is not None
    return InboxItem(row[0], row[1], row[2], row[3], received)


class InboxSection(SQLiteBase):
    """Updates stored as they arrive, claimed in order per chat, marked done when handled."""

    def store_updates(self, updates: Sequence[IncomingUpdate]) -> int:
        """Store updates not seen before (by ``update_id``); returns how many were new."""
        if not updates:
            return 0
        now = self._now()
        with self._write() as conn:
            before = conn.total_changes
            conn.executemany(
                "INSERT INTO inbox(update_id, chat_id, payload, received_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(update_id) DO NOTHING",
                [(u.update_id, u.chat_id, u.payload, now) for u in updates],
            )
            return conn.total_changes - before

    def claim_updates(self, holder: str, *, limit: int, lease: timedelta) -> list[InboxItem]:
        """Claim up to ``limit`` updates, each the oldest unfinished one of its chat, for
        ``lease`` (an expired claim, of a process that died, is taken over)."""
        now = self._clock()
        params = {
            "now": to_db_time(now),
            "limit": limit,
            "holder": holder,
            "until": to_db_time(now + lease),
        }
        with self._write() as conn:
            rows = conn.execute(
                "UPDATE inbox SET state = 'working', claimed_by = :holder, "
                "claimed_until = :until, attempts = attempts + 1 "
                f"WHERE update_id IN ({_HEADS}) "
                "RETURNING update_id, chat_id, payload, attempts, received_at",
                params,
            ).fetchall()
        return [_item(row) for row in sorted(rows)]

    def extend_claims(self, holder: str, *, lease: timedelta) -> int:
        """Keep ``holder``'s claims for another ``lease`` (it is still handling them)."""
        until = to_db_time(self._clock() + lease)
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE inbox SET claimed_until = ? WHERE state = 'working' AND claimed_by = ?",
                (until, holder),
            )
            return cursor.rowcount

    def finish_updates(self, update_ids: Sequence[int]) -> None:
        """Mark updates handled."""
        if not update_ids:
            return
        now = self._now()
        with self._write() as conn:
            conn.executemany(
                "UPDATE inbox SET state = 'done', done_at = ?, claimed_by = NULL, "
                "claimed_until = NULL WHERE update_id = ?",
                [(now, update_id) for update_id in update_ids],
            )

    def release_update(self, update_id: int, *, retry_at: datetime | None = None) -> None:
        """Give a claimed update back: handled again from ``retry_at`` (at once if None)."""
        with self._write() as conn:
            if retry_at is None:
                conn.execute(
                    "UPDATE inbox SET state = 'new', claimed_by = NULL, claimed_until = NULL "
                    "WHERE update_id = ? AND state = 'working'",
                    (update_id,),
                )
            else:
                conn.execute(
                    "UPDATE inbox SET claimed_by = NULL, claimed_until = ? "
                    "WHERE update_id = ? AND state = 'working'",
                    (to_db_time(retry_at), update_id),
                )

    def release_claims(self, holder: str) -> int:
        """Give back every update ``holder`` still has in hand (a clean stop)."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE inbox SET state = 'new', claimed_by = NULL, claimed_until = NULL "
                "WHERE state = 'working' AND claimed_by = ?",
                (holder,),
            )
            return cursor.rowcount

    def inbox_backlog(self) -> tuple[int, datetime | None]:
        """Updates not handled yet, and when the oldest of them arrived."""
        with self._lock:
            count, oldest = self._conn.execute(
                "SELECT COUNT(*), MIN(received_at) FROM inbox WHERE state <> 'done'"
            ).fetchone()
        return int(count), from_db_time(oldest)

    def purge_inbox(self, *, before: datetime) -> int:
        """Forget handled updates done before ``before`` (kept a while: a redelivered update
        is recognised and not handled twice)."""
        with self._write() as conn:
            cursor = conn.execute(
                "DELETE FROM inbox WHERE state = 'done' AND done_at < ?", (to_db_time(before),)
            )
            return cursor.rowcount
