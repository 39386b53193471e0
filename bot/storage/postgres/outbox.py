"""The delivery outbox (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import psycopg

from bot.core.models import NewOutboxMessage, OutboxMessage
from bot.storage.postgres.base import PostgresBase, outbox_row, utc
from bot.storage.rows import OUTBOX_COLUMNS
from bot.storage.values import OutboxRow, aware_utc, check_message, clean_error, outbox_rows

COPY_FROM = 500
"""Batches at least this large go through COPY into a temporary table."""

_INSERT_COLUMNS = (
    "chat_id, kind, text, reply_markup, dedupe_key, not_before, created_at, send_options"
)
_PLACES = "%s, %s, %s, %s, %s, %s, %s, %s"


def _values(r: OutboxRow) -> tuple:
    return (
        r.chat_id,
        r.kind,
        r.text,
        r.reply_markup,
        r.dedupe_key,
        r.not_before,
        r.created_at,
        r.send_options,
    )


def insert_outbox(conn: psycopg.Connection, rows: list[OutboxRow]) -> int:
    """Insert checked rows, skipping known dedupe keys; returns how many were new."""
    if not rows:
        return 0
    if len(rows) < COPY_FROM:
        with conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO outbox({_INSERT_COLUMNS}) VALUES ({_PLACES}) "
                "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
                [_values(r) for r in rows],
                returning=True,
            )
            new = 0
            while True:
                new += len(cur.fetchall())
                if not cur.nextset():
                    break
            return new
    conn.execute(
        "CREATE TEMP TABLE outbox_in (ord bigint, chat_id bigint, kind text, text text, "
        "reply_markup text, dedupe_key text, not_before timestamptz, created_at timestamptz, "
        "send_options text) ON COMMIT DROP"
    )
    # Binary: the rows need no text formatting or escaping (3x faster for 100,000 pushes).
    copy_sql = f"COPY outbox_in (ord, {_INSERT_COLUMNS}) FROM STDIN (FORMAT BINARY)"
    with conn.cursor() as cur, cur.copy(copy_sql) as copy:
        copy.set_types(
            ["int8", "int8", "text", "text", "text", "text", "timestamptz", "timestamptz", "text"]
        )
        for i, r in enumerate(rows):
            copy.write_row((i, *_values(r)))
    cursor = conn.execute(
        f"INSERT INTO outbox({_INSERT_COLUMNS}) SELECT {_INSERT_COLUMNS} FROM outbox_in "
        "ORDER BY ord ON CONFLICT (dedupe_key) DO NOTHING"
    )
    conn.execute("DROP TABLE outbox_in")
    return cursor.rowcount


class OutboxSection(PostgresBase):
    """The outbox: queueing, due messages, delivery states."""

    def enqueue(
        self,
        chat_id: int,
        kind: str,
        text: str,
        *,
        dedupe_key: str,
        reply_markup: str | None = None,
        send_options: str | None = None,
    ) -> int | None:
        """Queue a message; None when ``dedupe_key`` was queued before (whatever its status)."""
        check_message(kind, text, dedupe_key, reply_markup, send_options)
        now = self._now()
        with self._tx() as conn:
            row = conn.execute(
                f"INSERT INTO outbox({_INSERT_COLUMNS}) VALUES ({_PLACES}) "
                "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
                (chat_id, kind, text, reply_markup, dedupe_key, now, now, send_options),
            ).fetchone()
        return None if row is None else row[0]

    def enqueue_many(self, messages: Sequence[NewOutboxMessage]) -> int:
        """Queue many messages in one transaction; returns how many were new (by dedupe_key)."""
        rows = outbox_rows(messages, self._now())
        with self._tx() as conn:
            return insert_outbox(conn, rows)

    def due_messages(self, *, now: datetime, limit: int = 100) -> list[OutboxMessage]:
        """Pending messages whose ``not_before`` has passed, the longest-due first.

        Per-chat FIFO, kept in the database so it survives a restart: a message is left out
        while an older pending message of its chat is due later than it (one waiting out a
        429 or a network back-off), so every message returned comes after its chat's older
        pending ones in this order. The partial index ``outbox_chat_pending`` answers the
        check.
        """
        with self._tx() as conn:
            rows = conn.execute(
                f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE status = 'pending' "
                "AND not_before <= %s AND NOT EXISTS ("
                "SELECT 1 FROM outbox AS older WHERE older.chat_id = outbox.chat_id "
                "AND older.status = 'pending' AND older.id < outbox.id "
                "AND older.not_before > outbox.not_before) "
                "ORDER BY not_before, id LIMIT %s",
                (aware_utc(now), max(0, limit)),
            ).fetchall()
        return [outbox_row(r) for r in rows]

    def outbox_backlog(self, *, now: datetime) -> tuple[int, datetime | None]:
        """Pending messages (due or not) and when the oldest of them was queued (/metrics)."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'"
            ).fetchone()
        assert row is not None
        return int(row[0]), utc(row[1])

    def pushed_stories(self, chat_id: int, since: datetime) -> set[int]:
        """Stories pushed (or queued as pushes) to the chat since ``since``: the story ids of
        its ``push:<chat>:<story>`` outbox rows that did not fail."""
        prefix = f"push:{int(chat_id)}:"
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT substr(dedupe_key, %s) FROM outbox WHERE chat_id = %s "
                "AND kind = 'push' AND status != 'failed' AND created_at >= %s "
                "AND starts_with(dedupe_key, %s)",
                (len(prefix) + 1, chat_id, aware_utc(since), prefix),
            ).fetchall()
        return {int(r[0]) for r in rows if r[0].isdigit()}

    def get_message(self, message_id: int) -> OutboxMessage | None:
        """One outbox message, whatever its status (for tests and diagnostics)."""
        with self._tx() as conn:
            row = conn.execute(
                f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = %s", (message_id,)
            ).fetchone()
        return None if row is None else outbox_row(row)

    def mark_sending(self, message_id: int) -> None:
        """Claim the message just before the HTTP call (counts one attempt); ``not_before``
        holds the claim time while it is 'sending'."""
        now = self._now()
        with self._tx() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1, "
                "not_before = %s WHERE id = %s",
                (now, message_id),
            )

    def mark_sent(
        self, message_id: int, *, at: datetime, telegram_message_id: int | None = None
    ) -> None:
        at = aware_utc(at)
        with self._tx() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'sent', sent_at = %s, telegram_message_id = %s, "
                "last_error = NULL WHERE id = %s",
                (at, telegram_message_id, message_id),
            )

    def mark_retry(self, message_id: int, *, error: str, not_before: datetime) -> None:
        not_before = aware_utc(not_before)
        with self._tx() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'pending', last_error = %s, not_before = %s "
                "WHERE id = %s",
                (clean_error(error), not_before, message_id),
            )

    def mark_failed(self, message_id: int, *, error: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'failed', last_error = %s WHERE id = %s",
                (clean_error(error), message_id),
            )

    def requeue_in_flight(
        self, *, claimed_before: datetime | None = None, keep: Collection[int] = ()
    ) -> int:
        """'sending' back to 'pending': all, or those claimed before ``claimed_before``;
        never the ids in ``keep``."""
        before = None if claimed_before is None else aware_utc(claimed_before)
        with self._tx() as conn:
            return conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE status = 'sending' "
                "AND (%s::timestamptz IS NULL OR not_before < %s) AND NOT (id = ANY(%s))",
                (before, before, sorted(keep)),
            ).rowcount

    def release_claim(self, message_id: int) -> bool:
        """A claimed message that was not sent goes back to 'pending'."""
        with self._tx() as conn:
            cursor = conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE id = %s AND status = 'sending'",
                (message_id,),
            )
            return cursor.rowcount == 1

    def outbox_in_flight(self, *, claimed_before: datetime) -> tuple[int, int]:
        """Messages 'sending', and how many of them were claimed before ``claimed_before``."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE not_before < %s) FROM outbox "
                "WHERE status = 'sending'",
                (aware_utc(claimed_before),),
            ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])

    def drop_pending_for_chat(self, chat_id: int, *, error: str) -> int:
        with self._tx() as conn:
            return conn.execute(
                "UPDATE outbox SET status = 'failed', last_error = %s "
                "WHERE chat_id = %s AND status = 'pending'",
                (clean_error(error), chat_id),
            ).rowcount
