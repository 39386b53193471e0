"""Each chat's last question and the answers sent, with the readers' votes (PostgreSQL)."""

from __future__ import annotations

from datetime import datetime

from bot.core.models import AnswerRecord, LastQuestion, NewAnswerRecord
from bot.storage import rows
from bot.storage.postgres.base import PostgresBase, utc
from bot.storage.rows import ANSWER_COLUMNS
from bot.storage.values import (
    LAST_QUESTIONS_KEPT,
    aware_utc,
    check_vote,
    checked_answer,
    clean_question,
    storable_id,
)


class QuestionsSection(PostgresBase):
    """Last questions (follow-ups) and answer records (👍 / 👎)."""

    def save_last_question(self, chat_id: int, question: str, *, at: datetime) -> None:
        """Remember the chat's last question (one row per chat; a newer one is never replaced
        by an older one); questions older than ``LAST_QUESTIONS_KEPT`` are forgotten."""
        text = clean_question(question)
        asked = aware_utc(at)
        with self._tx() as conn:
            conn.execute(
                "DELETE FROM last_questions WHERE asked_at < %s", (asked - LAST_QUESTIONS_KEPT,)
            )
            conn.execute(
                "INSERT INTO last_questions(chat_id, question, asked_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (chat_id) DO UPDATE SET question = excluded.question, "
                "asked_at = excluded.asked_at "
                "WHERE excluded.asked_at >= last_questions.asked_at",
                (int(chat_id), text, asked),
            )

    def last_question(self, chat_id: int) -> LastQuestion | None:
        with self._tx() as conn:
            row = conn.execute(
                "SELECT chat_id, question, asked_at FROM last_questions WHERE chat_id = %s",
                (chat_id,),
            ).fetchone()
        if row is None:
            return None
        asked = utc(row[2])
        assert asked is not None
        return LastQuestion(row[0], row[1], asked)

    def save_answer(self, record: NewAnswerRecord) -> int:
        """Keep an answer about to be sent; returns its id."""
        row = checked_answer(record)
        with self._tx() as conn:
            found = conn.execute(
                "INSERT INTO answer_records(chat_id, question, sentences, article_ids, "
                "article_urls, asked_at) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    row.chat_id,
                    row.question,
                    row.sentences,
                    row.article_ids,
                    row.article_urls,
                    row.asked_at,
                ),
            ).fetchone()
        assert found is not None
        return int(found[0])

    def get_answer(self, answer_id: int) -> AnswerRecord | None:
        if not storable_id(answer_id):
            return None
        with self._tx() as conn:
            row = conn.execute(
                f"SELECT {ANSWER_COLUMNS} FROM answer_records WHERE id = %s", (answer_id,)
            ).fetchone()
        return None if row is None else rows.answer_row(row, utc)

    def vote_answer(
        self, chat_id: int, answer_id: int, vote: str, *, at: datetime
    ) -> AnswerRecord | None:
        """Store (or change) the chat's vote on its answer; None when it has no such answer."""
        vote = check_vote(vote)
        if not storable_id(answer_id):
            return None
        with self._tx() as conn:
            row = conn.execute(
                "UPDATE answer_records SET vote = %s, voted_at = %s "
                f"WHERE id = %s AND chat_id = %s RETURNING {ANSWER_COLUMNS}",
                (vote, aware_utc(at), answer_id, chat_id),
            ).fetchone()
        return None if row is None else rows.answer_row(row, utc)

    def answer_records(self, *, after: int = 0, limit: int = 1000) -> list[AnswerRecord]:
        """Up to ``limit`` answers with an id above ``after``, in id order."""
        with self._tx() as conn:
            found = conn.execute(
                f"SELECT {ANSWER_COLUMNS} FROM answer_records WHERE id > %s ORDER BY id LIMIT %s",
                (after, max(0, limit)),
            ).fetchall()
        return [rows.answer_row(r, utc) for r in found]
