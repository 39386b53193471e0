"""👍 and 👎 under an answer to a question: the reader's vote on it, kept in the database.

The answer was stored when it was sent (:func:`bot.chat.handlers.questions.answer_question`);
its id travels in the buttons' data (``fb:<answer id>:<up|down>``:
:class:`bot.present.callbacks.AnswerVote`). A press stores the vote (a later press changes
it), marks the chosen button and thanks the reader; an answer the chat does not have (tampered
data, a deleted record) gets a polite alert and nothing is written.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.chat.context import WartaContext
from bot.chat.handlers.common import edit_markup, services
from bot.present import texts
from bot.present.callbacks import AnswerVote
from bot.present.keyboards import feedback_keyboard


async def on_vote(update: Update, context: WartaContext) -> None:
    """A press of 👍 or 👎 under an answer."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or query.data is None or chat is None:
        return
    pressed = AnswerVote.parse(query.data)
    if pressed is None:
        await query.answer(texts.VOTE_EXPIRED, show_alert=True)
        return
    s = services(context)
    voted = await s.db.vote_answer(chat.id, pressed.answer_id, pressed.vote, at=s.now())
    if voted is None:
        await query.answer(texts.VOTE_EXPIRED, show_alert=True)
        return
    await edit_markup(update, feedback_keyboard(voted.id, voted.vote))
    await query.answer(texts.VOTE_THANKS)


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(on_vote, pattern=AnswerVote.pattern()))
