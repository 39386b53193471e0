"""Plain private messages are questions; odd ones get a polite answer, never an error."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot import texts
from tests.bot.bot_harness import started_bot, wait_until
from tests.fake_telegram import FakeTelegram

READER = 6301


def test_odd_questions_get_a_polite_answer(tmp_path: Path, fake_telegram: FakeTelegram):
    odd = ["?", "yang dan atau di ke", "koperasi " * 600, '" OR NEAR( * -bpjs']

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            for question in odd:
                (answer,) = await bot.say(READER, question)
                assert texts.ERROR not in answer.plain_text
                assert answer.plain_text.startswith(("Maaf, saya belum menemukan", "Ini yang"))
            (answer,) = await bot.say(READER, "🙏🙏🙏")  # emoji only: small talk, not "not found"
            assert answer.text == texts.SMALL_TALK["emoji"]
            assert fake_telegram.chat_actions  # "typing…" while searching

    asyncio.run(scenario())


def test_reader_who_blocks_the_bot_is_marked_inactive(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            await bot.say(READER, "/langganan umkm")
            store = bot.services.store
            # Telegram tells the bot with a my_chat_member update (status "kicked").
            with fake_telegram._lock:
                chat = fake_telegram._chat(READER, "private")
                fake_telegram._push_update(
                    "my_chat_member", fake_telegram._member_change(chat, READER, "member", "kicked")
                )
            await wait_until(lambda: not store.get_chat(READER).active, what="inactive")
            assert store.all_subscriptions() == []
            assert [s.value for s in store.subscriptions(READER)] == ["umkm"]  # kept
            assert bot.app.job_queue.get_jobs_by_name(f"digest:{READER}") == ()

            # They unblock and come back: /start reactivates the chat.
            await bot.say(READER, "/start")
            assert store.get_chat(READER).active

    asyncio.run(scenario())


def test_a_summary_shared_through_inline_mode_is_not_a_question(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """Choosing an inline result in the bot's own chat posts it "via @bot": no answer to it."""

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            user = {"id": READER, "is_bot": False, "first_name": "Siti"}
            with fake_telegram._lock:
                fake_telegram._push_update(
                    "message",
                    {
                        "message_id": 77,
                        "date": int(time.time()),
                        "chat": {"id": READER, "type": "private", "first_name": "Siti"},
                        "from": user,
                        "text": "Kemenkop Gandeng BPJS Ketenagakerjaan\n• Ringkasan",
                        "via_bot": fake_telegram._bot_user(),
                    },
                )
            await bot.settle()
            assert fake_telegram.sent_messages(READER) == []
            (answer,) = await bot.say(READER, "apa itu bpjs ketenagakerjaan?")
            assert texts.ERROR not in answer.plain_text

    asyncio.run(scenario())


def test_an_edited_command_or_question_gets_no_second_answer(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    """Telegram sends an edit as an edited_message update; only new messages are answered."""

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            await bot.say(READER, "/cari koperasi")
            await bot.say(READER, "berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?")
            before = len(fake_telegram.sent_messages(READER))
            message = fake_telegram.send_user_message(READER, "/langgananku")
            await bot.settle()
            assert len(fake_telegram.sent_messages(READER)) == before + 1
            for text in ("/cari pajak", "apakah UMKM bisa ikut BPJS?", "/xyz", "/ringkasan"):
                fake_telegram.edit_user_message(message, text)
            await bot.settle()
            assert len(fake_telegram.sent_messages(READER)) == before + 1

    asyncio.run(scenario())
