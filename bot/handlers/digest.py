"""/ringkasan: the digest right now, without waiting for the daily hour."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import texts
from bot.digest_queue import on_demand_digest
from bot.handlers.common import NEW_MESSAGES, in_thread, known_chat, reply, services
from bot.services import WartaContext


async def digest_now(update: Update, context: WartaContext) -> None:
    chat = known_chat(update, context)
    s = services(context)
    if not s.store.subscriptions(chat.chat_id):
        await reply(update, texts.DIGEST_NO_SUBSCRIPTIONS)
        return
    topics = {t.slug: t for t in s.topics}
    messages = await in_thread(on_demand_digest, s.store, topics, chat, s.now())
    if not messages:
        await reply(update, texts.DIGEST_NOTHING_YET)
        return
    for text in messages:  # a reply to the reader's own command: sent directly, in order
        await reply(update, text)


def register(application: Application) -> None:
    application.add_handler(
        CommandHandler(["ringkasan", "digest"], digest_now, filters=NEW_MESSAGES)
    )
