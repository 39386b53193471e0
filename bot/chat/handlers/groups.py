"""Groups and channels: who may change a group's subscriptions, and joining/leaving chats."""

from __future__ import annotations

import logging

from telegram import Chat, ChatMember, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, ChatMemberHandler, MessageHandler, filters

from bot.chat.context import WartaContext
from bot.chat.handlers.common import PRIVATE, reply, services
from bot.present import texts
from bot.present.callbacks import PICK_TOPICS

log = logging.getLogger(__name__)

MANAGER_STATUSES = frozenset({ChatMember.OWNER, ChatMember.ADMINISTRATOR})
GONE_STATUSES = frozenset({ChatMember.LEFT, ChatMember.BANNED})


async def can_manage(update: Update, context: WartaContext) -> bool:
    """Private chats: always. Groups and channels: only their administrators (asked of
    Telegram) — buttons in a channel can be pressed by any of its readers."""
    chat = update.effective_chat
    if chat is None:
        return False
    if chat.type == PRIVATE:
        return True
    message = update.effective_message
    if update.callback_query is None and message is not None and message.sender_chat is not None:
        # A channel post, or an anonymous group administrator: written as the chat itself.
        return message.sender_chat.id == chat.id
    user = update.effective_user
    if user is None:
        return False
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        log.warning("could not check the admins of chat %s: %s", chat.id, exc)
        return False
    return member.status in MANAGER_STATUSES


async def refuse_non_admin(update: Update) -> None:
    """Tell a group member, politely, that only the group's admins may do this."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.GROUP_ADMINS_ONLY_SHORT, show_alert=True)
    else:
        await reply(update, texts.GROUP_ADMINS_ONLY)


async def on_my_chat_member(update: Update, context: WartaContext) -> None:
    """The bot was added to or removed from a chat, or a reader blocked/unblocked it."""
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    db = services(context).db
    new_status = change.new_chat_member.status
    old_status = change.old_chat_member.status
    if new_status in GONE_STATUSES:
        reason = "blocked by the user" if chat.type == PRIVATE else f"bot {new_status}"
        log.info("chat %s (%s) removed the bot: %s", chat.id, chat.type, new_status)
        await db.set_chat_inactive(chat.id, reason)
        await db.drop_pending_for_chat(chat.id, error=reason)
        return
    await db.upsert_chat(chat.id, chat_type=chat.type, title=chat.title)
    if chat.type != PRIVATE and old_status in GONE_STATUSES:
        log.info("bot added to %s %s", chat.type, chat.id)
        try:
            if chat.type == Chat.CHANNEL:
                await context.bot.send_message(chat.id, texts.CHANNEL_ADDED)
            else:  # a welcome that speaks to the group, with a button for its admins
                pick = InlineKeyboardButton(texts.BUTTON_PICK_TOPICS, callback_data=PICK_TOPICS)
                await context.bot.send_message(
                    chat.id, texts.GROUP_ADDED, reply_markup=InlineKeyboardMarkup([[pick]])
                )
        except TelegramError as exc:  # e.g. a channel where the bot may not post yet
            log.info("could not greet chat %s: %s", chat.id, exc)


async def on_migrate(update: Update, context: WartaContext) -> None:
    """Telegram's two service messages: "migrated to <new id>" in the old group and
    "migrated from <old id>" in the new supergroup. Either one moves the chat (whichever
    comes first; the second finds nothing left to do)."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old_id, new_id = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old_id, new_id = message.migrate_from_chat_id, message.chat_id
    else:
        return
    db = services(context).db
    old = await db.get_chat(old_id)
    if old is not None and not old.active and await db.get_chat(new_id) is not None:
        return  # already moved by the other service message
    moved = await db.move_chat(old_id, new_id)
    log.info("chat %s migrated to %s (%s)", old_id, new_id, "moved" if moved else "unknown")


def register(application: Application) -> None:
    application.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))
