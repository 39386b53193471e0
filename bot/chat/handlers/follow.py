"""The "🔔 Ikuti '<kata kunci>'" button under a question or search that found nothing.

The keyword travels in the callback data itself (``f:<keyword>``, at most 64 bytes:
:class:`bot.present.callbacks.Follow`; no button when it does not fit), so the button keeps
working after a restart; pressing it subscribes the chat to that keyword with the same rules
as ``/langganan`` (normalised keyword, the per-chat limit, the digest job).
"""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.chat.context import MAX_SUBSCRIPTIONS, WartaContext
from bot.chat.handlers.common import remember_chat, reply, services
from bot.chat.handlers.groups import can_manage, refuse_non_admin
from bot.core.match import normalise_keyword
from bot.present import texts
from bot.present.callbacks import Follow


def follow_markup(keyword: str | None) -> InlineKeyboardMarkup | None:
    """The one-button keyboard following ``keyword`` (None when there is nothing to follow)."""
    keyword = normalise_keyword(keyword or "")
    follow = Follow(keyword) if keyword else None
    if follow is None or not follow.fits():  # no button when the keyword is too long for it
        return None
    label = texts.FOLLOW_BUTTON.format(keyword=follow.keyword)
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=follow.encode())]])


async def subscribe_keyword(context: WartaContext, chat_id: int, keyword: str) -> str:
    """Subscribe a chat to a keyword: "added", "already", "invalid" or "too_many"."""
    value = normalise_keyword(keyword)
    if value is None:
        return "invalid"
    db = services(context).db
    current = await db.subscriptions(chat_id)
    if any(s.kind == "keyword" and s.value.casefold() == value.casefold() for s in current):
        return "already"
    if len(current) >= MAX_SUBSCRIPTIONS:
        return "too_many"
    await db.add_subscription(chat_id, "keyword", value)
    return "added"


async def on_follow(update: Update, context: WartaContext) -> None:
    callback = update.callback_query
    chat = update.effective_chat
    if callback is None or callback.data is None or chat is None:
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    await remember_chat(update, context)
    pressed = Follow.parse(callback.data)
    keyword = pressed.keyword if pressed is not None else ""
    outcome = await subscribe_keyword(context, chat.id, keyword)
    alerts = {
        "added": texts.FOLLOW_ALERT_DONE,
        "already": texts.FOLLOW_ALERT_ALREADY,
        "invalid": texts.FOLLOW_ALERT_INVALID,
        "too_many": texts.FOLLOW_ALERT_TOO_MANY,
    }
    await callback.answer(alerts[outcome].format(keyword=keyword))
    if outcome == "added":
        await reply(update, texts.FOLLOWED_KEYWORD.format(keyword=escape(keyword, quote=False)))


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(on_follow, pattern=Follow.pattern()))
