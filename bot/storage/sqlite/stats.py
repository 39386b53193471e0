"""Figures for /stats (SQLite)."""

from __future__ import annotations

from bot.core.models import Stats
from bot.storage.sqlite.base import SQLiteBase


class StatsSection(SQLiteBase):
    """Counts for the admins."""

    def ping(self) -> None:
        """A cheap round trip to the database (for /healthz); raises when it fails."""
        with self._lock:
            self._conn.execute("SELECT 1").fetchone()

    def stats(self) -> Stats:
        with self._read() as conn:
            chats, active = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(active), 0) FROM chats"
            ).fetchone()
            subscriptions = conn.execute(
                "SELECT COUNT(*) FROM subscriptions WHERE removed_at IS NULL"
            ).fetchone()[0]
            articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            stories = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
            by_status = dict(
                conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall()
            )
            feeds, failing = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(consecutive_failures > 0), 0) FROM feeds "
                "WHERE in_catalogue"
            ).fetchone()
            paused = conn.execute("SELECT COUNT(*) FROM chats WHERE active AND paused").fetchone()[
                0
            ]
        return Stats(
            chats=chats,
            active_chats=active,
            subscriptions=subscriptions,
            articles=articles,
            stories=stories,
            sent=by_status.get("sent", 0),
            pending=by_status.get("pending", 0),
            failed=by_status.get("failed", 0),
            feeds_failing=failing,
            extra={"feeds": feeds, "sending": by_status.get("sending", 0), "paused_chats": paused},
        )
