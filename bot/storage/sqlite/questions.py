"""Each chat's last question and the answers sent, with the readers' votes (SQLite)."""

from __future__ import annotations

from datetime import datetime

from bot.core.models import AnswerRecord, LastQuestion, NewAnswerRecord
from bot.storage import rows
from bot.storage.rows import ANSWER_COLUMNS
from bot.storage.sqlite.base import SQLiteBase, from_db_time, inserted_id, to_db_time
from bot.storage.values import (
    LAST_QUESTIONS_KEPT,
    check_vote,
    checked_answer,
    clean_question,
    storable_id,
)


class QuestionsSection(SQLiteBase):
    """Last questions (follow-ups) and answer records (👍 / 👎)."""

    def save_last_question(self, chat_id: int, question: str, *, at: datetime) -> None:
        """Remember the chat's last question (one row per chat; a newer one is never replaced
        by an older one); questions older than ``LAST_QUESTIONS_KEPT`` are forgotten."""
        text = clean_question(question)
        asked = to_db_time(at)
        with self._write() as conn:
            conn.execute(
                "DELETE FROM last_questions WHERE asked_at < ?",
                (to_db_time(at - LAST_QUESTIONS_KEPT),),
            )
            conn.execute(
                "INSERT INTO last_questions(chat_id, question, asked_at) VALUES (?, ?, ?) "
                "ON CONFLICT(chat_id) DO UPDATE SET question = excluded.question, "
                "asked_at = excluded.asked_at WHERE excluded.asked_at >= asked_at",
                (int(chat_id), text, asked),
            )

    def last_question(self, chat_id: int) -> LastQuestion | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT chat_id, question, asked_at FROM last_questions WHERE chat_id = ?",
                (chat_id,),
            ).fetchone()
        if row is None:
            return None
        asked = from_db_time(row[2])
        assert asked is not None
        return LastQuestion(row[0], row[1], asked)

    def save_answer(self, record: NewAnswerRecord) -> int:
        """Keep an answer about to be sent; returns its id."""
        row = checked_answer(record)
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO answer_records(chat_id, question, sentences, article_ids, "
                "article_urls, asked_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    row.chat_id,
                    row.question,
                    row.sentences,
                    row.article_ids,
                    row.article_urls,
                    to_db_time(row.asked_at),
                ),
            )
            return inserted_id(cursor, "answer_records")

    def get_answer(self, answer_id: int) -> AnswerRecord | None:
        if not storable_id(answer_id):
            return None
        with self._lock:
            row = self._conn.execute(
                f"SELECT {ANSWER_COLUMNS} FROM answer_records WHERE id = ?", (answer_id,)
            ).fetchone()
        return None if row is None else rows.answer_row(row, from_db_time)

    def vote_answer(
        self, chat_id: int, answer_id: int, vote: str, *, at: datetime
    ) -> AnswerRecord | None:
        """Store (or change) the chat's vote on its answer; None when it has no such answer."""
        vote = check_vote(vote)
        if not storable_id(answer_id):
            return None
        voted = to_db_time(at)
        with self._write() as conn:
            row = conn.execute(
                "UPDATE answer_records SET vote = ?, voted_at = ? WHERE id = ? AND chat_id = ? "
                f"RETURNING {ANSWER_COLUMNS}",
                (vote, voted, answer_id, chat_id),
            ).fetchone()
        return None if row is None else rows.answer_row(row, from_db_time)

    def answer_records(self, *, after: int = 0, limit: int = 1000) -> list[AnswerRecord]:
        """Up to ``limit`` answers with an id above ``after``, in id order."""
        with self._lock:
            found = self._conn.execute(
                f"SELECT {ANSWER_COLUMNS} FROM answer_records WHERE id > ? ORDER BY id LIMIT ?",
                (after, max(0, limit)),
            ).fetchall()
        return [rows.answer_row(r, from_db_time) for r in found]
