"""What buttons remember lives in the database: /cari's ◀ ▶, an offer ("Mau ikuti …?")
and a command correction work after a restart and on another application sharing the
database, and answer "expired" once their state is more than a week old."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.chat import button_state
from bot.present import texts
from bot.present.callbacks import Correction, Offer, ResultsPage
from bot.storage import open_store
from tests.chat.handlers.test_search import numbers_on, seed_search_corpus
from tests.support.fake_telegram import FakeTelegram, SentMessage
from tests.support.harness import Harness, started_bot

READER = 4301


@dataclass
class Buttons:
    """The three messages whose buttons need what the bot remembered."""

    results: SentMessage  # /cari pupuk, page 1 of 3 with ▶
    offer: SentMessage  # /langganan bpjs: the two BPJS topics, or the keyword as typed
    correction: SentMessage  # /cri pupuk: "▶️ /cari pupuk"

    @property
    def next_page(self) -> str:
        return self.results.buttons[0]["callback_data"]

    @property
    def health_topic(self) -> str:
        return self.offer.reply_markup["inline_keyboard"][1][0]["callback_data"]

    @property
    def corrected(self) -> str:
        return self.correction.buttons[0]["callback_data"]


async def ask(bot: Harness) -> Buttons:
    """Send what makes the bot remember something for a button."""
    seed_search_corpus(bot)
    (results,) = await bot.say(READER, "/cari pupuk")
    assert [b["text"] for b in results.buttons] == [texts.PAGER_NEXT]
    (offer,) = await bot.say(READER, "/langganan bpjs")
    assert offer.plain_text.startswith("Ada topik untuk bpjs.")
    (correction,) = await bot.say(READER, "/cri pupuk")
    assert correction.buttons[0]["text"] == "▶️ /cari pupuk"
    return Buttons(results, offer, correction)


async def press_all(bot: Harness, telegram: FakeTelegram, buttons: Buttons) -> None:
    """Press the three buttons (on ``bot``, maybe not the application that sent them) and
    check that each did what it offered."""
    await bot.press(READER, buttons.results, buttons.next_page)
    page2 = telegram.message(READER, buttons.results.message_id)
    assert numbers_on(page2.plain_text) == [6, 7, 8, 9, 10]
    assert page2.plain_text.endswith("Ditemukan 12 hasil · halaman 2/3")

    await bot.press(READER, buttons.offer, buttons.health_topic)
    assert telegram.message(READER, buttons.offer.message_id).plain_text == (
        "✅ Anda sekarang mengikuti topik BPJS Kesehatan."
    )
    assert [(s.kind, s.value) for s in bot.store.subscriptions(READER)] == [
        ("topic", "bpjs-kesehatan")
    ]

    sent = len(telegram.sent_messages(READER))
    await bot.press(READER, buttons.correction, buttons.corrected)
    (found,) = telegram.sent_messages(READER)[sent:]
    assert "Hasil pencarian pupuk" in found.plain_text


def test_buttons_work_after_a_restart(
    tmp_path: Path, fake_telegram: FakeTelegram, database_url: str
) -> None:
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False, database=database_url) as bot:
            buttons = await ask(bot)
        # A new application on the same database: nothing of the first one's memory.
        async with started_bot(tmp_path, fake_telegram, seed=False, database=database_url) as bot:
            await press_all(bot, fake_telegram, buttons)
            assert not bot.app.chat_data.get(READER)  # nothing kept in the process's memory

    asyncio.run(scenario())


@pytest.mark.parametrize("backend", ["postgres"])
def test_another_application_on_the_same_database_answers_the_buttons(
    tmp_path: Path, fake_telegram: FakeTelegram, database_url: str
) -> None:
    """Two bot applications behind one token, up at the same time: the first answers the
    messages; once it stops taking updates, the second gets the presses."""

    async def scenario() -> None:
        first_running = started_bot(
            tmp_path / "first", fake_telegram, seed=False, database=database_url
        )
        first = await first_running.__aenter__()
        first_up = True
        try:
            buttons = await ask(first)
            async with started_bot(
                tmp_path / "second", fake_telegram, seed=False, database=database_url
            ) as second:
                first_up = False
                await first_running.__aexit__(None, None, None)  # only the second takes updates
                await press_all(second, fake_telegram, buttons)
                assert not second.app.chat_data.get(READER)
            assert not first.app.chat_data.get(READER)
        finally:
            if first_up:
                await first_running.__aexit__(None, None, None)

    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    asyncio.run(scenario())


def test_a_state_older_than_a_week_answers_expired(
    tmp_path: Path, fake_telegram: FakeTelegram, database_url: str
) -> None:
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False, database=database_url) as bot:
            buttons = await ask(bot)
            search = ResultsPage.parse(buttons.next_page)
            offer = Offer.parse(buttons.health_topic)
            correction = Correction.parse(buttons.corrected)
            assert search is not None and offer is not None and correction is not None
            keys = [
                button_state.state_key(button_state.SEARCH, search.key),
                button_state.state_key(button_state.OFFER, offer.key),
                button_state.state_key(button_state.CORRECTION, correction.key),
            ]
            # Write the same states again, eight days ago (a store with that clock).
            eight_days_ago = datetime.now(UTC) - timedelta(days=8)
            with open_store(database_url, clock=lambda: eight_days_ago) as then:
                for key in keys:
                    value = bot.store.reader_state(READER, key)
                    assert value is not None, key
                    then.put_reader_state(READER, key, value)
            assert [bot.store.reader_state(READER, key) for key in keys] == [None] * 3

            expired = await bot.press(READER, buttons.results, buttons.next_page)
            assert expired["text"] == texts.SEARCH_EXPIRED and expired.get("show_alert")
            page = bot.telegram.message(READER, buttons.results.message_id)
            assert numbers_on(page.plain_text) == [1, 2, 3, 4, 5]  # not edited
            for message, data in (
                (buttons.offer, buttons.health_topic),
                (buttons.correction, buttons.corrected),
            ):
                sent = len(fake_telegram.sent_messages(READER))
                expired = await bot.press(READER, message, data)
                assert expired["text"] == texts.BUTTON_EXPIRED and expired.get("show_alert")
                assert len(fake_telegram.sent_messages(READER)) == sent
            assert bot.store.subscriptions(READER) == []
            # The periodic clean-up deletes them (a write does it too).
            assert bot.store.purge_reader_state(datetime.now(UTC) - timedelta(days=7)) == 3

    asyncio.run(scenario())


def test_the_same_search_gets_the_same_short_token() -> None:
    """Content-addressed tokens: every process names the same search alike, and a key fits
    the callback data with room for the page."""
    query = button_state.encode("pupuk bersubsidi")
    token = button_state.token_for(button_state.SEARCH, query)
    assert token == button_state.token_for(button_state.SEARCH, query)
    assert token != button_state.token_for(button_state.CORRECTION, query)
    assert token != button_state.token_for(button_state.SEARCH, button_state.encode("pupuk"))
    assert len(token) == 8 and ":" not in token
    assert ResultsPage(token, 9999).fits() and Offer(token, 99).fits()
    assert button_state.encode("a\x00\ud800") == '"a\\u0000\\ud800"'  # storable anywhere
