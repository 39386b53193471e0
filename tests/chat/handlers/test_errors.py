"""Help, unknown commands, and the error handler: log first, apologise, never leak the token."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from pathlib import Path

from bot.present import texts
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.harness import started_bot, wait_until

READER = 6201


def test_help_and_unknown_command(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (help_text,) = await bot.say(READER, "/bantuan")
            for command in ("/topik", "/langganan", "/cari", "/ringkasan", "/pengaturan"):
                assert command in help_text.plain_text
            assert "@warta_test_bot bpjs" in help_text.plain_text
            (unknown,) = await bot.say(READER, "/apaini")
            assert unknown.plain_text == texts.UNKNOWN_COMMAND
            menu = fake_telegram.commands
            assert menu, "set_my_commands was not called"
            names = [c["command"] for c in next(iter(menu.values()))]
            assert names[:2] == ["start", "topik"] and "bantuan" in names

    asyncio.run(scenario())


def test_failure_is_logged_and_reader_gets_an_apology(
    tmp_path: Path, fake_telegram: FakeTelegram, caplog
):
    caplog.set_level(logging.INFO)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            fake_telegram.fail_next("sendMessage", 500)
            (apology,) = await bot.say(READER, "/bantuan")
            assert apology.plain_text == texts.ERROR

    asyncio.run(scenario())
    errors = [r for r in caplog.records if r.name == "bot.chat.handlers.errors"]
    assert errors and "error while handling update" in errors[0].getMessage()
    assert TOKEN not in caplog.text


def test_command_menu_failure_is_not_fatal(tmp_path: Path, fake_telegram: FakeTelegram, caplog):
    caplog.set_level(logging.WARNING, logger="bot.runtime.app")
    fake_telegram.fail_next("setMyCommands", 400, description="Bad Request: BOT_COMMANDS_TOO_MUCH")

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (help_text,) = await bot.say(READER, "/help")
            assert "Perintah Warta" in help_text.plain_text

    asyncio.run(scenario())
    scopes = {json.loads(key)[0]["type"] for key in fake_telegram.commands}
    assert scopes == {"all_private_chats", "all_group_chats"}  # the others were still set
    assert any("could not set the bot's command menu" in r.getMessage() for r in caplog.records)


def tracebacks(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "Traceback" in r.getMessage() or r.exc_info]


def test_unknown_button_is_answered(tmp_path: Path, fake_telegram: FakeTelegram):
    """A press on a button no handler knows still gets an answer (no endless spinner)."""

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (help_text,) = await bot.say(READER, "/bantuan")
            for data in ("zz:1", "x", "t"):
                answer = await bot.press(READER, help_text, data)
                assert answer.get("text") == texts.BUTTON_EXPIRED

    asyncio.run(scenario())


def test_blocked_reader_and_429_are_one_log_line_without_apology(
    tmp_path: Path, fake_telegram: FakeTelegram, caplog
):
    caplog.set_level(logging.INFO)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            fake_telegram.block_user(READER)
            await bot.say(READER, "/bantuan", replies=0)
            await bot.say(READER, "apa kabar iuran bpjs?", replies=0)
            fake_telegram.unblock_user(READER)
            # A long 429 on a direct reply: logged, not retried in a loop, no apology.
            fake_telegram.fail_next("sendMessage", 429, retry_after=30)
            await bot.say(READER, "/bantuan", replies=0)
            # A short one: the reader still gets the reply.
            fake_telegram.fail_next("sendMessage", 429, retry_after=1)
            (help_text,) = await bot.say(READER, "/bantuan")
            assert "Perintah Warta" in help_text.plain_text

    asyncio.run(scenario())
    sends = [c for c in fake_telegram.calls("sendMessage") if int(c.params["chat_id"]) == READER]
    assert [c.status for c in sends] == [403, 403, 429, 429, 200]
    assert tracebacks(caplog) == []
    assert any("Forbidden" in r.getMessage() for r in caplog.records)
    assert TOKEN not in caplog.text


def test_pressing_a_button_of_a_deleted_message_sends_a_new_one(
    tmp_path: Path, fake_telegram: FakeTelegram, caplog
):
    caplog.set_level(logging.INFO)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (catalogue,) = await bot.say(READER, "/topik")
            fake_telegram.message(READER, catalogue.message_id).deleted = True
            answer = await bot.press(READER, catalogue, "td")  # "Selesai" edits the text
            assert answer.get("show_alert") in (None, False, "false")
            fresh = fake_telegram.sent_messages(READER)[-1]
            assert fresh.message_id != catalogue.message_id
            assert fresh.text == texts.TOPICS_DONE_NONE

    asyncio.run(scenario())
    assert tracebacks(caplog) == []


def test_answering_an_expired_button_press_is_not_a_crash(
    tmp_path: Path, fake_telegram: FakeTelegram, caplog
):
    """Telegram refuses to answer a callback query after about 15 seconds."""
    caplog.set_level(logging.INFO)
    too_old = "Bad Request: query is too old and response timeout expired or query ID is invalid"

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (settings,) = await bot.say(READER, "/pengaturan")
            fake_telegram.fail_next("answerCallbackQuery", 400, description=too_old)
            fake_telegram.press_button(READER, settings.message_id, "s:m:digest")
            await bot.settle()
            await wait_until(
                lambda: fake_telegram.message(READER, settings.message_id).edits == 1,
                what="the settings edit",
            )
            assert bot.store.get_chat(READER).mode == "digest"

    asyncio.run(scenario())
    assert tracebacks(caplog) == []
    answers = fake_telegram.calls("answerCallbackQuery")
    assert len(answers) == 1  # no second attempt at an answer Telegram will refuse
    assert fake_telegram.sent_messages(READER)[-1].plain_text != texts.ERROR


def test_command_menus_for_private_chats_and_groups(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False):
            pass

    asyncio.run(scenario())
    menus = {json.loads(key)[0]["type"]: value for key, value in fake_telegram.commands.items()}
    assert set(menus) == {"default", "all_private_chats", "all_group_chats"}
    private = [c["command"] for c in menus["all_private_chats"]]
    group = [c["command"] for c in menus["all_group_chats"]]
    assert private == [name for name, _ in texts.COMMAND_MENU]
    assert "start" not in group and {"topik", "cari", "pengaturan", "bantuan"} <= set(group)
    described = {c["command"]: c["description"] for c in menus["all_group_chats"]}
    # Spoken to the group.
    assert described["langgananku"] == "Topik dan kata kunci yang diikuti grup ini"
    assert all("Anda" not in d for d in described.values())
    for menu in menus.values():
        assert len(menu) <= 100
        for command in menu:
            assert re.fullmatch(r"[a-z0-9_]{1,32}", command["command"])
            assert 3 <= len(command["description"]) <= 256


def test_pressing_a_button_that_changes_nothing_is_quiet(
    tmp_path: Path, fake_telegram: FakeTelegram, caplog
):
    """Telegram answers "message is not modified" to an edit with the same content: the
    press is still answered, with no alert and nothing in the log."""
    caplog.set_level(logging.INFO)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (settings,) = await bot.say(READER, "/pengaturan")
            for data in ("s:main", "s:m:instant", "s:z:WIB"):
                answer = await bot.press(READER, settings, data)
                assert answer.get("show_alert") in (None, False, "false")
            (catalogue,) = await bot.say(READER, "/topik")
            answer = await bot.press(READER, catalogue, "tp:0")
            assert answer.get("show_alert") in (None, False, "false")
            assert fake_telegram.message(READER, settings.message_id).edits == 0
            assert fake_telegram.message(READER, catalogue.message_id).edits == 0

    asyncio.run(scenario())
    assert tracebacks(caplog) == []
    not_modified = [c for c in fake_telegram.calls("editMessageText") if c.status == 400]
    assert len(not_modified) == 4


def test_buttons_of_a_message_older_than_48_hours_still_work(
    tmp_path: Path, fake_telegram: FakeTelegram, caplog
):
    """Telegram sends such a press with an InaccessibleMessage (chat and id only)."""
    caplog.set_level(logging.INFO)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (catalogue,) = await bot.say(READER, "/topik")
            (settings,) = await bot.say(READER, "/pengaturan")
            for message, data in ((catalogue, "td"), (settings, "s:hours")):
                query_id = fake_telegram.press_button(
                    READER, message.message_id, data, inaccessible=True
                )
                await wait_until(
                    lambda q=query_id: any(
                        a["callback_query_id"] == q for a in fake_telegram.callback_answers
                    ),
                    what=f"answer to {data}",
                )
                await bot.settle()
                assert fake_telegram.message(READER, message.message_id).edits == 1
            topic = bot.services.topics[8]
            fake_telegram.press_button(
                READER, catalogue.message_id, f"t:{topic.slug}:0", inaccessible=True
            )
            await wait_until(
                lambda: fake_telegram.message(READER, catalogue.message_id).edits == 2,
                what="the keyboard edit",
            )

    asyncio.run(scenario())
    assert tracebacks(caplog) == []
    assert all(not a.get("show_alert") for a in fake_telegram.callback_answers)


def test_a_429_on_a_button_edit_still_stops_the_spinner(
    tmp_path: Path, fake_telegram: FakeTelegram, caplog
):
    caplog.set_level(logging.INFO)

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (catalogue,) = await bot.say(READER, "/topik")
            fake_telegram.fail_next("editMessageText", 429, retry_after=5)
            answer = await bot.press(READER, catalogue, "td")
            assert not answer.get("show_alert")

    asyncio.run(scenario())
    assert tracebacks(caplog) == []
