"""/topik: the catalogue, ✅/➕ toggles that edit the keyboard in place, paging."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from bot.present import texts
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import started_bot

READER = 3001


def labels(message) -> list[str]:
    return [b["text"] for b in message.buttons]


def test_toggle_on_one_page_then_done(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            topics = bot.services.topics
            assert len(topics) <= 12
            (catalogue,) = await bot.say(READER, "/topics")  # the English alias
            assert catalogue.plain_text.startswith(
                "Daftar topik\nKetuk ➕ untuk mengikuti, ✅ untuk berhenti, lalu Selesai.\n"
            )
            assert "halaman" not in catalogue.plain_text  # every topic on one page
            assert all(t.name in catalogue.plain_text for t in topics)
            assert catalogue.reply_markup["inline_keyboard"] == [
                *([{"text": f"➕ {t.name}", "callback_data": f"t:{t.slug}:0"}] for t in topics),
                [{"text": "✔️ Selesai", "callback_data": "td"}],
            ]

            first, last = topics[0], topics[-1]
            shown = catalogue.plain_text  # the record is updated by edits
            answer = await bot.press(READER, catalogue, f"t:{first.slug}:0")
            assert answer["text"] == texts.TOPIC_TOGGLED_ON.format(name=first.name)
            edited = fake_telegram.message(READER, catalogue.message_id)
            assert f"✅ {first.name}" in labels(edited)
            assert edited.plain_text == shown  # only the keyboard changed
            subs = bot.store.subscriptions(READER)
            assert [(s.kind, s.value) for s in subs] == [("topic", first.slug)]

            answer = await bot.press(READER, catalogue, f"t:{first.slug}:0")
            assert answer["text"] == texts.TOPIC_TOGGLED_OFF.format(name=first.name)
            assert f"➕ {first.name}" in labels(fake_telegram.message(READER, catalogue.message_id))
            assert bot.store.subscriptions(READER) == []

            await bot.press(READER, catalogue, f"t:{first.slug}:0")
            await bot.press(READER, catalogue, f"t:{last.slug}:0")
            # A button for a topic that no longer exists.
            gone = await bot.press(READER, catalogue, "t:topik-lama:0")
            assert gone["text"] == texts.TOPIC_GONE and gone.get("show_alert")

            await bot.press(READER, catalogue, "td")
            done = fake_telegram.message(READER, catalogue.message_id)
            assert done.plain_text == (
                f"✅ Anda mengikuti 2 topik: {first.name}, {last.name}.\n\n"
                "Berita baru akan saya kirimkan begitu terbit, dan ringkasannya setiap hari "
                "pukul 07.00 WIB. Ubah kapan saja dengan /topik, /langgananku, atau /pengaturan."
            )
            assert not done.buttons

    asyncio.run(scenario())


def test_a_catalogue_longer_than_a_page_is_paged():
    from bot.chat.handlers.topics import PAGE_SIZE, catalogue_keyboard, catalogue_text
    from bot.core.models import Topic

    topics = tuple(Topic(slug=f"t{i}", name=f"Topik {i}", description="") for i in range(15))
    first = catalogue_keyboard(topics, {"t1"}, 0).to_dict()["inline_keyboard"]
    assert len(first) == PAGE_SIZE + 2
    assert first[1] == [{"text": "✅ Topik 1", "callback_data": "t:t1:0"}]
    assert first[-2:] == [
        [{"text": texts.PAGER_NEXT, "callback_data": "tp:1"}],
        [{"text": "✔️ Selesai", "callback_data": "td"}],
    ]
    second = catalogue_keyboard(topics, set(), 1).to_dict()["inline_keyboard"]
    assert second[-2][0]["text"] == texts.PAGER_PREVIOUS and len(second) == 3 + 2
    assert "(halaman 2 dari 2)" in catalogue_text(topics, 1)


def test_group_members_cannot_toggle(tmp_path: Path, fake_telegram: FakeTelegram):
    group, owner, member = -500, 3100, 3101

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            fake_telegram.add_to_group(group, by_user_id=owner)
            await fake_telegram.wait_for_messages(1, group)
            (catalogue,) = await bot.say(owner, "/topik", chat_id=group, chat_type="group")
            slug = bot.services.topics[0].slug
            answer = await bot.press(member, catalogue, f"t:{slug}:0")
            assert answer["text"] == texts.GROUP_ADMINS_ONLY_SHORT
            assert bot.store.subscriptions(group) == []
            await bot.press(owner, catalogue, f"t:{slug}:0")
            assert [s.value for s in bot.store.subscriptions(group)] == [slug]
            refused = await bot.press(member, catalogue, "td")
            assert refused["text"] == texts.GROUP_ADMINS_ONLY_SHORT

            # A member sees the group's topics, read-only: no buttons.
            (view,) = await bot.say(member, "/topik", chat_id=group, chat_type="group")
            assert view.buttons == []
            name = bot.services.topics[0].name
            assert view.plain_text.startswith(
                f"Topik grup ini\n✅ diikuti grup ini.\n\n✅ {name} — "
            )
            assert view.plain_text.endswith("Hanya admin grup yang dapat mengubahnya.")
            await bot.press(owner, catalogue, "td")
            done = fake_telegram.message(group, catalogue.message_id)
            assert done.plain_text.startswith(f"✅ Grup ini mengikuti 1 topik: {name}.")

    asyncio.run(scenario())


def test_every_topic_slug_fits_a_deep_link_and_a_button():
    """t.me/<bot>?start=<slug>: 1-64 characters of A-Za-z0-9_-; the toggle's callback data
    t:<slug>:<page> must stay within 64 bytes."""
    from bot.chat.handlers.topics import catalogue_keyboard, page_count
    from bot.core.topics import load_topics
    from bot.runtime.services import Services
    from tests.support.harness import TOPICS_FILE

    topics = tuple(load_topics(TOPICS_FILE))
    services = Services()
    services.topics = topics
    for topic in topics:
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", topic.slug), topic.slug
        assert services.find_topic(topic.slug) is topic
    for page in range(page_count(topics)):
        keyboard = catalogue_keyboard(topics, set(), page).to_dict()["inline_keyboard"]
        assert sum(len(row) for row in keyboard) <= 100
        for row in keyboard:
            for button in row:
                assert 1 <= len(button["callback_data"].encode()) <= 64
