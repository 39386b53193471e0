"""/langganan, /berhenti and /langgananku: topic and keyword subscriptions."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import texts
from bot.handlers.common import (
    MANAGE_UPDATES,
    argument_text,
    html,
    known_chat,
    remember_chat,
    reply,
    services,
)
from bot.handlers.groups import can_manage, refuse_non_admin
from bot.handlers.topics import send_catalogue, subscribe_topic
from bot.jobs import ensure_digest_job
from bot.match import MAX_KEYWORD_LENGTH, normalise_keyword
from bot.services import MAX_SUBSCRIPTIONS, WartaContext
from bot.timefmt import timezone_label


async def subscribe(update: Update, context: WartaContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    wanted = argument_text(update)
    if not wanted:
        await reply(update, texts.SUBSCRIBE_USAGE)
        await send_catalogue(update, context)
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    remember_chat(update, context)
    s = services(context)
    topic = s.find_topic(wanted)
    if topic is not None:
        added, refusal = subscribe_topic(context, chat.id, topic.slug)
        template = texts.SUBSCRIBED_TOPIC if added else texts.ALREADY_TOPIC
        await reply(update, refusal or template.format(topic=html(topic.name)))
        return
    keyword = normalise_keyword(wanted)
    if keyword is None:
        await reply(update, texts.KEYWORD_INVALID.format(max_length=MAX_KEYWORD_LENGTH))
        return
    current = s.store.subscriptions(chat.id)
    if any(sub.kind == "keyword" and sub.value.casefold() == keyword.casefold() for sub in current):
        await reply(update, texts.ALREADY_KEYWORD.format(keyword=html(keyword)))
        return
    if len(current) >= MAX_SUBSCRIPTIONS:
        await reply(update, texts.TOO_MANY_SUBSCRIPTIONS.format(count=len(current)))
        return
    s.store.add_subscription(chat.id, "keyword", keyword)
    stored = s.store.get_chat(chat.id)
    if stored is not None and context.job_queue is not None:
        ensure_digest_job(context.job_queue, stored)
    await reply(update, texts.SUBSCRIBED_KEYWORD.format(keyword=html(keyword)))


async def unsubscribe(update: Update, context: WartaContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    wanted = argument_text(update)
    if not wanted:
        await reply(update, texts.UNSUBSCRIBE_USAGE)
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    store = services(context).store
    topic = services(context).find_topic(wanted)
    if topic is not None and store.remove_subscription(chat.id, "topic", topic.slug):
        await reply(update, texts.UNSUBSCRIBED_TOPIC.format(topic=html(topic.name)))
        return
    keyword = normalise_keyword(wanted)
    if keyword is not None and store.remove_subscription(chat.id, "keyword", keyword):
        await reply(update, texts.UNSUBSCRIBED_KEYWORD.format(keyword=html(keyword)))
        return
    shown = topic.name if topic is not None else (keyword or wanted[:MAX_KEYWORD_LENGTH])
    await reply(update, texts.NOT_SUBSCRIBED.format(value=html(shown)))


async def my_subscriptions(update: Update, context: WartaContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    s = services(context)
    subscriptions = s.store.subscriptions(chat.id)
    if not subscriptions:
        await reply(update, texts.MY_SUBSCRIPTIONS_EMPTY)
        return
    settings = known_chat(update, context)
    topic_names = []
    for sub in subscriptions:
        if sub.kind == "topic":
            topic = s.topic(sub.value)
            topic_names.append(topic.name if topic else sub.value)
    keywords = [sub.value for sub in subscriptions if sub.kind == "keyword"]
    text = texts.MY_SUBSCRIPTIONS_HEADER
    if topic_names:
        items = "\n".join(texts.MY_SUBSCRIPTIONS_ITEM.format(value=html(n)) for n in topic_names)
        text += texts.MY_TOPICS.format(items=items)
    if keywords:
        items = "\n".join(texts.MY_SUBSCRIPTIONS_ITEM.format(value=html(k)) for k in keywords)
        text += texts.MY_KEYWORDS.format(items=items)
    mode = texts.MODE_INSTANT if settings.mode == "instant" else texts.MODE_DIGEST
    hour = f"{settings.digest_hour:02d}.00 {timezone_label(settings.timezone)}"
    text += texts.MY_SUBSCRIPTIONS_FOOTER.format(mode=mode, hour=hour)
    await reply(update, text)


def register(application: Application) -> None:
    application.add_handler(
        CommandHandler(["langganan", "subscribe"], subscribe, filters=MANAGE_UPDATES)
    )
    application.add_handler(
        CommandHandler(["berhenti", "unsubscribe"], unsubscribe, filters=MANAGE_UPDATES)
    )
    application.add_handler(
        CommandHandler(["langgananku", "mysubs"], my_subscriptions, filters=MANAGE_UPDATES)
    )
