"""What several processes share (PostgreSQL): leases, feed claims, fan-out cursors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.core.models import NewOutboxMessage
from bot.storage.errors import StoreError
from bot.storage.postgres.outbox import OutboxSection, insert_outbox
from bot.storage.values import aware_utc, nonempty, outbox_rows


class CoordinationSection(OutboxSection):
    """Leases, feed claims and fan-out cursors."""

    def acquire_lease(self, name: str, holder: str, *, ttl: timedelta) -> bool:
        """Take the lease if free or expired, or renew it for its holder; True when held."""
        nonempty("lease name", name)
        nonempty("lease holder", holder)
        now = self._now()
        with self._tx() as conn:
            cursor = conn.execute(
                "INSERT INTO leases(name, holder, expires_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at "
                "WHERE leases.holder = excluded.holder OR leases.expires_at <= %s",
                (name, holder, now + ttl, now),
            )
            return cursor.rowcount == 1

    def release_lease(self, name: str, holder: str) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM leases WHERE name = %s AND holder = %s", (name, holder))

    def lease_holder(self, name: str) -> str | None:
        """The live holder of the lease, or None when free or expired."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT holder FROM leases WHERE name = %s AND expires_at > %s",
                (name, self._now()),
            ).fetchone()
        return None if row is None else row[0]

    def claim_due_feeds(
        self, holder: str, *, now: datetime, limit: int, lease: timedelta
    ) -> list[str]:
        """Claim for ``lease`` up to ``limit`` catalogue feeds that are due and not claimed
        (a live claim, even ``holder``'s own, keeps a feed from being handed out twice);
        never-polled first, then longest-due; returns their URLs. Rows another worker is
        claiming at the same moment are skipped (``FOR UPDATE SKIP LOCKED``)."""
        nonempty("holder", holder)
        if limit <= 0:
            return []
        now = aware_utc(now)
        with self._tx() as conn:
            rows = conn.execute(
                "UPDATE feeds SET claimed_by = %s, claimed_until = %s WHERE id IN ("
                "SELECT id FROM feeds WHERE in_catalogue "
                "AND (next_poll_at IS NULL OR next_poll_at <= %s) "
                "AND (claimed_by IS NULL OR claimed_until <= %s) "
                "ORDER BY next_poll_at NULLS FIRST, id LIMIT %s FOR UPDATE SKIP LOCKED) "
                "RETURNING url, next_poll_at, id",
                (holder, now + lease, now, now, limit),
            ).fetchall()
        oldest = datetime.min.replace(tzinfo=UTC)
        rows.sort(key=lambda r: (r[1] is not None, r[1] or oldest, r[2]))
        return [r[0] for r in rows]

    def release_feed(self, url: str, holder: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE feeds SET claimed_by = NULL, claimed_until = NULL "
                "WHERE url = %s AND claimed_by = %s",
                (url, holder),
            )

    def fanout_cursor(self, name: str = "push") -> int:
        """The id of the last article fanned out under ``name`` (0 before the first)."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT article_id FROM fanout_cursors WHERE name = %s", (name,)
            ).fetchone()
        return 0 if row is None else int(row[0])

    def commit_fanout(
        self, name: str, *, expected: int, upto: int, messages: Sequence[NewOutboxMessage]
    ) -> int | None:
        """Move cursor ``name`` from ``expected`` to ``upto`` and queue ``messages``, in one
        transaction; None (nothing written) when the cursor was not at ``expected``."""
        nonempty("cursor name", name)
        if upto < expected:
            raise StoreError(f"fan-out cursor cannot move back from {expected} to {upto}")
        rows = outbox_rows(messages, self._now())
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO fanout_cursors(name, article_id) VALUES (%s, 0) "
                "ON CONFLICT DO NOTHING",
                (name,),
            )
            # The row lock makes a concurrent fan-out wait, then see the moved cursor.
            row = conn.execute(
                "SELECT article_id FROM fanout_cursors WHERE name = %s FOR UPDATE", (name,)
            ).fetchone()
            if row is None or int(row[0]) != expected:
                return None
            conn.execute("UPDATE fanout_cursors SET article_id = %s WHERE name = %s", (upto, name))
            return insert_outbox(conn, rows)
