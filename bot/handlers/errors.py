"""The one error handler: log first (token redacted), then apologise to the reader."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot import texts
from bot.logsafe import redact
from bot.services import WartaContext

log = logging.getLogger(__name__)


def describe(error: BaseException | None, token: str | None) -> str:
    """The error with its traceback, bot token removed (by pattern and literally)."""
    if error is None:
        return "unknown error"
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    text = redact(text)
    return text.replace(token, "<token>") if token else text


async def on_error(update: object, context: WartaContext) -> None:
    token = context.bot.token if context.bot else None
    where = f"update {update.update_id}" if isinstance(update, Update) else "a job or the updater"
    log.error("error while handling %s:\n%s", where, describe(context.error, token))
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.ERROR, show_alert=True)
        elif update.effective_message is not None and update.effective_chat is not None:
            await update.effective_message.reply_text(texts.ERROR, do_quote=False)
    except TelegramError as exc:  # the apology itself failed: log and stop there
        log.warning("could not tell the reader about the error: %s", describe(exc, token))


def register(application: Application) -> None:
    application.add_error_handler(on_error)
