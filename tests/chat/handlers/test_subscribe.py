"""/langganan, /berhenti, /langgananku: topics by slug, name or alias; keywords; bad input."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.chat.context import MAX_SUBSCRIPTIONS
from bot.present import texts
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import started_bot

READER = 5001


def subscriptions(bot) -> list[tuple[str, str]]:
    return [(s.kind, s.value) for s in bot.store.subscriptions(READER)]


def test_topics_keywords_and_listing(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            usage = await bot.say(READER, "/langganan", replies=2)
            assert usage[0].plain_text.startswith("Tuliskan topik atau kata kunci")
            assert "Daftar topik" in usage[1].plain_text

            # A topic by alias (any case), by name, by slug.
            (by_alias,) = await bot.say(READER, "/langganan bpjs tk")
            assert "mengikuti topik BPJS Ketenagakerjaan" in by_alias.plain_text
            (by_name,) = await bot.say(READER, "/subscribe BPJS Kesehatan")
            assert "BPJS Kesehatan" in by_name.plain_text
            (again,) = await bot.say(READER, "/langganan bpjs-ketenagakerjaan")
            assert again.plain_text == "Anda sudah mengikuti topik BPJS Ketenagakerjaan."

            # Any other phrase is a keyword, stored as typed (spaces tidied).
            (keyword,) = await bot.say(READER, "/langganan   Kartu   Prakerja ")
            assert "kata kunci Kartu Prakerja" in keyword.plain_text
            (same,) = await bot.say(READER, "/langganan kartu prakerja")
            assert same.plain_text == "Anda sudah mengikuti kata kunci kartu prakerja."
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
            assert listing.plain_text == (
                "Yang Anda ikuti\n\nTopik:\n• BPJS Ketenagakerjaan\n• BPJS Kesehatan\n\n"
                "Kata kunci:\n• Kartu Prakerja\n• <b>iuran</b> & denda\n\n"
                "Mode: berita langsung + ringkasan harian. Ringkasan harian pukul 07.00 WIB. "
                "Ubah di /pengaturan.\nKetuk ✖ untuk berhenti mengikuti."
            )
            ids = [sub.id for sub in bot.store.subscriptions(READER)]
            assert listing.reply_markup["inline_keyboard"] == [
                [{"text": "✖ 📌 BPJS Ketenagakerjaan", "callback_data": f"x:{ids[0]}"}],
                [{"text": "✖ 📌 BPJS Kesehatan", "callback_data": f"x:{ids[1]}"}],
                [{"text": "✖ 🔑 Kartu Prakerja", "callback_data": f"x:{ids[2]}"}],
                [{"text": "✖ 🔑 <b>iuran</b> & denda", "callback_data": f"x:{ids[3]}"}],
            ]

            # /berhenti alone: the same list; a tap removes one and edits the list in place.
            (stop_list,) = await bot.say(READER, "/berhenti")
            assert stop_list.plain_text == listing.plain_text
            answer = await bot.press(READER, stop_list, f"x:{ids[3]}")
            assert answer["text"] == "Berhenti mengikuti <b>iuran</b> & denda."
            edited = fake_telegram.message(READER, stop_list.message_id)
            assert "denda" not in edited.plain_text
            assert len(edited.buttons) == 3
            again = await bot.press(READER, stop_list, f"x:{ids[3]}")  # pressed twice
            assert again["text"] == texts.ALREADY_REMOVED
            (stopped,) = await bot.say(READER, "/unsubscribe KARTU PRAKERJA")
            assert "tidak lagi mengikuti kata kunci" in stopped.plain_text
            (stopped_topic,) = await bot.say(READER, "/berhenti bpjs kesehatan")
            assert "tidak lagi mengikuti topik BPJS Kesehatan" in stopped_topic.plain_text
            (not_subscribed,) = await bot.say(READER, "/berhenti koperasi")
            assert not_subscribed.plain_text.startswith("Anda tidak sedang mengikuti Koperasi")
            assert ("keyword", "Kartu Prakerja") not in subscriptions(bot)

    asyncio.run(scenario())


def test_subscription_limit_and_empty_listing(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (empty,) = await bot.say(READER, "/mysubs")
            assert empty.plain_text.startswith("Anda belum mengikuti topik atau kata kunci apa pun")
            store = bot.store
            store.upsert_chat(READER)
            for n in range(MAX_SUBSCRIPTIONS):
                store.add_subscription(READER, "keyword", f"kata {n}")
            (refused,) = await bot.say(READER, "/langganan pupuk subsidi")
            assert refused.plain_text == texts.TOO_MANY_SUBSCRIPTIONS.format(
                count=MAX_SUBSCRIPTIONS
            )
            (refused_topic,) = await bot.say(READER, "/langganan koperasi")
            assert "batas" in refused_topic.plain_text
            assert len(store.subscriptions(READER)) == MAX_SUBSCRIPTIONS

    asyncio.run(scenario())


def test_vague_keywords_are_refused_with_an_example(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            for vague in ("a", "di", "yang", "berita terbaru", "yg"):
                (refused,) = await bot.say(READER, f"/langganan {vague}")
                assert refused.text == texts.KEYWORD_TOO_VAGUE.format(keyword=vague, min_length=3)
            assert "<code>/langganan iuran bpjs</code>" in texts.KEYWORD_TOO_VAGUE
            assert subscriptions(bot) == []

    asyncio.run(scenario())


def test_a_keyword_naming_topics_offers_them(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            (offer,) = await bot.say(READER, "/langganan bpjs")
            assert offer.plain_text.startswith("Ada topik untuk bpjs.")
            assert offer.plain_text.endswith("Mau ikuti yang mana?")
            rows = offer.reply_markup["inline_keyboard"]
            labels = [[b["text"] for b in row] for row in rows]
            assert labels == [
                ["📌 BPJS Ketenagakerjaan"],
                ["📌 BPJS Kesehatan"],
                ["✏️ Tetap ikuti “bpjs”"],
            ]
            # The text does not repeat what the buttons say.
            assert "Ketenagakerjaan" not in offer.plain_text and "Tetap" not in offer.plain_text
            assert all(len(b["callback_data"].encode()) <= 64 for row in rows for b in row)
            assert subscriptions(bot) == []  # nothing saved until a tap
            await bot.press(READER, offer, rows[1][0]["callback_data"])
            taken = fake_telegram.message(READER, offer.message_id)
            assert taken.plain_text == "✅ Anda sekarang mengikuti topik BPJS Kesehatan."
            # The other choices stay, the one taken marked: a second is one more tap.
            assert [b["text"] for b in taken.buttons] == [
                "📌 BPJS Ketenagakerjaan",
                "✅ 📌 BPJS Kesehatan",
                "✏️ Tetap ikuti “bpjs”",
            ]
            await bot.press(READER, offer, rows[2][0]["callback_data"])
            assert subscriptions(bot) == [("topic", "bpjs-kesehatan"), ("keyword", "bpjs")]
            both = fake_telegram.message(READER, offer.message_id)
            assert [b["text"] for b in both.buttons] == [
                "📌 BPJS Ketenagakerjaan",
                "✅ 📌 BPJS Kesehatan",
                "✅ ✏️ Tetap ikuti “bpjs”",
            ]
            again = await bot.press(READER, offer, rows[1][0]["callback_data"])
            assert "text" not in again  # nothing new: the message says it is followed already
            assert fake_telegram.message(READER, offer.message_id).plain_text == (
                "Anda sudah mengikuti topik BPJS Kesehatan."
            )
            stale = await bot.press(READER, offer, "so:nope:0")
            assert stale["text"] == texts.BUTTON_EXPIRED

    asyncio.run(scenario())


def test_a_misspelt_keyword_gets_did_you_mean(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:  # the seed article is stored
            (offer,) = await bot.say(READER, "/langganan bpjs kesehatn")
            assert offer.plain_text == (
                "Belum ada berita yang menyebut bpjs kesehatn. Mungkin maksud Anda salah satu ini?"
            )
            labels = [[b["text"] for b in row] for row in offer.reply_markup["inline_keyboard"]]
            assert labels == [["📌 BPJS Kesehatan"], ["✏️ Tetap ikuti “bpjs kesehatn”"]]

            # A word of the archive (the seed article's title): "gandeng".
            (archive,) = await bot.say(READER, "/langganan kemenkop gandng")
            rows = archive.reply_markup["inline_keyboard"]
            assert [[b["text"] for b in row] for row in rows] == [
                ["🔑 kemenkop gandeng"],
                ["✏️ Tetap ikuti “kemenkop gandng”"],
            ]
            await bot.press(READER, archive, rows[0][0]["callback_data"])
            assert subscriptions(bot) == [("keyword", "kemenkop gandeng")]
            kept = fake_telegram.message(READER, archive.message_id).buttons
            assert [b["text"] for b in kept] == [
                "✅ 🔑 kemenkop gandeng",
                "✏️ Tetap ikuti “kemenkop gandng”",
            ]

            # A keyword the archive has is saved straight away; so is one close to nothing.
            (saved,) = await bot.say(READER, "/langganan perlindungan")
            assert saved.plain_text.startswith("✅ Anda sekarang mengikuti kata kunci")
            (unknown,) = await bot.say(READER, "/langganan zxqwv")
            assert unknown.plain_text.startswith("✅ Anda sekarang mengikuti kata kunci")

    asyncio.run(scenario())


def test_a_mistyped_command_offers_the_right_one(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            (offer,) = await bot.say(READER, "/cri   bpjs")
            assert offer.plain_text == texts.DID_YOU_MEAN_COMMAND
            assert "/cari" not in offer.plain_text  # the button names it, once
            (row,) = offer.reply_markup["inline_keyboard"]
            assert [b["text"] for b in row] == ["▶️ /cari bpjs"]
            sent = len(fake_telegram.sent_messages(READER))
            await bot.press(READER, offer, row[0]["callback_data"])
            found = fake_telegram.sent_messages(READER)[sent]
            assert "Hasil pencarian bpjs" in found.plain_text

            (nothing,) = await bot.say(READER, "/qwertyuiop")
            assert nothing.plain_text == texts.UNKNOWN_COMMAND

    asyncio.run(scenario())
