"""Plain messages in a private chat are questions, answered from the news archive."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import Application, MessageHandler, filters

from bot.answer import answer_question, render_answer
from bot.handlers.common import NEW_MESSAGES, in_thread, known_chat, reply, services
from bot.metrics import timed_search
from bot.services import WartaContext

SEARCH_LIMIT = 10
MAX_QUESTION = 500  # characters of a question that are read


async def answer(update: Update, context: WartaContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    question = " ".join(message.text.split())[:MAX_QUESTION]
    if not question:
        return
    with contextlib.suppress(TelegramError):  # "typing…" is a courtesy; the answer matters
        await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    hits = await in_thread(
        timed_search, services(context).store.search, question, limit=SEARCH_LIMIT
    )
    evidence = await in_thread(answer_question, question, hits)
    await reply(update, render_answer(evidence, known_chat(update, context).timezone))


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
