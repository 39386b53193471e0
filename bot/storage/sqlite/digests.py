"""Saved digest pages, for the ⟨ 1/3 ⟩ buttons under a digest (SQLite)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.storage.errors import StoreError
from bot.storage.sqlite.base import SQLiteBase, inserted_id, to_db_time
from bot.storage.values import DIGEST_PAGES_KEPT


class DigestsSection(SQLiteBase):
    """The pages of recent digests."""

    def save_digest(self, chat_id: int, pages: Sequence[str]) -> int:
        """Keep a digest's pages for its ⟨ 1/3 ⟩ buttons; returns its id. Digests older than
        ``DIGEST_PAGES_KEPT`` are forgotten."""
        if not pages or not all(isinstance(p, str) and p.strip() for p in pages):
            raise StoreError("a digest needs at least one non-empty page")
        now = self._clock()
        with self._write() as conn:
            conn.execute(
                "DELETE FROM digest_pages WHERE created_at < ?",
                (to_db_time(now - DIGEST_PAGES_KEPT),),
            )
            cursor = conn.execute(
                "INSERT INTO digest_pages(chat_id, pages, created_at) VALUES (?, ?, ?)",
                (chat_id, json.dumps(list(pages), ensure_ascii=False), to_db_time(now)),
            )
            return inserted_id(cursor, "digest_pages")

    def digest_pages(self, chat_id: int, digest_id: int) -> list[str] | None:
        """The pages of a saved digest of this chat; None when unknown or forgotten."""
        with self._lock:
            row = self._conn.execute(
                "SELECT pages FROM digest_pages WHERE id = ? AND chat_id = ?",
                (digest_id, chat_id),
            ).fetchone()
        return None if row is None else list(json.loads(row[0]))
