"""Pushes say why they came, and carry "🔕 Berhenti ikuti …" (undoable) and share buttons."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.present import texts
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import started_bot

READER = 8001
GROUP, OWNER, MEMBER = -1000000000801, 8002, 8003
TITLE = "Pupuk Bersubsidi untuk Anggota Koperasi Tani Mulai Disalurkan"
PARAGRAPHS = [
    "Kementerian Pertanian mulai menyalurkan pupuk bersubsidi kepada anggota koperasi tani di "
    "sejumlah kabupaten sentra padi untuk musim tanam pertama tahun depan.",
    "Penyaluran melalui koperasi dinilai lebih tepat sasaran karena data anggota sudah "
    "tercatat dan diverifikasi oleh dinas pertanian setempat sejak awal tahun.",
    "Petani yang belum tergabung dalam koperasi diminta segera mendaftar agar tidak kehabisan "
    "kuota pupuk pada puncak musim tanam yang diperkirakan jatuh pada bulan Desember.",
]


def test_push_says_why_and_unfollows_in_one_tap(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            await bot.say(READER, "/langganan koperasi")
            (koperasi,) = bot.store.subscriptions(READER)
            count = len(fake_telegram.sent_messages(READER))
            when = datetime.now(UTC) - timedelta(minutes=5)
            bot.newsroom.publish("Antara", "pupuk", TITLE, PARAGRAPHS, when)
            assert await bot.poll() == 1
            push = (await fake_telegram.wait_for_messages(count + 1, READER))[-1]

            text, keyboard = push.plain_text, copy.deepcopy(push.reply_markup)  # before edits
            lines = text.splitlines()
            assert lines[0] == "📌 Koperasi"
            assert lines[1] == TITLE
            assert lines[2].startswith("Antara · Hari ini, ")  # one separator, today in words
            assert push.reply_markup == {
                "inline_keyboard": [
                    [{"text": "🔕 Berhenti ikuti Koperasi", "callback_data": f"pu:{koperasi.id}"}],
                    [{"text": "📤 Bagikan", "switch_inline_query": TITLE}],
                ]
            }

            answer = await bot.press(READER, push, f"pu:{koperasi.id}")
            assert answer["text"] == "Anda tidak lagi mengikuti Koperasi."
            assert bot.store.subscriptions(READER) == []
            shown = fake_telegram.message(READER, push.message_id)
            assert shown.plain_text == text and shown.edits == 1  # only the keyboard changed
            assert shown.reply_markup == {
                "inline_keyboard": [
                    [{"text": "↩️ Ikuti lagi", "callback_data": f"pf:{koperasi.id}"}],
                    [{"text": "📤 Bagikan", "switch_inline_query": TITLE}],
                ]
            }

            # Undo: the same subscription is back, and so is the unfollow button.
            answer = await bot.press(READER, push, f"pf:{koperasi.id}")
            assert answer["text"] == "✅ Anda kembali mengikuti Koperasi."
            assert [s.id for s in bot.store.subscriptions(READER)] == [koperasi.id]
            assert fake_telegram.message(READER, push.message_id).reply_markup == keyboard

            # The share button's query finds the story in inline mode.
            hits = bot.store.search(TITLE, limit=1)
            assert hits and hits[0].article.title == TITLE

            # Another chat's subscription id, and nonsense data, change nothing.
            bad = await bot.press(READER, push, "pf:99999")
            assert bad["text"] == texts.BUTTON_EXPIRED
            bad = await bot.press(READER, push, "pu:abc")
            assert bad["text"] == texts.BUTTON_EXPIRED
            assert len(bot.store.subscriptions(READER)) == 1

    asyncio.run(scenario())


def test_keyword_push_and_group_members_cannot_unfollow(
    tmp_path: Path, fake_telegram: FakeTelegram
):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            fake_telegram.add_to_group(GROUP, by_user_id=OWNER, chat_type="supergroup")
            await fake_telegram.wait_for_messages(1, GROUP)
            await bot.say(
                OWNER, "/langganan pupuk bersubsidi", chat_id=GROUP, chat_type="supergroup"
            )
            (keyword,) = bot.store.subscriptions(GROUP)
            count = len(fake_telegram.sent_messages(GROUP))
            when = datetime.now(UTC) - timedelta(minutes=5)
            bot.newsroom.publish("Antara", "pupuk", TITLE, PARAGRAPHS, when)
            assert await bot.poll() == 1
            push = (await fake_telegram.wait_for_messages(count + 1, GROUP))[-1]
            assert push.plain_text.splitlines()[0] == "🔑 pupuk bersubsidi"
            assert push.buttons[0] == {
                "text": "🔕 Berhenti ikuti pupuk bersubsidi",
                "callback_data": f"pu:{keyword.id}",
            }

            refused = await bot.press(MEMBER, push, f"pu:{keyword.id}")
            assert refused["text"] == texts.GROUP_ADMINS_ONLY_SHORT
            assert len(bot.store.subscriptions(GROUP)) == 1
            done = await bot.press(OWNER, push, f"pu:{keyword.id}")
            assert done["text"] == "Grup ini tidak lagi mengikuti pupuk bersubsidi."
            assert bot.store.subscriptions(GROUP) == []

    asyncio.run(scenario())


def test_push_keyboards_built_once_per_subscription_are_the_same_json():
    from bot.core.models import Subscription
    from bot.present.keyboards import PushKeyboards, push_keyboard_json

    keyboards = PushKeyboards()
    tricky = 'Judul berisi "pu:-7" dan \\"kutip\\"'
    for sub_id in (1, 7, 123456789):
        sub = Subscription(chat_id=5, kind="keyword", value="pu:-7", id=sub_id)
        assert keyboards.json(sub, "pu:-7", tricky) == push_keyboard_json(sub, "pu:-7", tricky)
