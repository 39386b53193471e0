"""Groups that become supergroups, and channels whose admins post the commands.

The fake Bot API has no helper for these two update kinds, so the tests queue them the way
Telegram sends them (through the server's update queue).
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.delivery.digest_queue import due_digests
from bot.present import texts
from tests.support.fake_telegram import FakeTelegram, command_entities
from tests.support.harness import started_bot, store_article, wait_until

OWNER = 7101
READER_OF_CHANNEL = 7102


def queue_update(server: FakeTelegram, kind: str, body: dict[str, Any]) -> None:
    with server._lock:
        server._push_update(kind, body)


def test_group_migrating_to_a_supergroup_keeps_its_subscriptions(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    group, supergroup = -300, -1000000000300

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            fake_telegram.add_to_group(group, by_user_id=OWNER, title="Warga RT 5")
            await fake_telegram.wait_for_messages(1, group)
            await bot.say(OWNER, "/langganan pajak", chat_id=group, chat_type="group")
            store = bot.store
            store.update_chat(group, digest_hour=19)

            queue_update(
                fake_telegram,
                "message",
                {
                    "message_id": 99,
                    "date": int(time.time()),
                    "chat": {"id": group, "type": "group", "title": "Warga RT 5"},
                    "from": {"id": OWNER, "is_bot": False, "first_name": "Budi"},
                    "migrate_to_chat_id": supergroup,
                },
            )
            await wait_until(lambda: store.get_chat(supergroup) is not None, what="new chat")
            moved = store.get_chat(supergroup)
            assert (moved.chat_type, moved.title, moved.digest_hour) == (
                "supergroup",
                "Warga RT 5",
                19,
            )
            assert [(s.kind, s.value) for s in store.subscriptions(supergroup)] == [
                ("topic", "pajak")
            ]
            assert not store.get_chat(group).active
            # Nothing to reschedule: the digest sweep reads the moved chat at its hour.
            seven_pm = datetime(2025, 3, 3, 19, tzinfo=ZoneInfo("Asia/Jakarta"))
            subscribed = {s.chat_id for s in store.all_subscriptions()}
            due = due_digests(
                store.chats(active_only=False),
                subscribed,
                seven_pm + timedelta(seconds=20),
                since=seven_pm - timedelta(seconds=10),
            )
            assert due == [supergroup]

    asyncio.run(scenario())


def test_channel_admins_subscribe_with_channel_posts(tmp_path: Path, fake_telegram: FakeTelegram):
    channel = -1000000000777
    chat = {"id": channel, "type": "channel", "title": "Kanal Info UMKM"}

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            fake_telegram.add_to_group(
                channel, by_user_id=OWNER, title="Kanal Info UMKM", chat_type="channel"
            )
            (greeting,) = await fake_telegram.wait_for_messages(1, channel)
            assert greeting.plain_text == texts.CHANNEL_ADDED  # not the group's "admin grup"
            text = "/langganan umkm"
            queue_update(
                fake_telegram,
                "channel_post",
                {
                    "message_id": 5,
                    "date": int(time.time()),
                    "chat": chat,
                    "sender_chat": chat,
                    "text": text,
                    "entities": command_entities(text),
                },
            )
            (reply,) = (await fake_telegram.wait_for_messages(2, channel))[1:]
            assert "mengikuti topik UMKM" in reply.plain_text
            subs = bot.store.subscriptions(channel)
            assert [(s.kind, s.value) for s in subs] == [("topic", "umkm")]
            assert bot.store.get_chat(channel).chat_type == "channel"

            # The catalogue's buttons are seen by every reader of the channel: only its
            # admins may press them.
            text = "/topik"
            queue_update(
                fake_telegram,
                "channel_post",
                {
                    "message_id": 6,
                    "date": int(time.time()),
                    "chat": chat,
                    "sender_chat": chat,
                    "text": text,
                    "entities": command_entities(text),
                },
            )
            catalogue = (await fake_telegram.wait_for_messages(3, channel))[2]
            answer = await bot.press(READER_OF_CHANNEL, catalogue, "t:koperasi:0")
            assert answer["text"] == texts.GROUP_ADMINS_ONLY_SHORT
            await bot.press(OWNER, catalogue, "t:koperasi:0")
            subs = bot.store.subscriptions(channel)
            assert sorted(s.value for s in subs) == ["koperasi", "umkm"]

    asyncio.run(scenario())


def test_migration_seen_only_from_the_new_supergroup(tmp_path: Path, fake_telegram: FakeTelegram):
    """The "migrated from" service message in the new supergroup moves the chat too (the two
    service messages come in either order, and the old group's may be the one missed)."""
    group, supergroup = -301, -1000000000301

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            fake_telegram.add_to_group(group, by_user_id=OWNER, title="Warga RT 6")
            await fake_telegram.wait_for_messages(1, group)
            await bot.say(OWNER, "/langganan koperasi", chat_id=group, chat_type="group")
            store = bot.store
            for kind, chat_id, field, other in (
                ("supergroup", supergroup, "migrate_from_chat_id", group),
                ("group", group, "migrate_to_chat_id", supergroup),
            ):
                queue_update(
                    fake_telegram,
                    "message",
                    {
                        "message_id": 98,
                        "date": int(time.time()),
                        "chat": {"id": chat_id, "type": kind, "title": "Warga RT 6"},
                        "from": {"id": OWNER, "is_bot": False, "first_name": "Budi"},
                        field: other,
                    },
                )
                await bot.settle()
                assert [(s.kind, s.value) for s in store.subscriptions(supergroup)] == [
                    ("topic", "koperasi")
                ]
                assert not store.get_chat(group).active

    asyncio.run(scenario())


def test_commands_with_the_bot_name_and_from_anonymous_admins(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    group = -1000000000302
    member = 7103
    title = "Paguyuban UMKM"

    def group_message(text: str, *, anonymous: bool) -> dict[str, Any]:
        chat = {"id": group, "type": "supergroup", "title": title}
        body: dict[str, Any] = {
            "message_id": int(time.time() * 1000) % 1_000_000,
            "date": int(time.time()),
            "chat": chat,
            "text": text,
            "entities": command_entities(text),
        }
        if anonymous:  # an admin posting as the group: Telegram's GroupAnonymousBot
            body["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
            body["sender_chat"] = chat
        else:
            body["from"] = {"id": member, "is_bot": False, "first_name": "Siti"}
        return body

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            fake_telegram.add_to_group(group, by_user_id=OWNER, title=title, chat_type="supergroup")
            await fake_telegram.wait_for_messages(1, group)
            store = bot.store

            # "/cari@<this bot>" is answered; a command for another bot is not.
            (found,) = await bot.say(
                member, "/cari@warta_test_bot bpjs", chat_id=group, chat_type="supergroup"
            )
            assert "Hasil pencarian" in found.plain_text
            await bot.say(
                member, "/cari@bot_lain bpjs", chat_id=group, chat_type="supergroup", replies=0
            )
            # Plain chatter in a group is not answered.
            await bot.say(
                member, "iuran bpjs naik ya?", chat_id=group, chat_type="supergroup", replies=0
            )
            assert len(fake_telegram.sent_messages(group)) == 2

            # A member may not subscribe the group; an anonymous admin may.
            (refused,) = await bot.say(
                member, "/langganan@warta_test_bot umkm", chat_id=group, chat_type="supergroup"
            )
            assert refused.plain_text == texts.GROUP_ADMINS_ONLY
            queue_update(fake_telegram, "message", group_message("/langganan umkm", anonymous=True))
            await fake_telegram.wait_for_messages(4, group)
            assert [(s.kind, s.value) for s in store.subscriptions(group)] == [("topic", "umkm")]

    asyncio.run(scenario())


def test_a_group_is_spoken_to_as_a_group(tmp_path: Path, fake_telegram: FakeTelegram):
    """The welcome, /bantuan, read-only views for members, and /ringkasan at most once an
    hour for members (admins any time)."""
    group, member = -1000000000303, 7104

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:
            fake_telegram.add_to_group(
                group, by_user_id=OWNER, title="Warga", chat_type="supergroup"
            )
            (welcome,) = await fake_telegram.wait_for_messages(1, group)
            assert welcome.text == texts.GROUP_ADDED
            assert welcome.plain_text.startswith("Halo semuanya! 👋 Terima kasih telah")
            assert welcome.reply_markup == {
                "inline_keyboard": [[{"text": "📌 Pilih topik", "callback_data": "st:topics"}]]
            }
            await bot.press(OWNER, welcome, "st:topics")
            catalogue = fake_telegram.sent_messages(group)[-1]
            assert catalogue.plain_text.startswith("Daftar topik") and catalogue.buttons

            async def say(user: int, text: str):
                (answer,) = await bot.say(user, text, chat_id=group, chat_type="supergroup")
                return answer

            help_text = await say(member, "/bantuan")
            assert help_text.plain_text.startswith("Perintah Warta di grup ini")
            assert "/ringkasan — ringkasan berita grup ini" in help_text.plain_text
            assert "pertanyaannya saya jawab di obrolan pribadi" in help_text.plain_text
            assert "/help" not in help_text.plain_text

            (subscribed,) = await bot.say(
                OWNER, "/langganan bpjs ketenagakerjaan", chat_id=group, chat_type="supergroup"
            )
            assert subscribed.plain_text == (
                "✅ Grup ini sekarang mengikuti topik BPJS Ketenagakerjaan."
            )
            # Members see the settings and the subscriptions without buttons.
            settings = await say(member, "/pengaturan")
            assert settings.buttons == []
            assert settings.plain_text.endswith("Hanya admin grup yang dapat mengubahnya.")
            listing = await say(member, "/langgananku")
            assert listing.buttons == []
            assert listing.plain_text.startswith("Yang diikuti grup ini\n\nTopik:\n• BPJS")
            own = await say(OWNER, "/langgananku")
            assert [b["text"] for b in own.buttons] == ["✖ 📌 BPJS Ketenagakerjaan"]
            assert (await say(OWNER, "/pengaturan")).buttons
            linked = await say(OWNER, "/start umkm")  # t.me/<bot>?startgroup=umkm
            assert linked.plain_text == "✅ Grup ini sekarang mengikuti topik UMKM."

            # /ringkasan: a member first, then again within the hour: refused politely.
            store_article(  # news of this morning (the seed article is of 2020)
                bot.services,
                title="Klaim JHT BPJS Ketenagakerjaan Kini Bisa Lewat Aplikasi",
                paragraphs=["Peserta kini dapat mengajukan klaim Jaminan Hari Tua lewat aplikasi."],
                bullets=["Klaim JHT cukup lewat aplikasi."],
                url="https://contoh.id/klaim-jht-aplikasi",
                topics=["bpjs-ketenagakerjaan"],
                when=datetime.now(UTC) - timedelta(hours=8),
            )
            digest = await say(member, "/ringkasan")
            assert digest.plain_text.startswith("📰 Ringkasan berita grup ini\n24 jam terakhir")
            wait = await say(member, "/ringkasan")
            assert wait.plain_text.startswith("Ringkasan grup ini terakhir dikirim hari ini pukul ")
            assert "sekali sejam; silakan coba lagi setelah pukul " in wait.plain_text
            # An admin may ask any time (nothing new since the last one).
            again = await say(OWNER, "/ringkasan")
            assert again.plain_text.startswith("Belum ada berita baru sejak ringkasan terakhir")

    asyncio.run(scenario())
