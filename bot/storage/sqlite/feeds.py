"""Feeds and their health (SQLite)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from bot.core.models import FeedSource, FeedState
from bot.storage.rows import FEED_COLUMNS
from bot.storage.sqlite.base import SQLiteBase, feed_row, opt_db_time, to_db_time
from bot.storage.values import clean_error, nonempty


class FeedsSection(SQLiteBase):
    """Feeds: catalogue rows, conditional-GET validators, failures."""

    def sync_feeds(self, sources: Iterable[FeedSource]) -> None:
        """Upsert catalogue feeds; feeds no longer listed keep their history, marked retired."""
        items = [(nonempty("feed url", s.url), nonempty("feed name", s.name)) for s in sources]
        with self._write() as conn:
            conn.execute("UPDATE feeds SET in_catalogue = 0")
            conn.executemany(
                "INSERT INTO feeds(url, name) VALUES (?, ?) "
                "ON CONFLICT(url) DO UPDATE SET name = excluded.name, in_catalogue = 1",
                items,
            )

    def feed_states(self) -> list[FeedState]:
        """States of the feeds in the current catalogue (see :meth:`sync_feeds`), by name."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {FEED_COLUMNS} FROM feeds WHERE in_catalogue ORDER BY name, url"
            ).fetchall()
        return [feed_row(r) for r in rows]

    def feed_state(self, url: str) -> FeedState | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {FEED_COLUMNS} FROM feeds WHERE url = ?", (url,)
            ).fetchone()
        return None if row is None else feed_row(row)

    def _ensure_feed(self, conn: sqlite3.Connection, url: str) -> None:
        """A feed polled without being synced still gets a row (named after its URL)."""
        conn.execute(
            "INSERT INTO feeds(url, name, in_catalogue) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
            (nonempty("feed url", url), url),
        )

    def record_feed_success(
        self,
        url: str,
        *,
        at: datetime,
        etag: str | None,
        last_modified: str | None,
        next_poll_at: datetime | None = None,
    ) -> None:
        with self._write() as conn:
            self._ensure_feed(conn, url)
            conn.execute(
                "UPDATE feeds SET last_success_at = ?, etag = ?, last_modified = ?, "
                "consecutive_failures = 0, failing_since = NULL, reported_at = NULL, "
                "next_poll_at = ? WHERE url = ?",
                (to_db_time(at), etag, last_modified, opt_db_time(next_poll_at), url),
            )

    def record_feed_failure(
        self, url: str, *, at: datetime, error: str, next_poll_at: datetime
    ) -> FeedState:
        with self._write() as conn:
            self._ensure_feed(conn, url)
            when = to_db_time(at)
            conn.execute(
                "UPDATE feeds SET last_error_at = ?, last_error = ?, "
                "consecutive_failures = consecutive_failures + 1, next_poll_at = ?, "
                "failing_since = COALESCE(failing_since, ?) WHERE url = ?",
                (when, clean_error(error), to_db_time(next_poll_at), when, url),
            )
        state = self.feed_state(url)
        assert state is not None
        return state

    def mark_feed_reported(self, url: str, *, at: datetime) -> None:
        with self._write() as conn:
            conn.execute("UPDATE feeds SET reported_at = ? WHERE url = ?", (to_db_time(at), url))
