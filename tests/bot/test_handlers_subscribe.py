"""/langganan, /berhenti, /langgananku: topics by slug, name or alias; keywords; bad input."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot import texts
from bot.services import MAX_SUBSCRIPTIONS
from tests.bot.bot_harness import started_bot
from tests.fake_telegram import FakeTelegram

READER = 5001


def subscriptions(bot) -> list[tuple[str, str]]:
    return [(s.kind, s.value) for s in bot.services.store.subscriptions(READER)]


def test_topics_keywords_and_listing(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            usage = await bot.say(READER, "/langganan", replies=2)
            assert usage[0].plain_text.startswith("Tuliskan topik atau kata kunci")
            assert "Daftar topik" in usage[1].plain_text

            # A topic by alias (any case), by name, by slug.
            (by_alias,) = await bot.say(READER, "/langganan bpjs tk")
            assert "berlangganan topik BPJS Ketenagakerjaan" in by_alias.plain_text
            (by_name,) = await bot.say(READER, "/subscribe BPJS Kesehatan")
            assert "BPJS Kesehatan" in by_name.plain_text
            (again,) = await bot.say(READER, "/langganan bpjs-ketenagakerjaan")
            assert again.plain_text == "Anda sudah berlangganan topik BPJS Ketenagakerjaan."

            # Any other phrase is a keyword, stored as typed (spaces tidied).
            (keyword,) = await bot.say(READER, "/langganan   Kartu   Prakerja ")
            assert "kata kunci Kartu Prakerja" in keyword.plain_text
            (same,) = await bot.say(READER, "/langganan kartu prakerja")
            assert same.plain_text == "Anda sudah berlangganan kata kunci kartu prakerja."
            assert subscriptions(bot) == [
                ("topic", "bpjs-ketenagakerjaan"),
                ("topic", "bpjs-kesehatan"),
                ("keyword", "Kartu Prakerja"),
            ]

            # Bad keywords: only punctuation, too long, markup that must come back escaped.
            for bad in ("!!! ???", "x" * 65):
                (refused,) = await bot.say(READER, f"/langganan {bad}")
                assert refused.plain_text.startswith("Maaf, kata kunci itu tidak bisa")
            (tagged,) = await bot.say(READER, "/langganan <b>iuran</b> & denda")
            assert "<b>iuran</b> & denda" in tagged.plain_text

            (listing,) = await bot.say(READER, "/langgananku")
            text = listing.plain_text
            assert "BPJS Ketenagakerjaan" in text and "BPJS Kesehatan" in text
            assert "Kartu Prakerja" in text and "<b>iuran</b> & denda" in text
            assert "07.00 WIB" in text

            (stop_usage,) = await bot.say(READER, "/berhenti")
            assert stop_usage.plain_text.startswith("Tuliskan topik atau kata kunci yang ingin")
            (stopped,) = await bot.say(READER, "/unsubscribe KARTU PRAKERJA")
            assert "tidak lagi berlangganan kata kunci" in stopped.plain_text
            (stopped_topic,) = await bot.say(READER, "/berhenti bpjs kesehatan")
            assert "tidak lagi berlangganan topik BPJS Kesehatan" in stopped_topic.plain_text
            (not_subscribed,) = await bot.say(READER, "/berhenti koperasi")
            assert not_subscribed.plain_text.startswith("Anda tidak sedang berlangganan Koperasi")
            assert ("keyword", "Kartu Prakerja") not in subscriptions(bot)

    asyncio.run(scenario())


def test_subscription_limit_and_empty_listing(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (empty,) = await bot.say(READER, "/mysubs")
            assert empty.plain_text.startswith("Anda belum berlangganan apa pun")
            store = bot.services.store
            store.upsert_chat(READER)
            for n in range(MAX_SUBSCRIPTIONS):
                store.add_subscription(READER, "keyword", f"kata {n}")
            (refused,) = await bot.say(READER, "/langganan satu lagi")
            assert refused.plain_text == texts.TOO_MANY_SUBSCRIPTIONS.format(
                count=MAX_SUBSCRIPTIONS
            )
            (refused_topic,) = await bot.say(READER, "/langganan koperasi")
            assert "batas" in refused_topic.plain_text
            assert len(store.subscriptions(READER)) == MAX_SUBSCRIPTIONS

    asyncio.run(scenario())
