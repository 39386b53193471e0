"""Chats, their settings and subscriptions (PostgreSQL)."""

from __future__ import annotations

from psycopg import sql

from bot.core.models import ChatSettings, Subscription
from bot.storage.errors import StoreError
from bot.storage.postgres.base import PostgresBase, chat_row
from bot.storage.rows import CHAT_COLUMNS
from bot.storage.values import check_chat_changes, check_chat_type, clean_error, subscription_key


class ChatsSection(PostgresBase):
    """Chats and subscriptions."""

    def upsert_chat(
        self, chat_id: int, *, chat_type: str = "private", title: str | None = None
    ) -> ChatSettings:
        """Create the chat, or update its type/title and reactivate it (they came back)."""
        check_chat_type(chat_type)
        now = self._now()
        with self._tx() as conn:
            row = conn.execute(
                "INSERT INTO chats(chat_id, chat_type, title, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (chat_id) DO UPDATE SET "
                "chat_type = excluded.chat_type, title = COALESCE(excluded.title, chats.title), "
                "active = true, inactive_reason = NULL, updated_at = excluded.updated_at "
                f"RETURNING {CHAT_COLUMNS}",
                (int(chat_id), chat_type, title, now, now),
            ).fetchone()
        assert row is not None
        return chat_row(row)

    def get_chat(self, chat_id: int) -> ChatSettings | None:
        with self._tx() as conn:
            row = conn.execute(
                f"SELECT {CHAT_COLUMNS} FROM chats WHERE chat_id = %s", (chat_id,)
            ).fetchone()
        return None if row is None else chat_row(row)

    def update_chat(self, chat_id: int, **changes: object) -> ChatSettings:
        """Change settings fields (names as in :class:`ChatSettings`); unknown names refused."""
        values = check_chat_changes(changes)
        assignments = [sql.SQL("{} = %s").format(sql.Identifier(name)) for name in values] + [
            sql.SQL("updated_at = %s")
        ]
        statement = sql.SQL("UPDATE chats SET {} WHERE chat_id = %s RETURNING {}").format(
            sql.SQL(", ").join(assignments), sql.SQL(CHAT_COLUMNS)
        )
        with self._tx() as conn:
            row = conn.execute(statement, (*values.values(), self._now(), chat_id)).fetchone()
        if row is None:
            raise StoreError(f"chat {chat_id} is not known; call upsert_chat first")
        return chat_row(row)

    def set_chat_inactive(self, chat_id: int, reason: str) -> None:
        """Stop sending to the chat (no-op for a chat never seen); its data is kept."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE chats SET active = false, inactive_reason = %s, updated_at = %s "
                "WHERE chat_id = %s",
                (clean_error(reason), self._now(), chat_id),
            )

    def chats(self, *, active_only: bool = True) -> list[ChatSettings]:
        where = " WHERE active" if active_only else ""
        with self._tx() as conn:
            rows = conn.execute(
                f"SELECT {CHAT_COLUMNS} FROM chats{where} ORDER BY chat_id"
            ).fetchall()
        return [chat_row(r) for r in rows]

    def add_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        """Subscribe; False when it already existed (keywords compared case-insensitively).

        A subscription removed earlier comes back with its old id. The chat must exist
        (:meth:`upsert_chat`), else :class:`StoreError`.
        """
        value, key = subscription_key(kind, value)
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM chats WHERE chat_id = %s", (chat_id,)).fetchone():
                raise StoreError(f"chat {chat_id} is not known; call upsert_chat first")
            cursor = conn.execute(
                "INSERT INTO subscriptions(chat_id, kind, value, value_key, created_at) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (chat_id, kind, value_key) DO UPDATE "
                "SET value = excluded.value, created_at = excluded.created_at, "
                "removed_at = NULL WHERE subscriptions.removed_at IS NOT NULL",
                (chat_id, kind, value, key, self._now()),
            )
            return cursor.rowcount == 1

    def remove_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        """Unsubscribe (the row is kept, marked removed, for :meth:`restore_subscription`)."""
        _, key = subscription_key(kind, value)
        with self._tx() as conn:
            cursor = conn.execute(
                "UPDATE subscriptions SET removed_at = %s WHERE chat_id = %s AND kind = %s "
                "AND value_key = %s AND removed_at IS NULL",
                (self._now(), chat_id, kind, key),
            )
            return cursor.rowcount > 0

    def remove_subscription_id(self, chat_id: int, subscription_id: int) -> Subscription | None:
        """Unsubscribe by id (a button); the removed subscription, or None when the chat had
        no such active subscription."""
        with self._tx() as conn:
            row = conn.execute(
                "UPDATE subscriptions SET removed_at = %s WHERE id = %s AND chat_id = %s "
                "AND removed_at IS NULL RETURNING chat_id, kind, value, id",
                (self._now(), subscription_id, chat_id),
            ).fetchone()
        return None if row is None else Subscription(*row)

    def restore_subscription(self, chat_id: int, subscription_id: int) -> Subscription | None:
        """Undo a removal by id ("↩️ Ikuti lagi"); the subscription (also when it was already
        active), or None when the chat never had it."""
        with self._tx() as conn:
            row = conn.execute(
                "UPDATE subscriptions SET removed_at = NULL WHERE id = %s AND chat_id = %s "
                "RETURNING chat_id, kind, value, id",
                (subscription_id, chat_id),
            ).fetchone()
        return None if row is None else Subscription(*row)

    def move_chat(
        self, old_id: int, new_id: int, *, chat_type: str = "supergroup"
    ) -> ChatSettings | None:
        """A group became a supergroup (a new chat id), in one transaction: the new chat gets
        the old one's settings and active subscriptions (ones it has are kept), the old one is
        retired. None, and nothing written, when the old chat was never stored."""
        check_chat_type(chat_type)
        now = self._now()
        with self._tx() as conn:
            if not conn.execute(
                "SELECT 1 FROM chats WHERE chat_id = %s FOR UPDATE", (old_id,)
            ).fetchone():
                return None
            row = conn.execute(
                "INSERT INTO chats(chat_id, chat_type, title, timezone, digest_hour, mode, "
                "paused, last_digest_at, quiet_start, quiet_end, quiet_mode, pictures, "
                "created_at, updated_at) "
                "SELECT %s, %s, title, timezone, digest_hour, mode, paused, last_digest_at, "
                "quiet_start, quiet_end, quiet_mode, pictures, "
                "%s, %s FROM chats WHERE chat_id = %s ON CONFLICT (chat_id) DO UPDATE SET "
                "chat_type = excluded.chat_type, "
                "title = COALESCE(excluded.title, chats.title), "
                "timezone = excluded.timezone, digest_hour = excluded.digest_hour, "
                "mode = excluded.mode, paused = excluded.paused, "
                "last_digest_at = excluded.last_digest_at, quiet_start = excluded.quiet_start, "
                "quiet_end = excluded.quiet_end, quiet_mode = excluded.quiet_mode, "
                "pictures = excluded.pictures, active = true, "
                "inactive_reason = NULL, updated_at = excluded.updated_at "
                f"RETURNING {CHAT_COLUMNS}",
                (new_id, chat_type, now, now, old_id),
            ).fetchone()
            conn.execute(
                "INSERT INTO subscriptions(chat_id, kind, value, value_key, created_at) "
                "SELECT %s, kind, value, value_key, %s FROM subscriptions "
                "WHERE chat_id = %s AND removed_at IS NULL ORDER BY id "
                "ON CONFLICT (chat_id, kind, value_key) DO UPDATE SET value = excluded.value, "
                "created_at = excluded.created_at, removed_at = NULL "
                "WHERE subscriptions.removed_at IS NOT NULL",
                (new_id, now, old_id),
            )
            conn.execute(
                "UPDATE chats SET active = false, inactive_reason = %s, updated_at = %s "
                "WHERE chat_id = %s",
                (f"migrated to supergroup {new_id}", now, old_id),
            )
        assert row is not None
        return chat_row(row)

    def subscriptions(self, chat_id: int) -> list[Subscription]:
        """The chat's active subscriptions, oldest first, with their ids."""
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT chat_id, kind, value, id FROM subscriptions "
                "WHERE chat_id = %s AND removed_at IS NULL ORDER BY id",
                (chat_id,),
            ).fetchall()
        return [Subscription(*r) for r in rows]

    def all_subscriptions(self) -> list[Subscription]:
        """Active subscriptions of active, unpaused chats, with their ids."""
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT s.chat_id, s.kind, s.value, s.id FROM subscriptions s "
                "JOIN chats c ON c.chat_id = s.chat_id "
                "WHERE c.active AND NOT c.paused AND s.removed_at IS NULL "
                "ORDER BY s.chat_id, s.id"
            ).fetchall()
        return [Subscription(*r) for r in rows]
