"""A NUL byte anywhere a reader types gets a polite refusal, never the generic error: nothing
is stored, and the bot answers the next message as usual (both backends)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.present import texts
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import started_bot, wait_until

READER = 5101
GROUP = -100777


def send_photo(telegram: FakeTelegram, user_id: int, caption: str) -> None:
    """A private photo with a caption (the fake has no helper for media messages)."""
    with telegram._lock:
        user = telegram._user(user_id)
        chat = telegram._chat(user_id, "private", None, user)
        telegram._push_update(
            "message",
            {
                "message_id": telegram._new_message_id(user_id),
                "date": int(time.time()),
                "chat": chat,
                "from": user,
                "photo": [{"file_id": "f1", "file_unique_id": "u1", "width": 9, "height": 9}],
                "caption": caption,
            },
        )


def test_a_nul_byte_is_refused_on_every_input_path(
    tmp_path: Path, fake_telegram: FakeTelegram, database_url: str
) -> None:
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False, database=database_url) as bot:
            (refused,) = await bot.say(READER, "/langganan bpjs\x00")
            assert refused.text == texts.UNREADABLE_MESSAGE
            assert texts.ERROR not in refused.text
            assert bot.store.get_chat(READER) is None  # nothing of it was stored
            assert bot.store.subscriptions(READER) == []

            (subscribed,) = await bot.say(READER, "/langganan pajak")
            assert "Pajak" in subscribed.plain_text
            assert [s.value for s in bot.store.subscriptions(READER)] == ["pajak"]

            # A question, a search, a caption: the same refusal, nothing kept.
            (question,) = await bot.say(READER, "iuran bpjs\x00 naik berapa?")
            assert question.text == texts.UNREADABLE_MESSAGE
            assert bot.store.last_question(READER) is None
            (search,) = await bot.say(READER, "/cari \x00")
            assert search.text == texts.UNREADABLE_MESSAGE
            before = len(fake_telegram.sent_messages(READER))
            send_photo(fake_telegram, READER, "/langganan umkm\x00")
            sent = await fake_telegram.wait_for_messages(before + 1, READER, timeout=10)
            assert sent[-1].text == texts.UNREADABLE_MESSAGE
            assert [s.value for s in bot.store.subscriptions(READER)] == ["pajak"]

            # A button with tampered data: an alert, not the generic error.
            (listing,) = await bot.say(READER, "/langgananku")
            pressed = await bot.press(READER, listing, "x:1\x00")
            assert pressed["text"] == texts.UNREADABLE_BUTTON and pressed["show_alert"]
            assert [s.value for s in bot.store.subscriptions(READER)] == ["pajak"]

            # An inline query: an empty answer whose button says why.
            fake_telegram.inline_query(READER, "bpjs\x00")
            answer = await wait_until(
                lambda: fake_telegram.inline_answers, what="the inline answer"
            )
            assert answer[-1]["results"] == []
            assert texts.UNREADABLE_INLINE in str(answer[-1]["button"])

            # In a group: a command is refused; other talk is left alone, as always.
            fake_telegram.add_to_group(GROUP, READER)
            await bot.settle()
            (group_refused,) = await bot.say(
                READER, "/langganan bpjs\x00", chat_id=GROUP, chat_type="group"
            )
            assert group_refused.text == texts.UNREADABLE_MESSAGE
            in_group = len(fake_telegram.sent_messages(GROUP))
            await bot.say(READER, "halo\x00 semua", chat_id=GROUP, chat_type="group", replies=0)
            assert len(fake_telegram.sent_messages(GROUP)) == in_group
            assert bot.store.subscriptions(GROUP) == []

            # And the bot goes on answering as before.
            (listed,) = await bot.say(READER, "/langgananku")
            assert "Pajak" in listed.plain_text

    asyncio.run(scenario())
