"""/start (with a topic deep link) and /bantuan."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot import texts
from bot.handlers.common import (
    MANAGE_UPDATES,
    NEW_MESSAGES,
    PRIVATE,
    argument_text,
    html,
    remember_chat,
    reply,
    services,
)
from bot.handlers.groups import can_manage, refuse_non_admin
from bot.handlers.topics import send_catalogue, subscribe_topic
from bot.services import WartaContext


async def start(update: Update, context: WartaContext) -> None:
    """Welcome; ``/start <topic-slug>`` (from ``t.me/<bot>?start=<slug>``) subscribes."""
    chat = update.effective_chat
    if chat is None:
        return
    remember_chat(update, context)
    payload = argument_text(update)
    if not payload:
        if chat.type == PRIVATE:
            user = update.effective_user
            name = user.first_name if user and user.first_name else texts.READER_FALLBACK_NAME
            await reply(update, texts.WELCOME.format(name=html(name)))
        elif chat.type == Chat.CHANNEL:
            await reply(update, texts.WELCOME_CHANNEL)
        else:
            await reply(update, texts.WELCOME_GROUP)
        return
    topic = services(context).find_topic(payload)
    if topic is None:
        await reply(update, texts.DEEP_LINK_UNKNOWN)
        await send_catalogue(update, context)
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    added, refusal = subscribe_topic(context, chat.id, topic.slug)
    if refusal:
        await reply(update, refusal)
        return
    template = texts.DEEP_LINK_SUBSCRIBED if added else texts.DEEP_LINK_ALREADY
    await reply(update, template.format(topic=html(topic.name)))


async def help_command(update: Update, context: WartaContext) -> None:
    username = services(context).bot_username or context.bot.username or "warta_bot"
    await reply(update, texts.HELP.format(bot=html(username)))


def register(application: Application) -> None:
    application.add_handler(CommandHandler("start", start, filters=MANAGE_UPDATES))
    application.add_handler(
        CommandHandler(["bantuan", "help"], help_command, filters=MANAGE_UPDATES)
    )


async def unknown_command(update: Update, context: WartaContext) -> None:
    await reply(update, texts.UNKNOWN_COMMAND)


def register_unknown_command(application: Application) -> None:
    """Register after every other command: a private "/xyz" gets a pointer to /bantuan."""
    application.add_handler(
        MessageHandler(NEW_MESSAGES & filters.ChatType.PRIVATE & filters.COMMAND, unknown_command)
    )


async def unknown_button(update: Update, context: WartaContext) -> None:
    """A button no handler knows (an older version's, or tampered data): every press must be
    answered, or the reader's app shows a spinner on it."""
    query = update.callback_query
    if query is not None:
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)


def register_unknown_button(application: Application) -> None:
    """Register after every other button handler."""
    application.add_handler(CallbackQueryHandler(unknown_button))
