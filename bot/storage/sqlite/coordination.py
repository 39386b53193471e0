"""What several processes share (SQLite): leases, feed claims, fan-out cursors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.models import NewOutboxMessage
from bot.storage.errors import StoreError
from bot.storage.sqlite.base import to_db_time
from bot.storage.sqlite.outbox import OutboxSection
from bot.storage.values import nonempty, outbox_rows


class CoordinationSection(OutboxSection):
    """Leases, feed claims and fan-out cursors."""

    def acquire_lease(self, name: str, holder: str, *, ttl: timedelta) -> bool:
        """Take the lease if free or expired, or renew it for its holder; True when held."""
        nonempty("lease name", name)
        nonempty("lease holder", holder)
        now = self._clock()
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO leases(name, holder, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at "
                "WHERE leases.holder = excluded.holder OR leases.expires_at <= ?",
                (name, holder, to_db_time(now + ttl), to_db_time(now)),
            )
            return cursor.rowcount == 1

    def release_lease(self, name: str, holder: str) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))

    def lease_holder(self, name: str) -> str | None:
        """The live holder of the lease, or None when free or expired."""
        with self._lock:
            row = self._conn.execute(
                "SELECT holder FROM leases WHERE name = ? AND expires_at > ?", (name, self._now())
            ).fetchone()
        return None if row is None else row[0]

    def claim_due_feeds(
        self, holder: str, *, now: datetime, limit: int, lease: timedelta
    ) -> list[str]:
        """Claim for ``lease`` up to ``limit`` catalogue feeds that are due and not claimed
        (a live claim, even ``holder``'s own, keeps a feed from being handed out twice);
        never-polled first, then longest-due; returns their URLs."""
        nonempty("holder", holder)
        if limit <= 0:
            return []
        at = to_db_time(now)
        with self._write() as conn:
            rows = conn.execute(
                "SELECT url FROM feeds WHERE in_catalogue "
                "AND (next_poll_at IS NULL OR next_poll_at <= ?) "
                "AND (claimed_by IS NULL OR claimed_until <= ?) "
                "ORDER BY next_poll_at IS NOT NULL, next_poll_at, id LIMIT ?",
                (at, at, limit),
            ).fetchall()
            urls = [r[0] for r in rows]
            conn.executemany(
                "UPDATE feeds SET claimed_by = ?, claimed_until = ? WHERE url = ?",
                [(holder, to_db_time(now + lease), url) for url in urls],
            )
        return urls

    def release_feed(self, url: str, holder: str) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE feeds SET claimed_by = NULL, claimed_until = NULL "
                "WHERE url = ? AND claimed_by = ?",
                (url, holder),
            )

    def fanout_cursor(self, name: str = "push") -> int:
        """The id of the last article fanned out under ``name`` (0 before the first)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT article_id FROM fanout_cursors WHERE name = ?", (name,)
            ).fetchone()
        return 0 if row is None else row[0]

    def commit_fanout(
        self, name: str, *, expected: int, upto: int, messages: Sequence[NewOutboxMessage]
    ) -> int | None:
        """Move cursor ``name`` from ``expected`` to ``upto`` and queue ``messages``, in one
        transaction; None (nothing written) when the cursor was not at ``expected``."""
        nonempty("cursor name", name)
        if upto < expected:
            raise StoreError(f"fan-out cursor cannot move back from {expected} to {upto}")
        rows = outbox_rows(messages, self._clock())
        with self._write() as conn:
            row = conn.execute(
                "SELECT article_id FROM fanout_cursors WHERE name = ?", (name,)
            ).fetchone()
            if (0 if row is None else row[0]) != expected:
                return None
            conn.execute(
                "INSERT INTO fanout_cursors(name, article_id) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET article_id = excluded.article_id",
                (name, upto),
            )
            return self._insert_outbox(conn, rows)
