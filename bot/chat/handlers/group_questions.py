"""A question asked of the bot in a group ("@warta_bot iuran bpjs naik brp?") gets one line
pointing to a private chat, with a button that opens it and asks the question there.

In groups the bot answers commands only: an answer there would interrupt the group's talk.
The question is kept in the database for the member's private chat (``bot.chat.button_state``,
under the member's id, which is their private chat's id) and the button is a deep link
``t.me/<bot>?start=ask_<token>``: pressing it opens the chat, ``/start ask_<token>`` arrives
and the question is answered there (:func:`kept_question`). A member is pointed at most once
per :data:`POINTER_INTERVAL` in a group (the time is kept in the group's reader state, so every
bot process sees it); further mentions meanwhile get no reply.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, MessageHandler, filters

from bot.chat import button_state
from bot.chat.context import WartaContext
from bot.chat.handlers.common import NEW_MESSAGES, html, reply, services
from bot.present import texts
from bot.storage import Store

POINTER_INTERVAL = timedelta(minutes=5)
"""A member mentioning the bot again within this time in the same group gets no second line."""

ASK_PREFIX = "ask_"  # the deep link's payload: ask_<token> (A-Za-z0-9_-, within 64)
MAX_KEPT_QUESTION = 1000  # characters of the question kept for the private chat
_POINTED = "pointed:"  # the group's reader-state key prefix: pointed:<user id>


def mention_pattern(username: str) -> re.Pattern[str]:
    """``@username`` as a whole word, any case (Telegram usernames are case-insensitive)."""
    return re.compile(rf"(?<![\w@])@{re.escape(username)}(?!\w)", re.IGNORECASE)


def addressed_question(text: str, username: str) -> str | None:
    """What a group message asks the bot: its text without the mention ("" when it is only
    the mention); None when it does not mention the bot."""
    if not username:
        return None
    pattern = mention_pattern(username)
    if not pattern.search(text):
        return None
    return " ".join(pattern.sub(" ", text).split())


def take_turn(store: Store, group_id: int, user_id: int, now: datetime) -> bool:
    """Whether the member may be pointed to a private chat now (not pointed in this group in
    the last :data:`POINTER_INTERVAL`); when so, remembers that they were."""
    key = f"{_POINTED}{user_id}"
    kept = store.reader_state(group_id, key)
    if kept is not None:
        try:
            last = datetime.fromisoformat(kept)
        except ValueError:
            last = None
        if last is not None and abs(now - last) < POINTER_INTERVAL:
            return False
    store.put_reader_state(group_id, key, now.isoformat())
    return True


def private_link(username: str, payload: str) -> str:
    return f"https://t.me/{username}?start={payload}"


async def on_group_mention(update: Update, context: WartaContext) -> None:
    """A group message that mentions the bot: one line and a button to the private chat."""
    message = update.effective_message
    user = update.effective_user
    chat = update.effective_chat
    if message is None or user is None or chat is None or not message.text or user.is_bot:
        return
    s = services(context)
    username = s.bot_username or context.bot.username or ""
    question = addressed_question(message.text, username)
    if question is None:
        return
    if not await s.db.run(take_turn, chat.id, user.id, s.now()):
        return
    payload = texts.GROUP_START_PARAMETER
    if question:
        kept = question[:MAX_KEPT_QUESTION]
        token = await button_state.remember(s.db, user.id, button_state.QUESTION, kept)
        payload = ASK_PREFIX + token
    button = InlineKeyboardButton(texts.BUTTON_ASK_PRIVATELY, url=private_link(username, payload))
    name = html(user.first_name or texts.READER_FALLBACK_NAME)
    template = texts.GROUP_ASK_PRIVATELY if question else texts.GROUP_TALK_PRIVATELY
    await reply(update, template.format(name=name), reply_markup=InlineKeyboardMarkup([[button]]))


async def kept_question(context: WartaContext, chat_id: int, payload: str) -> str | None:
    """The question a ``/start ask_<token>`` deep link carries (kept for this private chat);
    None when the payload is not one, or the question was forgotten (a week)."""
    if not payload.startswith(ASK_PREFIX):
        return None
    token = payload[len(ASK_PREFIX) :]
    db = services(context).db
    return await button_state.recall_text(db, chat_id, button_state.QUESTION, token)


def register(application: Application) -> None:
    application.add_handler(
        MessageHandler(
            NEW_MESSAGES
            & filters.ChatType.GROUPS
            & filters.TEXT
            & ~filters.COMMAND
            & ~filters.VIA_BOT,
            on_group_mention,
        )
    )
