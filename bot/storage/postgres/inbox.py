"""The inbox of updates from Telegram: stored before Telegram is told they arrived, then
claimed, handled and marked done (PostgreSQL: several bot processes claim with
``FOR UPDATE SKIP LOCKED``, never the same update, never a chat's later update first)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.models import InboxItem, IncomingUpdate
from bot.storage.postgres.base import PostgresBase, utc

# A chat's update is claimable when nothing earlier of that chat is still waiting or in hand:
# one chat's updates are handled in the order they came, different chats' at once. A row
# another process is claiming right now is skipped (SKIP LOCKED); its chat's later rows wait,
# since the row is not done.
_CLAIM = """
    WITH picked AS (
        SELECT i.update_id FROM inbox i
        WHERE i.state <> 'done' AND (i.state = 'new' OR i.claimed_until < %(now)s)
          AND (i.chat_id IS NULL OR NOT EXISTS (
              SELECT 1 FROM inbox e
              WHERE e.chat_id = i.chat_id AND e.update_id < i.update_id
                AND e.state <> 'done'))
        ORDER BY i.update_id
        LIMIT %(limit)s
        FOR UPDATE SKIP LOCKED
    )
    UPDATE inbox SET state = 'working', claimed_by = %(holder)s,
        claimed_until = %(until)s, attempts = inbox.attempts + 1
    FROM picked WHERE inbox.update_id = picked.update_id
    RETURNING inbox.update_id, inbox.chat_id, inbox.payload, inbox.attempts,
        inbox.received_at
"""


def _item(row: tuple) -> InboxItem:
    received = utc(row[4])
    assert received is not None
    return InboxItem(row[0], row[1], row[2], row[3], received)


class InboxSection(PostgresBase):
    """Updates stored as they arrive, claimed in order per chat, marked done when handled."""

    def store_updates(self, updates: Sequence[IncomingUpdate]) -> int:
        """Store updates not seen before (by ``update_id``); returns how many were new."""
        if not updates:
            return 0
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO inbox(update_id, chat_id, payload, received_at) "
                "SELECT u, c, p, %s FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) "
                "AS t(u, c, p) ON CONFLICT (update_id) DO NOTHING",
                (
                    self._now(),
                    [u.update_id for u in updates],
                    [u.chat_id for u in updates],
                    [u.payload for u in updates],
                ),
            )
            return cursor.rowcount

    def claim_updates(self, holder: str, *, limit: int, lease: timedelta) -> list[InboxItem]:
        """Claim up to ``limit`` updates, each the oldest unfinished one of its chat, for
        ``lease`` (an expired claim, of a process that died, is taken over)."""
        now = self._now()
        params = {"now": now, "limit": limit, "holder": holder, "until": now + lease}
        with self._tx() as conn:
            rows = conn.execute(_CLAIM, params).fetchall()
        return [_item(row) for row in sorted(rows)]

    def extend_claims(self, holder: str, *, lease: timedelta) -> int:
        """Keep ``holder``'s claims for another ``lease`` (it is still handling them)."""
        with self._tx() as conn:
            cursor = conn.execute(
                "UPDATE inbox SET claimed_until = %s WHERE state = 'working' AND claimed_by = %s",
                (self._now() + lease, holder),
            )
            return cursor.rowcount

    def finish_updates(self, update_ids: Sequence[int]) -> None:
        """Mark updates handled."""
        if not update_ids:
            return
        with self._tx() as conn:
            conn.execute(
                "UPDATE inbox SET state = 'done', done_at = %s, claimed_by = NULL, "
                "claimed_until = NULL WHERE update_id = ANY(%s)",
                (self._now(), list(update_ids)),
            )

    def release_update(self, update_id: int, *, retry_at: datetime | None = None) -> None:
        """Give a claimed update back: handled again from ``retry_at`` (at once if None)."""
        with self._tx() as conn:
            if retry_at is None:
                conn.execute(
                    "UPDATE inbox SET state = 'new', claimed_by = NULL, claimed_until = NULL "
                    "WHERE update_id = %s AND state = 'working'",
                    (update_id,),
                )
            else:
                conn.execute(
                    "UPDATE inbox SET claimed_by = NULL, claimed_until = %s "
                    "WHERE update_id = %s AND state = 'working'",
                    (retry_at, update_id),
                )

    def release_claims(self, holder: str) -> int:
        """Give back every update ``holder`` still has in hand (a clean stop)."""
        with self._tx() as conn:
            cursor = conn.execute(
                "UPDATE inbox SET state = 'new', claimed_by = NULL, claimed_until = NULL "
                "WHERE state = 'working' AND claimed_by = %s",
                (holder,),
            )
            return cursor.rowcount

    def inbox_backlog(self) -> tuple[int, datetime | None]:
        """Updates not handled yet, and when the oldest of them arrived."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT COUNT(*), MIN(received_at) FROM inbox WHERE state <> 'done'"
            ).fetchone()
        assert row is not None
        return int(row[0]), utc(row[1])

    def purge_inbox(self, *, before: datetime) -> int:
        """Forget handled updates done before ``before`` (kept a while: a redelivered update
        is recognised and not handled twice)."""
        with self._tx() as conn:
            cursor = conn.execute(
                "DELETE FROM inbox WHERE state = 'done' AND done_at < %s", (before,)
            )
            return cursor.rowcount
