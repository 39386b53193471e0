"""Refusing what Warta cannot read: a NUL byte or a lone surrogate in anything a reader types.

Telegram passes such characters through (a message's text or caption, a command's
arguments, a button's data, an inline query), and PostgreSQL refuses them in ``text``. This
handler runs before every other one (group -1): the reader gets a polite refusal and no other
handler sees the update, so nothing of it reaches the database.
"""

from __future__ import annotations

import logging

from telegram import Chat, InlineQueryResultsButton, Message, Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.chat.context import WartaContext
from bot.chat.handlers.common import reply
from bot.core.unstorable import is_unstorable
from bot.present import texts

log = logging.getLogger(__name__)

GROUP = -1
"""Before every feature's handlers (group 0)."""


def typed_texts(update: Update) -> list[str]:
    """Everything in ``update`` a reader typed or a client sent for them."""
    found: list[str | None] = []
    message = update.effective_message
    if message is not None:
        found += [message.text, message.caption]
    if update.callback_query is not None:
        found.append(update.callback_query.data)
    if update.inline_query is not None:
        found.append(update.inline_query.query)
    if update.chosen_inline_result is not None:
        found.append(update.chosen_inline_result.query)
    return [text for text in found if text]


def is_unreadable(update: Update) -> bool:
    """Whether anything typed in ``update`` holds a character no database can keep."""
    return any(is_unstorable(text) for text in typed_texts(update))


def answers_in_chat(update: Update, message: Message) -> bool:
    """A new message the bot would have answered: anything in a private chat, a command
    elsewhere (edits never get a second answer)."""
    if update.message is None and update.channel_post is None:
        return False
    if message.chat.type == Chat.PRIVATE:
        return True
    return (message.text or message.caption or "").startswith("/")


async def refuse_unreadable(update: object, context: WartaContext) -> None:
    """Answer an update holding unreadable characters with a refusal, and stop it there."""
    if not isinstance(update, Update) or not is_unreadable(update):
        return
    log.info("update %s holds a NUL byte or a lone surrogate: refused", update.update_id)
    if update.callback_query is not None:
        await update.callback_query.answer(texts.UNREADABLE_BUTTON, show_alert=True)
    elif update.inline_query is not None:
        await update.inline_query.answer(
            [],
            button=InlineQueryResultsButton(
                text=texts.UNREADABLE_INLINE, start_parameter=texts.INLINE_START_PARAMETER
            ),
            cache_time=0,
            is_personal=True,
        )
    elif update.effective_message is not None and answers_in_chat(update, update.effective_message):
        await reply(update, texts.UNREADABLE_MESSAGE)
    raise ApplicationHandlerStop


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, refuse_unreadable), group=GROUP)
