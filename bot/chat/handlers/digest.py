"""/ringkasan: the digest right now, and the ⟨ 1/3 ⟩ buttons that turn its pages.

In a group, admins may ask any time; other members at most once an hour (a digest is long
and lands in everyone's chat).
"""

from __future__ import annotations

from datetime import timedelta

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat.context import WartaContext
from bot.chat.handlers.common import (
    GROUP_TYPES,
    NEW_MESSAGES,
    edit,
    known_chat,
    reply,
    services,
)
from bot.chat.handlers.groups import can_manage
from bot.delivery.digest_queue import first_page, on_demand_digest
from bot.present import texts
from bot.present.callbacks import DigestPage
from bot.present.keyboards import digest_keyboard
from bot.present.timefmt import format_clock, format_moment

GROUP_MEMBER_INTERVAL = timedelta(hours=1)


def _pick(group: bool, private_text: str, group_text: str) -> str:
    return group_text if group else private_text


async def digest_now(update: Update, context: WartaContext) -> None:
    chat = await known_chat(update, context)
    s = services(context)
    group = chat.chat_type in GROUP_TYPES
    if not await s.db.subscriptions(chat.chat_id):
        await reply(
            update, _pick(group, texts.DIGEST_NO_SUBSCRIPTIONS, texts.DIGEST_NO_SUBSCRIPTIONS_GROUP)
        )
        return
    now = s.now()
    last = chat.last_digest_at
    recent = group and last is not None and now - last < GROUP_MEMBER_INTERVAL
    if recent and last is not None and not await can_manage(update, context):
        await reply(
            update,
            texts.DIGEST_GROUP_WAIT.format(
                when=format_moment(last, chat.timezone, now=now),
                next=format_clock(last + GROUP_MEMBER_INTERVAL, chat.timezone),
            ),
        )
        return
    topics = {t.slug: t for t in s.topics}
    pages = await s.db.run(on_demand_digest, topics, chat, now)
    if not pages:
        if last is not None:
            when = format_moment(last, chat.timezone, now=now)
            await reply(update, texts.DIGEST_NOTHING_NEW.format(when=when))
        else:
            await reply(
                update, _pick(group, texts.DIGEST_NOTHING_YET, texts.DIGEST_NOTHING_YET_GROUP)
            )
        return
    text, keyboard = await s.db.run(first_page, chat.chat_id, pages)
    await reply(update, text, reply_markup=keyboard)


async def on_page(update: Update, context: WartaContext) -> None:
    """⟨ / ⟩ edit the digest message to another page; the middle "1/3" does nothing."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    pressed = DigestPage.parse(query.data)
    pages = None
    if pressed is not None:
        pages = await services(context).db.digest_pages(chat.id, pressed.digest_id)
    if pressed is None or not pages:
        await query.answer(texts.DIGEST_EXPIRED, show_alert=True)
        return
    page = min(max(1, pressed.page), len(pages))
    keyboard = digest_keyboard(pressed.digest_id, page, len(pages))
    await edit(update, pages[page - 1], reply_markup=keyboard)
    await query.answer()


def register(application: Application) -> None:
    application.add_handler(
        CommandHandler(["ringkasan", "digest"], digest_now, filters=NEW_MESSAGES)
    )
    application.add_handler(CallbackQueryHandler(on_page, pattern=DigestPage.pattern()))
