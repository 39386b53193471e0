"""/start (with a topic deep link) and /bantuan."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import (
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.chat import button_state
from bot.chat.context import WartaContext
from bot.chat.handlers.common import (
    GROUP_TYPES,
    MANAGE_UPDATES,
    NEW_MESSAGES,
    PRIVATE,
    argument_text,
    html,
    remember_chat,
    reply,
    services,
)
from bot.chat.handlers.group_questions import ASK_PREFIX, kept_question
from bot.chat.handlers.groups import can_manage, refuse_non_admin
from bot.chat.handlers.questions import answer_text
from bot.chat.handlers.topics import send_catalogue, subscribe_topic
from bot.chat.suggest import close_command
from bot.present import texts
from bot.present.callbacks import HOW_TO, PICK_TOPICS, Correction, exact
from bot.present.render import shorten

MAX_CORRECTED = 300


async def start(update: Update, context: WartaContext) -> None:
    """Welcome; ``/start <topic-slug>`` (from ``t.me/<bot>?start=<slug>``) subscribes;
    ``/start ask_<token>`` (from a group's pointer) answers the question asked there."""
    chat = update.effective_chat
    if chat is None:
        return
    await remember_chat(update, context)
    payload = argument_text(update)
    if chat.type == PRIVATE and (question := await kept_question(context, chat.id, payload)):
        await answer_text(update, context, question)
        return
    welcome = (texts.INLINE_START_PARAMETER, texts.GROUP_START_PARAMETER)
    if not payload or payload in welcome or payload.startswith(ASK_PREFIX):
        if chat.type == PRIVATE:
            user = update.effective_user
            name = user.first_name if user and user.first_name else texts.READER_FALLBACK_NAME
            await reply(
                update, texts.WELCOME.format(name=html(name)), reply_markup=start_keyboard()
            )
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
    added, refusal = await subscribe_topic(context, chat.id, topic.slug)
    if refusal:
        await reply(update, refusal)
        return
    if chat.type in GROUP_TYPES:  # the group is spoken to as the group
        template = texts.SUBSCRIBED_TOPIC_GROUP if added else texts.ALREADY_TOPIC_GROUP
    else:
        template = texts.DEEP_LINK_SUBSCRIBED if added else texts.DEEP_LINK_ALREADY
    await reply(update, template.format(topic=html(topic.name)))


def start_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.BUTTON_PICK_TOPICS, callback_data=PICK_TOPICS),
                InlineKeyboardButton(texts.BUTTON_HOW_TO, callback_data=HOW_TO),
            ]
        ]
    )


def help_text(context: WartaContext, chat_type: str) -> str:
    """/bantuan: in a group, only what works there."""
    username = services(context).bot_username or context.bot.username or "warta_bot"
    template = texts.HELP if chat_type == PRIVATE else texts.HELP_GROUP
    return template.format(bot=html(username))


async def help_command(update: Update, context: WartaContext) -> None:
    chat = update.effective_chat
    await reply(update, help_text(context, chat.type if chat else PRIVATE))


async def on_start_button(update: Update, context: WartaContext) -> None:
    """ "Pilih topik" sends the catalogue, "Cara pakai" the help, as new messages."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    await query.answer()
    if query.data == PICK_TOPICS:
        await send_catalogue(update, context)
    else:
        await reply(update, help_text(context, chat.type))


def register(application: Application) -> None:
    application.add_handler(CommandHandler("start", start, filters=MANAGE_UPDATES))
    application.add_handler(
        CallbackQueryHandler(on_start_button, pattern=exact(PICK_TOPICS, HOW_TO))
    )
    application.add_handler(
        CommandHandler(["bantuan", "help"], help_command, filters=MANAGE_UPDATES)
    )


def known_commands(application: Application) -> dict[str, CommandHandler]:
    """Every command the application answers (names and aliases) and its handler."""
    found: dict[str, CommandHandler] = {}
    for handlers in application.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                for command in handler.commands:
                    found.setdefault(command, handler)
    return found


async def unknown_command(update: Update, context: WartaContext) -> None:
    """A private "/xyz": a button running the known command it is close to ("▶️ /cari
    bpjs" for "/cri bpjs"), else a pointer to /bantuan."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    word, _, rest = text.strip().partition(" ")
    command = word[1:].split("@", 1)[0]
    menu = [name for name, _ in texts.COMMAND_MENU]
    known = known_commands(context.application)
    close = close_command(command, menu) or close_command(command, known)
    if close is None or close == command:
        await reply(update, texts.UNKNOWN_COMMAND)
        return
    corrected = f"/{close} {' '.join(rest.split())}".strip()[:MAX_CORRECTED]
    chat = update.effective_chat
    if chat is None:
        return
    db = services(context).db
    key = await button_state.remember(db, chat.id, button_state.CORRECTION, corrected)
    button = InlineKeyboardButton(
        texts.BUTTON_DID_YOU_MEAN_COMMAND.format(command=shorten(corrected, 40)),
        callback_data=Correction(key).encode(),
    )
    # The text asks, the button names the command: it is not said twice.
    await reply(update, texts.DID_YOU_MEAN_COMMAND, reply_markup=InlineKeyboardMarkup([[button]]))


async def on_correction(update: Update, context: WartaContext) -> None:
    """Run the corrected command, as if the reader had typed it."""
    query = update.callback_query
    if query is None or query.data is None or update.effective_chat is None:
        return
    pressed = Correction.parse(query.data)
    corrected = None
    if pressed is not None:
        db, chat_id = services(context).db, update.effective_chat.id
        corrected = await button_state.recall_text(
            db, chat_id, button_state.CORRECTION, pressed.key
        )
    name = corrected[1:].split(" ", 1)[0] if corrected else ""
    handler = known_commands(context.application).get(name)
    if handler is None or corrected is None:
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    typed = Message(
        message_id=query.message.message_id if query.message else 0,
        date=datetime.now(UTC),
        chat=update.effective_chat,
        from_user=query.from_user,
        text=corrected,
        entities=[MessageEntity(MessageEntity.BOT_COMMAND, 0, len(name) + 1)],
    )
    typed.set_bot(context.bot)
    await handler.callback(Update(update_id=update.update_id, message=typed), context)


def register_unknown_command(application: Application) -> None:
    """Register after every other command: a private "/xyz" gets a pointer to /bantuan."""
    application.add_handler(
        MessageHandler(NEW_MESSAGES & filters.ChatType.PRIVATE & filters.COMMAND, unknown_command)
    )
    application.add_handler(CallbackQueryHandler(on_correction, pattern=Correction.pattern()))


async def unknown_button(update: Update, context: WartaContext) -> None:
    """A button no handler knows (an older version's, or tampered data): every press must be
    answered, or the reader's app shows a spinner on it."""
    query = update.callback_query
    if query is not None:
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)


def register_unknown_button(application: Application) -> None:
    """Register after every other button handler."""
    application.add_handler(CallbackQueryHandler(unknown_button))
