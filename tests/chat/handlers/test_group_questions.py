"""A question put to the bot in a group: one line pointing to a private chat, a button that
opens it with the question, at most once per member every few minutes."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from bot.chat.handlers.group_questions import POINTER_INTERVAL, addressed_question
from bot.present import texts
from tests.support.clock import SettableClock
from tests.support.fake_telegram import FakeTelegram, SentMessage
from tests.support.harness import started_bot

GROUP = -100555
MEMBER = 5101
OTHER_MEMBER = 5102
BOT = "warta_test_bot"
QUESTION = "udah brp koperasi yg ikut bpjs ketenagakerjaan?"


def link_of(message: SentMessage) -> str:
    (button,) = message.buttons
    assert button["text"] == texts.BUTTON_ASK_PRIVATELY
    return str(button["url"])


def test_addressed_question_takes_the_mention_out() -> None:
    assert addressed_question(f"@{BOT} iuran naik brp?", BOT) == "iuran naik brp?"
    assert (
        addressed_question("min @Warta_Test_Bot, iuran naik brp?", BOT) == "min , iuran naik brp?"
    )
    assert addressed_question(f"@{BOT}", BOT) == ""
    assert addressed_question("iuran naik brp?", BOT) is None
    assert addressed_question(f"@{BOT}2 iuran", BOT) is None  # another account
    assert addressed_question(f"tanya@{BOT}", BOT) is None  # part of a word, not a mention


def test_a_mention_in_a_group_points_to_a_private_chat_that_answers_it(
    tmp_path: Path, fake_telegram: FakeTelegram, database_url: str
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, database=database_url) as bot:
            clock = SettableClock()
            bot.services.clock = clock
            (pointer,) = await bot.say(
                MEMBER,
                f"@{BOT} {QUESTION}",
                chat_id=GROUP,
                chat_type="supergroup",
                first_name="Sari",
            )
            assert (
                pointer.plain_text == "Sari, pertanyaan Anda saya jawab di obrolan pribadi, ya 👇"
            )
            assert "\n" not in pointer.plain_text
            url = link_of(pointer)
            assert url.startswith(f"https://t.me/{BOT}?start=ask_")
            payload = url.split("start=", 1)[1]
            assert len(payload) <= 64 and payload.replace("_", "").replace("-", "").isalnum()

            # No second line for the same member within a few minutes; another member gets one.
            await bot.say(MEMBER, f"@{BOT} halo?", chat_id=GROUP, chat_type="supergroup", replies=0)
            assert len(fake_telegram.sent_messages(GROUP)) == 1
            (other,) = await bot.say(
                OTHER_MEMBER, f"@{BOT}", chat_id=GROUP, chat_type="supergroup", first_name="Budi"
            )
            assert other.plain_text == "Budi, silakan tanya saya lewat obrolan pribadi, ya 👇"
            assert link_of(other) == f"https://t.me/{BOT}?start={texts.GROUP_START_PARAMETER}"
            # A message that does not mention the bot gets nothing.
            await bot.say(OTHER_MEMBER, QUESTION, chat_id=GROUP, chat_type="supergroup", replies=0)
            clock.now += POINTER_INTERVAL + timedelta(seconds=1)
            await bot.say(MEMBER, f"@{BOT} {QUESTION}", chat_id=GROUP, chat_type="supergroup")
            assert len(fake_telegram.sent_messages(GROUP)) == 3

            # The button opens the private chat with /start ask_…: the question is answered.
            (answer,) = await bot.say(MEMBER, f"/start {payload}")
            assert answer.plain_text.startswith(texts.ANSWER_HEADER)
            assert "9.982 koperasi" in answer.plain_text
            assert [b["text"] for b in answer.buttons] == ["👍", "👎"]

            # The question was kept for that member only: another reader gets the welcome.
            (welcome,) = await bot.say(OTHER_MEMBER, f"/start {payload}")
            assert welcome.plain_text.startswith("Halo, ")
            (plain,) = await bot.say(OTHER_MEMBER, f"/start {texts.GROUP_START_PARAMETER}")
            assert plain.plain_text.startswith("Halo, ")

    asyncio.run(scenario())
