"""Chats, their settings and subscriptions (PostgreSQL)."""

from __future__ import annotations

from psycopg import sql

from bot.models import ChatSettings, Subscription
from bot.storage.errors import StoreError
from bot.storage.postgres.base import CHAT_COLUMNS, PostgresBase, chat_row
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

        The chat must exist (:meth:`upsert_chat`), else :class:`StoreError`.
        """
        value, key = subscription_key(kind, value)
        with self._tx() as conn:
            if not conn.execute("SELECT 1 FROM chats WHERE chat_id = %s", (chat_id,)).fetchone():
                raise StoreError(f"chat {chat_id} is not known; call upsert_chat first")
            cursor = conn.execute(
                "INSERT INTO subscriptions(chat_id, kind, value, value_key, created_at) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                (chat_id, kind, value, key, self._now()),
            )
            return cursor.rowcount == 1

    def remove_subscription(self, chat_id: int, kind: str, value: str) -> bool:
        _, key = subscription_key(kind, value)
        with self._tx() as conn:
            cursor = conn.execute(
                "DELETE FROM subscriptions WHERE chat_id = %s AND kind = %s AND value_key = %s",
                (chat_id, kind, key),
            )
            return cursor.rowcount > 0

    def subscriptions(self, chat_id: int) -> list[Subscription]:
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT chat_id, kind, value FROM subscriptions WHERE chat_id = %s ORDER BY id",
                (chat_id,),
            ).fetchall()
        return [Subscription(*r) for r in rows]

    def all_subscriptions(self) -> list[Subscription]:
        """Subscriptions of active, unpaused chats."""
        with self._tx() as conn:
            rows = conn.execute(
                "SELECT s.chat_id, s.kind, s.value FROM subscriptions s "
                "JOIN chats c ON c.chat_id = s.chat_id "
                "WHERE c.active AND NOT c.paused ORDER BY s.chat_id, s.id"
            ).fetchall()
        return [Subscription(*r) for r in rows]
