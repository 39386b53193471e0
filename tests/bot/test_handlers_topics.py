"""/topik: the catalogue, ✅/➕ toggles that edit the keyboard in place, paging."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from bot import texts
from tests.bot.bot_harness import started_bot
from tests.fake_telegram import FakeTelegram

READER = 3001


def labels(message) -> list[str]:
    return [b["text"] for b in message.buttons]


def test_toggle_and_page_the_catalogue(tmp_path: Path, fake_telegram: FakeTelegram):
    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            topics = bot.services.topics
            (catalogue,) = await bot.say(READER, "/topics")  # the English alias
            assert "halaman 1 dari 2" in catalogue.plain_text
            assert topics[0].name in catalogue.plain_text
            assert all(len(b["callback_data"].encode()) <= 64 for b in catalogue.buttons)
            assert f"➕ {topics[0].name}" in labels(catalogue)
            assert labels(catalogue)[-1] == texts.PAGER_NEXT  # no ◀ on the first page

            slug = topics[0].slug
            answer = await bot.press(READER, catalogue, f"t:{slug}:0")
            assert answer["text"] == texts.TOPIC_TOGGLED_ON.format(name=topics[0].name)
            edited = fake_telegram.message(READER, catalogue.message_id)
            assert f"✅ {topics[0].name}" in labels(edited)
            assert edited.plain_text == catalogue.plain_text  # only the keyboard changed
            subs = bot.services.store.subscriptions(READER)
            assert [(s.kind, s.value) for s in subs] == [("topic", slug)]
            assert bot.app.job_queue.get_jobs_by_name(f"digest:{READER}")

            answer = await bot.press(READER, catalogue, f"t:{slug}:0")
            assert answer["text"] == texts.TOPIC_TOGGLED_OFF.format(name=topics[0].name)
            assert f"➕ {topics[0].name}" in labels(
                fake_telegram.message(READER, catalogue.message_id)
            )
            assert bot.services.store.subscriptions(READER) == []

            await bot.press(READER, catalogue, "tp:1")
            page2 = fake_telegram.message(READER, catalogue.message_id)
            assert "halaman 2 dari 2" in page2.plain_text
            assert topics[-1].name in page2.plain_text
            assert labels(page2)[-1] == texts.PAGER_PREVIOUS

            # A toggle on page 2 keeps page 2 on screen.
            await bot.press(READER, catalogue, f"t:{topics[-1].slug}:1")
            assert f"✅ {topics[-1].name}" in labels(
                fake_telegram.message(READER, catalogue.message_id)
            )

            # A button for a topic that no longer exists, and nonsense page numbers.
            gone = await bot.press(READER, catalogue, "t:topik-lama:0")
            assert gone["text"] == texts.TOPIC_GONE and gone.get("show_alert")
            await bot.press(READER, catalogue, "tp:abc")
            assert (
                "halaman 1 dari 2" in fake_telegram.message(READER, catalogue.message_id).plain_text
            )

    asyncio.run(scenario())


def test_group_members_cannot_toggle(tmp_path: Path, fake_telegram: FakeTelegram):
    group, owner, member = -500, 3100, 3101

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram, seed=False) as bot:
            fake_telegram.add_to_group(group, by_user_id=owner)
            await fake_telegram.wait_for_messages(1, group)
            (catalogue,) = await bot.say(member, "/topik", chat_id=group, chat_type="group")
            slug = bot.services.topics[0].slug
            answer = await bot.press(member, catalogue, f"t:{slug}:0")
            assert answer["text"] == texts.GROUP_ADMINS_ONLY_SHORT
            assert bot.services.store.subscriptions(group) == []
            await bot.press(owner, catalogue, f"t:{slug}:0")
            assert [s.value for s in bot.services.store.subscriptions(group)] == [slug]

    asyncio.run(scenario())


def test_every_topic_slug_fits_a_deep_link_and_a_button():
    """t.me/<bot>?start=<slug>: 1-64 characters of A-Za-z0-9_-; the toggle's callback data
    t:<slug>:<page> must stay within 64 bytes."""
    from bot.handlers.topics import catalogue_keyboard, page_count
    from bot.services import Services
    from bot.topics import load_topics
    from tests.bot.bot_harness import TOPICS_FILE

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
