"""The buttons under a push: "🔕 Berhenti ikuti …" and its undo, "↩️ Ikuti lagi".

Both edit only the keyboard of the push (the share button stays) and confirm with a pop-up.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.chat.context import MAX_SUBSCRIPTIONS, WartaContext
from bot.chat.handlers.common import GROUP_TYPES, edit_markup, services
from bot.chat.handlers.groups import can_manage, refuse_non_admin
from bot.present import texts
from bot.present.callbacks import FollowAgain, Unfollow
from bot.present.keyboards import follow_again_row, subscription_name, unfollow_row


def _with_first_row(update: Update, row: list) -> InlineKeyboardMarkup:
    """The message's keyboard with its first row (the follow button) replaced."""
    message = update.callback_query.message if update.callback_query else None
    markup = getattr(message, "reply_markup", None)
    rest = list(markup.inline_keyboard[1:]) if markup else []
    return InlineKeyboardMarkup([row, *rest])


async def on_unfollow(update: Update, context: WartaContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    pressed = Unfollow.parse(query.data)
    if pressed is None:
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    subscription_id = pressed.subscription_id
    s = services(context)
    removed = await s.db.remove_subscription_id(chat.id, subscription_id)
    if removed is None:
        await edit_markup(update, _with_first_row(update, follow_again_row(subscription_id)))
        await query.answer(texts.ALREADY_REMOVED)
        return
    name = subscription_name(removed, {t.slug: t for t in s.topics})
    await edit_markup(update, _with_first_row(update, follow_again_row(subscription_id)))
    template = texts.UNFOLLOWED_GROUP if chat.type in GROUP_TYPES else texts.UNFOLLOWED
    await query.answer(template.format(name=name))


async def on_follow_again(update: Update, context: WartaContext) -> None:
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None or query.data is None:
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    pressed = FollowAgain.parse(query.data)
    db = services(context).db
    if pressed is None:
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    subscription_id = pressed.subscription_id
    current = await db.subscriptions(chat.id)
    if len(current) >= MAX_SUBSCRIPTIONS and all(sub.id != subscription_id for sub in current):
        await query.answer(texts.TOO_MANY_SUBSCRIPTIONS.format(count=len(current)), show_alert=True)
        return
    restored = await db.restore_subscription(chat.id, subscription_id)
    if restored is None:
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    name = subscription_name(restored, {t.slug: t for t in services(context).topics})
    await edit_markup(update, _with_first_row(update, unfollow_row(subscription_id, name)))
    template = texts.FOLLOWED_AGAIN_GROUP if chat.type in GROUP_TYPES else texts.FOLLOWED_AGAIN
    await query.answer(template.format(name=name))


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(on_unfollow, pattern=Unfollow.pattern()))
    application.add_handler(CallbackQueryHandler(on_follow_again, pattern=FollowAgain.pattern()))
