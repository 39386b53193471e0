"""Feeds and their health (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import psycopg

from bot.core.models import FeedSource, FeedState
from bot.storage.postgres.base import PostgresBase, feed_row
from bot.storage.rows import FEED_COLUMNS
from bot.storage.values import aware_utc, clean_error, nonempty


class FeedsSection(PostgresBase):
    """Feeds: catalogue rows, conditional-GET validators, failures."""

    def sync_feeds(self, sources: Iterable[FeedSource]) -> None:
        """Upsert catalogue feeds; feeds no longer listed keep their history, marked retired."""
        items = [(nonempty("feed url", s.url), nonempty("feed name", s.name)) for s in sources]
        with self._tx() as conn:
            conn.execute("UPDATE feeds SET in_catalogue = false WHERE in_catalogue")
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO feeds(url, name) VALUES (%s, %s) ON CONFLICT (url) "
                    "DO UPDATE SET name = excluded.name, in_catalogue = true",
                    items,
                )

    def feed_states(self) -> list[FeedState]:
        """States of the feeds in the current catalogue (see :meth:`sync_feeds`), by name."""
        with self._tx() as conn:
            rows = conn.execute(
                f"SELECT {FEED_COLUMNS} FROM feeds WHERE in_catalogue ORDER BY name, url"
            ).fetchall()
        return [feed_row(r) for r in rows]

    def feed_state(self, url: str) -> FeedState | None:
        with self._tx() as conn:
            row = conn.execute(
                f"SELECT {FEED_COLUMNS} FROM feeds WHERE url = %s", (url,)
            ).fetchone()
        return None if row is None else feed_row(row)

    @staticmethod
    def _ensure_feed(conn: psycopg.Connection, url: str) -> None:
        """A feed polled without being synced still gets a row (named after its URL)."""
        conn.execute(
            "INSERT INTO feeds(url, name, in_catalogue) VALUES (%s, %s, false) "
            "ON CONFLICT DO NOTHING",
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
        at = aware_utc(at)
        next_poll_at = None if next_poll_at is None else aware_utc(next_poll_at)
        with self._tx() as conn:
            self._ensure_feed(conn, url)
            conn.execute(
                "UPDATE feeds SET last_success_at = %s, etag = %s, last_modified = %s, "
                "consecutive_failures = 0, failing_since = NULL, reported_at = NULL, "
                "next_poll_at = %s WHERE url = %s",
                (at, etag, last_modified, next_poll_at, url),
            )

    def record_feed_failure(
        self, url: str, *, at: datetime, error: str, next_poll_at: datetime
    ) -> FeedState:
        at, next_poll_at = aware_utc(at), aware_utc(next_poll_at)
        with self._tx() as conn:
            self._ensure_feed(conn, url)
            row = conn.execute(
                "UPDATE feeds SET last_error_at = %s, last_error = %s, "
                "consecutive_failures = consecutive_failures + 1, next_poll_at = %s, "
                f"failing_since = COALESCE(failing_since, %s) WHERE url = %s "
                f"RETURNING {FEED_COLUMNS}",
                (at, clean_error(error), next_poll_at, at, url),
            ).fetchone()
        assert row is not None
        return feed_row(row)

    def mark_feed_reported(self, url: str, *, at: datetime) -> None:
        at = aware_utc(at)
        with self._tx() as conn:
            conn.execute("UPDATE feeds SET reported_at = %s WHERE url = %s", (at, url))
