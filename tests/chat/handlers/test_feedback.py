"""👍 / 👎 under an answer: shown under answers only, a press stores the vote (a later one
changes it) and marks the choice; tampered or stale buttons get a polite alert."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
from pathlib import Path

from bot.commands.feedback import export_feedback
from bot.present import texts
from tests.support.fake_telegram import FakeTelegram, SentMessage
from tests.support.harness import Harness, started_bot

READER = 6401
OTHER_READER = 6402
QUESTION = "udah brp koperasi yg ikut bpjs ketenagakerjaan?"


def current(telegram: FakeTelegram, message: SentMessage) -> SentMessage:
    """The message as the reader sees it now (after the bot's edits)."""
    (now,) = [
        m for m in telegram.sent_messages(message.chat_id) if m.message_id == message.message_id
    ]
    return now


def labels(message: SentMessage) -> list[str]:
    return [b["text"] for b in message.buttons]


async def asked(bot: Harness, reader: int = READER) -> tuple[SentMessage, int]:
    """The reader asks a question the archive answers; the answer and its stored id."""
    (answer,) = await bot.say(reader, QUESTION)
    up, down = answer.buttons
    answer_id = int(up["callback_data"].split(":")[1])
    assert (up["callback_data"], down["callback_data"]) == (
        f"fb:{answer_id}:up",
        f"fb:{answer_id}:down",
    )
    return answer, answer_id


def test_a_vote_is_stored_changed_and_shown(
    tmp_path: Path, fake_telegram: FakeTelegram, database_url: str
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, database=database_url) as bot:
            answer, answer_id = await asked(bot)
            assert labels(answer) == ["👍", "👎"]
            kept = bot.store.get_answer(answer_id)
            assert kept is not None and kept.chat_id == READER and kept.vote is None
            assert "koperasi" in kept.question.casefold()
            assert any("9.982 koperasi" in s for s in kept.sentences)
            assert len(kept.article_ids) == len(kept.article_urls) == 1  # one article quoted
            assert kept.article_urls[0].endswith("/merdeka/berita/kemenkop-bpjs")

            thanks = await bot.press(READER, answer, f"fb:{answer_id}:up")
            assert thanks["text"] == texts.VOTE_THANKS and not thanks.get("show_alert")
            assert bot.store.get_answer(answer_id).vote == "up"  # type: ignore[union-attr]
            shown = current(fake_telegram, answer)
            assert labels(shown) == ["✅ 👍", "👎"]
            assert shown.text == answer.text  # only the buttons changed

            again = await bot.press(READER, shown, f"fb:{answer_id}:down")
            assert again["text"] == texts.VOTE_THANKS
            voted = bot.store.get_answer(answer_id)
            assert voted is not None and voted.vote == "down" and voted.voted_at is not None
            assert labels(current(fake_telegram, answer)) == ["👍", "✅ 👎"]

            # What `warta feedback --export` writes of it: the vote, never the chat.
            out = io.StringIO()
            counts = export_feedback(bot.store, out)
            (line,) = out.getvalue().splitlines()
            row = json.loads(line)
            assert row["id"] == answer_id and row["vote"] == "down"
            assert row["question"] == voted.question and row["sentences"] == list(voted.sentences)
            assert str(READER) not in line
            assert counts == {"down": 1}

    asyncio.run(scenario())


def test_tampered_and_unknown_buttons_get_a_polite_alert_and_change_nothing(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            answer, answer_id = await asked(bot)
            other, other_id = await asked(bot, OTHER_READER)
            await bot.press(READER, answer, f"fb:{answer_id}:up")
            for data in (
                f"fb:{answer_id + 1000}:down",  # no such answer
                f"fb:{answer_id}:meh",
                f"fb:{answer_id}:",
                "fb:abc:up",
                "fb:-1:up",
                "fb:99999999999999999999999999:down",  # beyond any stored id
                f"fb:{answer_id}:up:extra",
            ):
                alert = await bot.press(READER, answer, data)
                assert alert["text"] == texts.VOTE_EXPIRED and alert["show_alert"], data
            # Another reader's answer cannot be judged from this chat, and the reverse.
            alert = await bot.press(READER, answer, f"fb:{other_id}:down")
            assert alert["text"] == texts.VOTE_EXPIRED and alert["show_alert"]
            alert = await bot.press(OTHER_READER, other, f"fb:{answer_id}:down")
            assert alert["text"] == texts.VOTE_EXPIRED and alert["show_alert"]
            assert [(r.id, r.vote) for r in bot.store.answer_records()] == [
                (answer_id, "up"),
                (other_id, None),
            ]
            assert labels(current(fake_telegram, answer)) == ["✅ 👍", "👎"]
            assert labels(current(fake_telegram, other)) == ["👍", "👎"]

    asyncio.run(scenario())


def test_a_vote_for_a_deleted_answer_is_refused_politely(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            answer, answer_id = await asked(bot)
            with sqlite3.connect(tmp_path / "warta.db") as conn:  # the operator removed it
                conn.execute("DELETE FROM answer_records WHERE id = ?", (answer_id,))
            alert = await bot.press(READER, answer, f"fb:{answer_id}:up")
            assert alert["text"] == texts.VOTE_EXPIRED and alert["show_alert"]
            assert bot.store.answer_records() == []
            assert labels(current(fake_telegram, answer)) == ["👍", "👎"]

    asyncio.run(scenario())
