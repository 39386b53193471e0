"""Figures for /stats (PostgreSQL)."""

from __future__ import annotations

from bot.core.models import Stats
from bot.storage.postgres.base import PostgresBase


class StatsSection(PostgresBase):
    """Counts for the admins."""

    def ping(self) -> None:
        """A cheap round trip to the database (for /healthz); raises when it fails."""
        with self._tx() as conn:
            conn.execute("SELECT 1").fetchone()

    def stats(self) -> Stats:
        with self._tx() as conn:
            row = conn.execute(
                "SELECT (SELECT COUNT(*) FROM chats), "
                "(SELECT COUNT(*) FILTER (WHERE active) FROM chats), "
                "(SELECT COUNT(*) FILTER (WHERE active AND paused) FROM chats), "
                "(SELECT COUNT(*) FROM subscriptions WHERE removed_at IS NULL), "
                "(SELECT COUNT(*) FROM articles), "
                "(SELECT COUNT(*) FROM stories), "
                "(SELECT COUNT(*) FROM feeds WHERE in_catalogue), "
                "(SELECT COUNT(*) FROM feeds WHERE in_catalogue AND consecutive_failures > 0)"
            ).fetchone()
            by_status = dict(
                conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall()
            )
        assert row is not None
        chats, active, paused, subscriptions, articles, stories, feeds, failing = row
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
