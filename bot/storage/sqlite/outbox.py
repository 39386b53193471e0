"""The delivery outbox (SQLite)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from datetime import datetime

from bot.core.models import NewOutboxMessage, OutboxMessage
from bot.storage.rows import OUTBOX_COLUMNS
from bot.storage.sqlite.base import SQLiteBase, from_db_time, outbox_row, to_db_time
from bot.storage.values import OutboxRow, check_message, clean_error, outbox_rows


class OutboxSection(SQLiteBase):
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
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO outbox(chat_id, kind, text, reply_markup, dedupe_key, not_before, "
                "created_at, send_options) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(dedupe_key) DO NOTHING",
                (chat_id, kind, text, reply_markup, dedupe_key, now, now, send_options),
            )
            return cursor.lastrowid if cursor.rowcount == 1 else None

    def enqueue_many(self, messages: Sequence[NewOutboxMessage]) -> int:
        """Queue many messages in one transaction; returns how many were new (by dedupe_key)."""
        rows = outbox_rows(messages, self._clock())
        with self._write() as conn:
            return self._insert_outbox(conn, rows)

    @staticmethod
    def _insert_outbox(conn: sqlite3.Connection, rows: list[OutboxRow]) -> int:
        """Insert checked rows, skipping known dedupe keys; returns how many were new."""
        before = conn.total_changes
        stamps: dict[datetime, str] = {}  # a batch shares a handful of times: format once

        def stamp(value: datetime) -> str:
            text = stamps.get(value)
            if text is None:
                text = stamps[value] = to_db_time(value)
            return text

        conn.executemany(
            "INSERT INTO outbox(chat_id, kind, text, reply_markup, dedupe_key, not_before, "
            "created_at, send_options) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(dedupe_key) DO NOTHING",
            [
                (
                    r.chat_id,
                    r.kind,
                    r.text,
                    r.reply_markup,
                    r.dedupe_key,
                    stamp(r.not_before),
                    stamp(r.created_at),
                    r.send_options,
                )
                for r in rows
            ],
        )
        return conn.total_changes - before

    def due_messages(self, *, now: datetime, limit: int = 100) -> list[OutboxMessage]:
        """Pending messages whose ``not_before`` has passed, the longest-due first.

        Per-chat FIFO, kept in the database so it survives a restart: a message is left out
        while an older pending message of its chat is due later than it (one waiting out a
        429 or a network back-off), so every message returned comes after its chat's older
        pending ones in this order.
        """
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {OUTBOX_COLUMNS} FROM outbox INDEXED BY outbox_due "
                "WHERE status = 'pending' AND not_before <= ? AND NOT EXISTS ("
                "SELECT 1 FROM outbox AS older INDEXED BY outbox_chat_status "
                "WHERE older.chat_id = outbox.chat_id AND older.status = 'pending' "
                "AND older.id < outbox.id AND older.not_before > outbox.not_before) "
                "ORDER BY not_before, id LIMIT ?",
                (to_db_time(now), max(0, limit)),
            ).fetchall()
        return [outbox_row(r) for r in rows]

    def outbox_backlog(self, *, now: datetime) -> tuple[int, datetime | None]:
        """Pending messages (due or not) and when the oldest of them was queued (/metrics)."""
        with self._lock:
            count, oldest = self._conn.execute(
                "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'"
            ).fetchone()
        return int(count), from_db_time(oldest)

    def pushed_stories(self, chat_id: int, since: datetime) -> set[int]:
        """Stories pushed (or queued as pushes) to the chat since ``since``: the story ids of
        its ``push:<chat>:<story>`` outbox rows that did not fail."""
        prefix = f"push:{int(chat_id)}:"
        with self._lock:
            rows = self._conn.execute(
                "SELECT substr(dedupe_key, ?) FROM outbox WHERE chat_id = ? AND kind = 'push' "
                "AND status != 'failed' AND created_at >= ? AND dedupe_key LIKE ?",
                (len(prefix) + 1, chat_id, to_db_time(since), prefix + "%"),
            ).fetchall()
        return {int(r[0]) for r in rows if r[0].isdigit()}

    def get_message(self, message_id: int) -> OutboxMessage | None:
        """One outbox message, whatever its status (for tests and diagnostics)."""
        with self._lock:
            row = self._conn.execute(
                f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = ?", (message_id,)
            ).fetchone()
        return None if row is None else outbox_row(row)

    def mark_sending(self, message_id: int) -> None:
        """Claim the message just before the HTTP call (counts one attempt); ``not_before``
        holds the claim time while it is 'sending'."""
        now = self._now()
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1, not_before = ? "
                "WHERE id = ?",
                (now, message_id),
            )

    def mark_sent(
        self, message_id: int, *, at: datetime, telegram_message_id: int | None = None
    ) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, telegram_message_id = ?, "
                "last_error = NULL WHERE id = ?",
                (to_db_time(at), telegram_message_id, message_id),
            )

    def mark_retry(self, message_id: int, *, error: str, not_before: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'pending', last_error = ?, not_before = ? WHERE id = ?",
                (clean_error(error), to_db_time(not_before), message_id),
            )

    def mark_failed(self, message_id: int, *, error: str) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?",
                (clean_error(error), message_id),
            )

    def requeue_in_flight(
        self, *, claimed_before: datetime | None = None, keep: Collection[int] = ()
    ) -> int:
        """'sending' back to 'pending': all, or those claimed before ``claimed_before``;
        never the ids in ``keep``."""
        sql = (
            "UPDATE outbox INDEXED BY outbox_chat_status SET status = 'pending' "
            "WHERE status = 'sending'"
        )
        params: list[object] = []
        if claimed_before is not None:
            sql += " AND not_before < ?"
            params.append(to_db_time(claimed_before))
        if keep:
            sql += " AND id NOT IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(keep)))
        with self._write() as conn:
            return conn.execute(sql, params).rowcount

    def release_claim(self, message_id: int) -> bool:
        """A claimed message that was not sent goes back to 'pending'."""
        with self._write() as conn:
            return (
                conn.execute(
                    "UPDATE outbox SET status = 'pending' WHERE id = ? AND status = 'sending'",
                    (message_id,),
                ).rowcount
                == 1
            )

    def outbox_in_flight(self, *, claimed_before: datetime) -> tuple[int, int]:
        """Messages 'sending', and how many of them were claimed before ``claimed_before``."""
        with self._lock:
            count, stale = self._conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(not_before < ?), 0) FROM outbox "
                "INDEXED BY outbox_chat_status WHERE status = 'sending'",
                (to_db_time(claimed_before),),
            ).fetchone()
        return int(count), int(stale)

    def drop_pending_for_chat(self, chat_id: int, *, error: str) -> int:
        with self._write() as conn:
            return conn.execute(
                "UPDATE outbox SET status = 'failed', last_error = ? "
                "WHERE chat_id = ? AND status = 'pending'",
                (clean_error(error), chat_id),
            ).rowcount
