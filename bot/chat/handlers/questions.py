"""Plain messages in a private chat are questions, answered from the news archive.

Small talk ("halo", "makasih") gets a friendly reply; a question the archive can't answer gets
the honest reply with a /cari suggestion and a button to follow its keyword; an answer gets 👍
and 👎 under it (:mod:`bot.chat.handlers.feedback`).

A question asked within :data:`FOLLOW_UP_WINDOW` of the chat's previous one may follow it up
("terus kalau kelas 2?"): the previous question, as it was read, is kept in the database (one
row per chat, so every bot process sees it) and handed to :func:`bot.chat.answer.ask`, which
reads the new one with its subject.
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, timedelta

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import Application, MessageHandler, filters

from bot.chat.answer import MAX_QUESTION, AskResult, ask, render_result
from bot.chat.context import WartaContext
from bot.chat.handlers import group_questions
from bot.chat.handlers.common import NEW_MESSAGES, known_chat, reply, services
from bot.chat.handlers.follow import follow_markup
from bot.chat.handlers.search import run_search
from bot.core import metrics
from bot.core.models import LastQuestion, NewAnswerRecord
from bot.present.keyboards import feedback_keyboard
from bot.storage import Store

# "cari pajak", "carikan berita bpjs", "tolong cariin umkm": /cari typed without the slash.
_TYPED_SEARCH = re.compile(
    r"^(?:tolong\s+|coba\s+)?(?:cari|carikan|cariin|carilah|search)\s+(?!tahu\b|tau\b)"
    r"(?:berita\s+)?"
    r"(?:tentang\s+|soal\s+|ttg\s+)?(\S.*)$",
    re.IGNORECASE,
)

FOLLOW_UP_WINDOW = timedelta(minutes=10)
"""A question asked this soon after the chat's previous one may be a follow-up of it."""


def follow_up_of(last: LastQuestion | None, now: datetime) -> str | None:
    """The previous question a new one asked at ``now`` may follow up: the chat's last
    question when it was asked less than :data:`FOLLOW_UP_WINDOW` before (or, clocks of two
    processes differing, after) ``now``; else None."""
    if last is None or abs(now - last.asked_at) >= FOLLOW_UP_WINDOW:
        return None
    return last.question


def answer_record(result: AskResult, chat_id: int, at: datetime) -> NewAnswerRecord:
    """What is kept of an answer for the 👍 / 👎 under it: the question as it was read, the
    quoted sentences, and the quoted articles (each once, in the order quoted)."""
    articles: dict[int, str] = {}
    for quote in result.answers:
        articles.setdefault(quote.article_id, quote.url)
    return NewAnswerRecord(
        chat_id=chat_id,
        question=result.asked.strip() or result.question,
        sentences=tuple(a.sentence for a in result.answers),
        article_ids=tuple(articles),
        article_urls=tuple(articles.values()),
        asked_at=at,
    )


def answer_question(
    store: Store, chat_id: int, question: str, *, now: datetime
) -> tuple[AskResult, int | None]:
    """Answer ``question`` in one store thread: read it with the chat's previous question
    when it may follow that up, remember it as read (not small talk), and keep an answer for
    its buttons. Returns the result and the kept answer's id (None when nothing was found)."""
    previous = follow_up_of(store.last_question(chat_id), now)
    with metrics.SEARCH_SECONDS.time():
        result = ask(store, question, now=now, previous=previous)
    if result.kind == "small_talk":
        return result, None
    if result.asked.strip():
        store.save_last_question(chat_id, result.asked, at=now)
    if not result.found:
        return result, None
    return result, store.save_answer(answer_record(result, chat_id, now))


async def answer(update: Update, context: WartaContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    await answer_text(update, context, message.text)


async def answer_text(update: Update, context: WartaContext, text: str) -> None:
    """Answer ``text`` in the update's (private) chat: a question, small talk, or "cari …"
    (also a question asked in a group and brought here by its deep link)."""
    message = update.effective_message
    question = " ".join(text.split())[:MAX_QUESTION]
    if message is None or not question:
        return
    if typed := _TYPED_SEARCH.match(question):  # "cari pajak": a search, not a question
        await run_search(update, context, typed.group(1))
        return
    with contextlib.suppress(TelegramError):  # "typing…" is a courtesy; the answer matters
        await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
    s = services(context)
    result, answer_id = await s.db.run(answer_question, message.chat_id, question, now=s.now())
    text = render_result(result, (await known_chat(update, context)).timezone)
    markup: InlineKeyboardMarkup | None = None
    if answer_id is not None:
        markup = feedback_keyboard(answer_id)
    elif not result.found and result.kind != "small_talk":  # declined: follow its keyword
        markup = follow_markup(result.keyword)
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
    # In groups, a member who mentions the bot is pointed to a private chat instead.
    group_questions.register(application)
