"""Help, unknown commands, and the error handler: log first, apologise, never leak the token."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from bot import texts
from tests.bot.bot_harness import started_bot
from tests.fake_telegram import TOKEN, FakeTelegram

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
    errors = [r for r in caplog.records if r.name == "bot.handlers.errors"]
    assert errors and "error while handling update" in errors[0].getMessage()
    assert TOKEN not in caplog.text


def test_command_menu_failure_is_not_fatal(tmp_path: Path, fake_telegram: FakeTelegram, caplog):
    caplog.set_level(logging.WARNING, logger="bot.app")
    fake_telegram.fail_next("setMyCommands", 400, description="Bad Request: BOT_COMMANDS_TOO_MUCH")

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (help_text,) = await bot.say(READER, "/help")
            assert "Perintah Warta" in help_text.plain_text

    asyncio.run(scenario())
    assert fake_telegram.commands == {}
    assert any("could not set the bot's command menu" in r.getMessage() for r in caplog.records)
