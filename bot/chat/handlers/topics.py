"""/topik: the topic catalogue with ✅/➕ toggles (paged only past 12 topics) and "Selesai";
toggling edits the keyboard, "Selesai" turns the message into a summary. Group members who
are not admins see the group's topics without buttons."""

from __future__ import annotations

import math

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat.context import MAX_SUBSCRIPTIONS, WartaContext
from bot.chat.handlers.common import (
    GROUP_TYPES,
    MANAGE_UPDATES,
    edit,
    edit_markup,
    html,
    known_chat,
    remember_chat,
    remember_thread,
    reply,
    services,
)
from bot.chat.handlers.groups import can_manage, refuse_non_admin
from bot.core.models import ChatSettings, Topic
from bot.present import texts
from bot.present.callbacks import TOPICS_DONE, TopicsPage, TopicToggle, exact
from bot.present.timefmt import timezone_label

PAGE_SIZE = 12  # the whole catalogue (11 topics) on one page


def page_count(topics: tuple[Topic, ...]) -> int:
    return max(1, math.ceil(len(topics) / PAGE_SIZE))


def catalogue_text(topics: tuple[Topic, ...], page: int) -> str:
    shown = topics[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    pages = page_count(topics)
    if pages > 1:
        header = texts.TOPICS_HEADER_PAGED.format(page=page + 1, pages=pages)
    else:
        header = texts.TOPICS_HEADER
    lines = [
        texts.TOPIC_LINE.format(name=html(t.name), description=html(t.description)) for t in shown
    ]
    return header + "".join(lines)


def read_only_text(topics: tuple[Topic, ...], subscribed: set[str]) -> str:
    """The catalogue for a group member who may not change it: ✅ on the group's topics."""
    lines = [
        (texts.TOPIC_LINE_FOLLOWED if t.slug in subscribed else texts.TOPIC_LINE).format(
            name=html(t.name), description=html(t.description)
        )
        for t in topics
    ]
    return texts.TOPICS_HEADER_READ_ONLY + "".join(lines) + texts.READ_ONLY_NOTE


def catalogue_keyboard(
    topics: tuple[Topic, ...], subscribed: set[str], page: int
) -> InlineKeyboardMarkup:
    """One toggle button per topic on this page, then ◀ ▶ when there are other pages."""
    shown = topics[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows = [
        [
            InlineKeyboardButton(
                (texts.TOPIC_BUTTON_ON if t.slug in subscribed else texts.TOPIC_BUTTON_OFF).format(
                    name=t.name
                ),
                callback_data=TopicToggle(t.slug, page).encode(),
            )
        ]
        for t in shown
    ]
    nav = []
    if page > 0:
        previous = TopicsPage(page - 1).encode()
        nav.append(InlineKeyboardButton(texts.PAGER_PREVIOUS, callback_data=previous))
    if page + 1 < page_count(topics):
        nav.append(
            InlineKeyboardButton(texts.PAGER_NEXT, callback_data=TopicsPage(page + 1).encode())
        )
    if nav:
        rows.append(nav)
    rows.append([InlineKeyboardButton(texts.BUTTON_DONE, callback_data=TOPICS_DONE)])
    return InlineKeyboardMarkup(rows)


async def subscribed_topics(context: WartaContext, chat_id: int) -> set[str]:
    subscriptions = await services(context).db.subscriptions(chat_id)
    return {s.value for s in subscriptions if s.kind == "topic"}


async def subscribe_topic(
    context: WartaContext, chat_id: int, slug: str
) -> tuple[bool, str | None]:
    """Subscribe a chat to a topic: (added, refusal text when over the limit)."""
    db = services(context).db
    current = await db.subscriptions(chat_id)
    if any(s.kind == "topic" and s.value == slug for s in current):
        return False, None
    if len(current) >= MAX_SUBSCRIPTIONS:
        return False, texts.TOO_MANY_SUBSCRIPTIONS.format(count=len(current))
    added = await db.add_subscription(chat_id, "topic", slug)
    return added, None


async def send_catalogue(update: Update, context: WartaContext, page: int = 0) -> None:
    chat = update.effective_chat
    topics = services(context).topics
    if chat is None:
        return
    if not topics:
        await reply(update, texts.TOPICS_EMPTY)
        return
    subscribed = await subscribed_topics(context, chat.id)
    if not await can_manage(update, context):
        await reply(update, read_only_text(topics, subscribed))
        return
    await reply(
        update,
        catalogue_text(topics, page),
        reply_markup=catalogue_keyboard(topics, subscribed, page),
    )


async def topics_command(update: Update, context: WartaContext) -> None:
    await remember_chat(update, context)
    await send_catalogue(update, context)


def _within(page: int, topics: tuple[Topic, ...]) -> int:
    """A page of the catalogue, whatever page a button asks for."""
    return min(max(page, 0), page_count(topics) - 1)


async def on_toggle(update: Update, context: WartaContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    pressed = TopicToggle.parse(query.data) or TopicToggle("", 0)
    slug = pressed.slug
    s = services(context)
    topic = s.topic(slug)
    if topic is None:
        await query.answer(texts.TOPIC_GONE, show_alert=True)
        return
    stored = await remember_chat(update, context)
    if slug in await subscribed_topics(context, chat.id):
        await s.db.remove_subscription(chat.id, "topic", slug)
        notice = texts.TOPIC_TOGGLED_OFF.format(name=topic.name)
    else:
        _, refusal = await subscribe_topic(context, chat.id, slug)
        if refusal:
            await query.answer(refusal, show_alert=True)  # plain text: no tags in it
            return
        await remember_thread(update, context, stored)
        notice = texts.TOPIC_TOGGLED_ON.format(name=topic.name)
    page = _within(pressed.page, s.topics)
    await edit_markup(
        update, catalogue_keyboard(s.topics, await subscribed_topics(context, chat.id), page)
    )
    await query.answer(notice)


async def on_page(update: Update, context: WartaContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    topics = services(context).topics
    pressed = TopicsPage.parse(query.data) or TopicsPage(0)
    page = _within(pressed.page, topics)
    keyboard = catalogue_keyboard(topics, await subscribed_topics(context, chat.id), page)
    await edit(update, catalogue_text(topics, page), reply_markup=keyboard)
    await query.answer()


async def done_text(context: WartaContext, chat: ChatSettings) -> str:
    """The summary that replaces the catalogue after "Selesai"."""
    s = services(context)
    subscribed = await subscribed_topics(context, chat.chat_id)
    names = [t.name for t in s.topics if t.slug in subscribed]
    if not names:
        return texts.TOPICS_DONE_NONE
    template = texts.TOPICS_DONE_GROUP if chat.chat_type in GROUP_TYPES else texts.TOPICS_DONE
    hour = f"{chat.digest_hour:02d}.00 {timezone_label(chat.timezone)}"
    if chat.paused:
        schedule = texts.SCHEDULE_PAUSED
    elif chat.mode == "digest":
        schedule = texts.SCHEDULE_DIGEST.format(hour=hour)
    else:
        schedule = texts.SCHEDULE_INSTANT.format(hour=hour)
    return template.format(count=len(names), names=html(", ".join(names)), schedule=schedule)


async def on_done(update: Update, context: WartaContext) -> None:
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    chat = await known_chat(update, context)
    await edit(update, await done_text(context, chat))
    await query.answer()


def register(application: Application) -> None:
    application.add_handler(
        CommandHandler(["topik", "topics"], topics_command, filters=MANAGE_UPDATES)
    )
    application.add_handler(CallbackQueryHandler(on_toggle, pattern=TopicToggle.pattern()))
    application.add_handler(CallbackQueryHandler(on_page, pattern=TopicsPage.pattern()))
    application.add_handler(CallbackQueryHandler(on_done, pattern=exact(TOPICS_DONE)))
