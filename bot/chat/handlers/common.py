"""Small helpers shared by the handlers: the chat record, arguments, replies."""

from __future__ import annotations

import logging
from html import escape

from telegram import Chat, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import filters

from bot.chat.context import ChatServices, WartaContext
from bot.core.models import ChatSettings
from bot.present.telegram_errors import Kind, classify

log = logging.getLogger(__name__)


PRIVATE = Chat.PRIVATE
GROUP_TYPES = (Chat.GROUP, Chat.SUPERGROUP)
# Commands that manage a chat's subscriptions also work in channels, where the channel's
# admins post them (as channel posts; PTB's CommandHandler ignores those by default).
# New messages only: editing an old command or question must not get a second answer.
NEW_MESSAGES = filters.UpdateType.MESSAGE
MANAGE_UPDATES = NEW_MESSAGES | filters.UpdateType.CHANNEL_POST


def services(context: WartaContext) -> ChatServices:
    return context.bot_data


async def remember_chat(update: Update, context: WartaContext) -> ChatSettings:
    """The chat's settings, creating (or reactivating) its record: it is talking to us."""
    chat = update.effective_chat
    assert chat is not None
    return await services(context).db.upsert_chat(chat.id, chat_type=chat.type, title=chat.title)


async def remember_thread(
    update: Update, context: WartaContext, chat: ChatSettings
) -> ChatSettings:
    """In a forum group, the topic this subscription was made in (the message's thread; none
    in the general topic) becomes where its pushes and digests go. Call it where an admin
    subscribes; elsewhere, and outside forums, the chat is returned unchanged."""
    where = update.effective_chat
    message = update.effective_message
    if where is None or message is None or not where.is_forum:
        return chat
    thread = message.message_thread_id if message.is_topic_message else None
    if thread == chat.message_thread_id:
        return chat
    return await services(context).db.update_chat(chat.chat_id, message_thread_id=thread)


async def known_chat(update: Update, context: WartaContext) -> ChatSettings:
    """The chat's stored settings, or defaults when it has never been stored (read-only)."""
    chat = update.effective_chat
    assert chat is not None
    stored = await services(context).db.get_chat(chat.id)
    return stored or ChatSettings(chat_id=chat.id, chat_type=chat.type, title=chat.title)


def argument_text(update: Update) -> str:
    """Everything after the command word, as typed (newlines kept), stripped."""
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    parts = text.strip().split(maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


def html(value: object) -> str:
    """A value escaped for Telegram HTML text."""
    return escape(str(value), quote=False)


async def reply(
    update: Update, text: str, *, reply_markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Answer the reader's own message directly (never through the outbox)."""
    message = update.effective_message
    if message is None:
        return None
    # Paced within Telegram's limits, a short 429 waited out (bot.delivery.reply_pacing); a
    # long one reaches the error handler, which logs it on one line.
    return await message.reply_text(text, reply_markup=reply_markup, do_quote=False)


async def edit(
    update: Update, text: str, *, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the message a button belongs to; an unchanged message is not an error.

    Button handlers edit first and answer the callback query after, so the spinner stops
    when the message already shows the result.
    """
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_text(text, reply_markup=reply_markup)
    except BadRequest as exc:
        kind = classify(exc)
        if kind is Kind.NOT_MODIFIED:
            return
        chat = update.effective_chat
        if chat is None or kind is not Kind.MESSAGE_GONE:
            raise
        # The message was deleted or is too old to edit: show the result as a new message.
        log.info("message of a button in chat %s cannot be edited (%s)", chat.id, exc.message)
        await query.get_bot().send_message(chat.id, text, reply_markup=reply_markup)


async def edit_markup(update: Update, reply_markup: InlineKeyboardMarkup | None) -> None:
    """Replace only the keyboard of the message a button belongs to."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_reply_markup(reply_markup=reply_markup)
    except BadRequest as exc:
        kind = classify(exc)
        if kind is Kind.MESSAGE_GONE:  # the change is saved; the answer says so
            log.info("keyboard of a button's message cannot be edited (%s)", exc.message)
        elif kind is not Kind.NOT_MODIFIED:
            raise
