"""Plain messages in a private chat are questions, answered from the news archive.

Small talk ("halo", "makasih") gets a friendly reply; a question the archive can't answer gets
the honest reply with a /cari suggestion and a button to follow its keyword.
"""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import Application, MessageHandler, filters

from bot.chat.answer import MAX_QUESTION, ask, render_result
from bot.chat.context import WartaContext
from bot.chat.handlers.common import NEW_MESSAGES, known_chat, reply, services
from bot.chat.handlers.follow import follow_markup
from bot.core import metrics


async def answer(update: Update, context: WartaContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    question = " ".join(message.text.split())[:MAX_QUESTION]
    if not question:
        return
    with contextlib.suppress(TelegramError):  # "typing…" is a courtesy; the answer matters
        await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    s = services(context)
    with metrics.SEARCH_SECONDS.time():
        result = await s.db.run(ask, question, now=s.now())
    text = render_result(result, (await known_chat(update, context)).timezone)
    markup = follow_markup(result.keyword) if result.kind == "not_found" else None
    await reply(update, text, reply_markup=markup)


def register(application: Application) -> None:
    # Private chats only: in groups the bot answers commands and nothing else. A summary the
    # reader shared into this chat through inline mode ("via @bot") is not a question.
    application.add_handler(
        MessageHandler(
            NEW_MESSAGES
            & filters.ChatType.PRIVATE
            & filters.TEXT
            & ~filters.COMMAND
            & ~filters.VIA_BOT,
            answer,
        )
    )
