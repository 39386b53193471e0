"""The one error handler: log first (token redacted), then apologise to the reader.

Errors the Bot API answers in the ordinary course of things — the reader blocked the bot or
removed it from the group (403), the chat is gone or became a supergroup, Telegram asks us to
slow down (429), a button pressed too long ago ("query is too old"), a message that can no
longer be edited — are logged on one line without a traceback, and no apology is attempted
where it could not arrive anyway.
"""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.chat.context import WartaContext
from bot.chat.outcome import handle_again_later
from bot.core.logsafe import redact
from bot.present import texts
from bot.present.telegram_errors import ORDINARY, UNREACHABLE, Kind, classify
from bot.storage.errors import database_trouble

log = logging.getLogger(__name__)


def describe(error: BaseException | None, token: str | None) -> str:
    """The error with its traceback, bot token removed (by pattern and literally)."""
    if error is None:
        return "unknown error"
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    text = redact(text)
    return text.replace(token, "<token>") if token else text


def one_line(error: BaseException, token: str | None) -> str:
    """The error's type and message on one line, token removed."""
    text = redact(f"{type(error).__name__}: {error}")
    return text.replace(token, "<token>") if token else text


def expected(error: BaseException | None) -> tuple[bool, bool]:
    """(an ordinary API answer rather than a bug, the reader can still be told something)."""
    kind = classify(error)
    if kind not in ORDINARY:
        return False, True
    return True, kind not in UNREACHABLE and kind is not Kind.RATE_LIMITED


async def on_error(update: object, context: WartaContext) -> None:
    token = context.bot.token if context.bot else None
    where = f"update {update.update_id}" if isinstance(update, Update) else "a job or the updater"
    if database_trouble(context.error) and isinstance(update, Update):
        await _answer_later(update, where, context)
        return
    ordinary, reachable = expected(context.error)
    if ordinary and context.error is not None:
        log.info("while handling %s, Telegram answered %s", where, one_line(context.error, token))
        if not isinstance(update, Update) or update.callback_query is None:
            return
        if not reachable and classify(context.error) is not Kind.RATE_LIMITED:
            return
        # The button's message could not be edited (or not now): at least stop the spinner;
        # answering a callback query does not count against the chat's message limits.
        try:
            await update.callback_query.answer()
        except TelegramError as exc:
            log.info("could not answer the button press: %s", one_line(exc, token))
        return
    log.error("error while handling %s:\n%s", where, describe(context.error, token))
    if isinstance(update, Update):
        await _tell(update, texts.ERROR, token)


async def _tell(update: Update, text: str, token: str | None) -> None:
    """An alert for a button press, else a message in the chat; a failure is only logged."""
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.effective_message is not None and update.effective_chat is not None:
            await update.effective_message.reply_text(text, do_quote=False)
    except TelegramError as exc:  # the apology itself failed: log and stop there
        log.warning("could not tell the reader: %s", one_line(exc, token))


async def _answer_later(update: Update, where: str, context: WartaContext) -> None:
    """The database is unreachable: the update is handled again when it is back; the reader
    is told so once (not at every retry), and a button press stops spinning."""
    token = context.bot.token if context.bot else None
    assert context.error is not None
    first = handle_again_later()
    log.warning("database unavailable while handling %s: %s", where, one_line(context.error, token))
    if first:
        await _tell(update, texts.DATABASE_TROUBLE, token)


def register(application: Application) -> None:
    application.add_error_handler(on_error)
