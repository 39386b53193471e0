"""Plain private messages are questions; odd ones get a polite answer, never an error."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.present import texts
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import started_bot, wait_until

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
            store = bot.store
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


def bold_words(plain: str, entities: list[dict]) -> list[str]:
    """The bold parts of a message (entity offsets count UTF-16 code units)."""
    units = plain.encode("utf-16-le")
    return [
        units[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in entities
        if e["type"] == "bold"
    ]


def test_a_casual_question_is_answered_with_its_figure_in_bold(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            (answer,) = await bot.say(READER, "udah brp koperasi yg ikut bpjs ketenagakerjaan?")
            assert answer.plain_text.startswith(texts.ANSWER_HEADER)
            assert "9.982 koperasi" in bold_words(answer.plain_text, answer.entities)[0]
            assert [e["type"] for e in answer.entities].count("blockquote") >= 1
            # One source line for the article, however many of its sentences are quoted.
            assert answer.plain_text.count("— ") == 1
            assert answer.reply_markup is None

    asyncio.run(scenario())


def test_an_unanswerable_question_is_declined_with_a_follow_button(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            (answer,) = await bot.say(READER, "iuran tapera dipotong brp persen dr gaji?")
            assert answer.plain_text.startswith("Maaf, saya belum menemukan")
            assert "/cari iuran tapera" in answer.plain_text
            (button,) = answer.buttons
            assert button["text"].startswith("🔔 Ikuti '")
            assert len(button["callback_data"].encode()) <= 64
            alert = await bot.press(READER, answer, button["callback_data"])
            keyword = button["callback_data"].split(":", 1)[1]
            assert keyword == "tapera"  # the question's rarest word, not the whole question
            assert button["text"] == texts.FOLLOW_BUTTON.format(keyword="tapera")
            assert alert["text"] == texts.FOLLOW_ALERT_DONE.format(keyword=keyword)
            subs = bot.store.subscriptions(READER)
            assert [(s.kind, s.value) for s in subs] == [("keyword", keyword)]
            # Pressing it again subscribes nothing twice.
            again = await bot.press(READER, answer, button["callback_data"])
            assert again["text"] == texts.FOLLOW_ALERT_ALREADY.format(keyword=keyword)
            assert len(bot.store.subscriptions(READER)) == 1

    asyncio.run(scenario())


def test_small_talk_gets_a_friendly_reply(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            for text, kind in [
                ("makasih ya", "thanks"),
                ("Halo", "greeting"),
                ("siapa kamu?", "who"),
                ("bisa apa?", "help"),
                ("oke", "ack"),
            ]:
                (answer,) = await bot.say(READER, text)
                assert answer.text == texts.SMALL_TALK[kind]
                assert "Maaf" not in answer.plain_text

    asyncio.run(scenario())


def test_bad_input_gets_a_polite_reply_telegram_accepts(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    bad = [
        "berapa iuran bpjs " * 250,  # 4,000+ characters
        "🙏🏽🔥😂",  # emoji only
        "yang dan di ke atau",  # stop words only
        "https://www.merdeka.com/uang/kemenkop-gandeng-bpjs.html",  # a bare URL
        '"bpjs" OR koperasi* NEAR(iuran) -pajak',  # FTS syntax
        "'; DROP TABLE articles; --",  # SQL
        "how many koperasi sudah join BPJS Ketenagakerjaan?",  # mixed English
    ]

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            for question in bad:
                (answer,) = await bot.say(READER, question)
                assert texts.ERROR not in answer.plain_text
                assert answer.plain_text  # the fake Bot API accepted it (entities, length)
            assert bot.store.count_articles() >= 1  # nothing was dropped

    asyncio.run(scenario())


def test_questions_in_groups_and_edited_questions_get_no_reply(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    group = -100777

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            await bot.say(
                READER, "berapa koperasi ikut bpjs?", chat_id=group, chat_type="group", replies=0
            )
            assert fake_telegram.sent_messages(group) == []
            sent = fake_telegram.send_user_message(READER, "berapa koperasi ikut bpjs?")
            await fake_telegram.wait_for_messages(1, READER)
            fake_telegram.edit_user_message(sent, "kapan nota kesepahaman ditandatangani?")
            await bot.settle()
            assert len(fake_telegram.sent_messages(READER)) == 1

    asyncio.run(scenario())
