"""Inline keyboards shared by jobs (queued with a message) and handlers (edited in place).

Callback data stays within Telegram's 64 bytes by carrying ids, never the reader's words; it
is built by :mod:`bot.present.callbacks`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.models import Subscription, Topic
from bot.present import texts
from bot.present.callbacks import OPEN_SETTINGS, AnswerVote, DigestPage, FollowAgain, Unfollow
from bot.present.render import escape, shorten

BUTTON_NAME_MAX = 28  # characters of a topic or keyword inside a button label
SHARE_QUERY_MAX = 200  # characters of the title put in the share button's inline query


def subscription_name(sub: Subscription, topics: Mapping[str, Topic]) -> str:
    """What a reader calls the subscription: the topic's name, or the keyword as typed."""
    if sub.kind == "topic":
        topic = topics.get(sub.value)
        return topic.name if topic else sub.value
    return sub.value


def push_reason(sub: Subscription, topics: Mapping[str, Topic]) -> str:
    """The first line of a push (Telegram HTML): "📌 Pajak" or "🔑 kartu prakerja"."""
    name = escape(shorten(subscription_name(sub, topics), 100))
    if sub.kind == "topic":
        return texts.PUSH_REASON_TOPIC.format(name=name)
    return texts.PUSH_REASON_KEYWORD.format(keyword=name)


def share_button(title: str) -> InlineKeyboardButton:
    """Opens the chat picker with ``@bot <title>``: inline mode finds the story."""
    query = shorten(title, SHARE_QUERY_MAX)
    return InlineKeyboardButton(texts.BUTTON_SHARE, switch_inline_query=query)


def push_keyboard(sub: Subscription, name: str, title: str) -> InlineKeyboardMarkup:
    """Under a push: unfollow the subscription that brought it, and share the story."""
    label = texts.BUTTON_UNFOLLOW.format(name=shorten(name, BUTTON_NAME_MAX))
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=Unfollow(sub.id).encode())],
            [share_button(title)],
        ]
    )


def push_keyboard_json(sub: Subscription, name: str, title: str) -> str:
    """:func:`push_keyboard` as the outbox stores it."""
    return json.dumps(push_keyboard(sub, name, title).to_dict(), ensure_ascii=False)


class PushKeyboards:
    """:func:`push_keyboard_json` for many chats: the JSON is built once per subscription
    and title, and only the subscription id differs from chat to chat."""

    _MARK = -7  # a placeholder id, replaced in the callback data only

    def __init__(self) -> None:
        self._templates: dict[tuple[str, str, str], str] = {}

    def json(self, sub: Subscription, name: str, title: str) -> str:
        key = (sub.kind, name, title)
        template = self._templates.get(key)
        if template is None:
            marked = Subscription(sub.chat_id, sub.kind, sub.value, id=self._MARK)
            template = self._templates[key] = push_keyboard_json(marked, name, title)
        mark = json.dumps(Unfollow(self._MARK).encode())
        return template.replace(mark, json.dumps(Unfollow(sub.id).encode()), 1)


def follow_again_row(subscription_id: int) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            texts.BUTTON_FOLLOW_AGAIN, callback_data=FollowAgain(subscription_id).encode()
        )
    ]


def unfollow_row(subscription_id: int, name: str) -> list[InlineKeyboardButton]:
    label = texts.BUTTON_UNFOLLOW.format(name=shorten(name, BUTTON_NAME_MAX))
    return [InlineKeyboardButton(label, callback_data=Unfollow(subscription_id).encode())]


def digest_keyboard(digest_id: int | None, page: int, pages: int) -> InlineKeyboardMarkup:
    """⟨ 1/3 ⟩ (when there is more than one page; wrapping around) and ⚙️ Pengaturan."""
    rows: list[list[InlineKeyboardButton]] = []
    if digest_id is not None and pages > 1:
        previous = pages if page <= 1 else page - 1
        following = 1 if page >= pages else page + 1
        rows.append(
            [
                InlineKeyboardButton(
                    texts.PAGER_PREVIOUS_SHORT,
                    callback_data=DigestPage(digest_id, previous).encode(),
                ),
                InlineKeyboardButton(
                    texts.PAGE_OF.format(page=page, pages=pages),
                    callback_data=DigestPage(digest_id, page).encode(),
                ),
                InlineKeyboardButton(
                    texts.PAGER_NEXT_SHORT, callback_data=DigestPage(digest_id, following).encode()
                ),
            ]
        )
    rows.append([InlineKeyboardButton(texts.BUTTON_SETTINGS, callback_data=OPEN_SETTINGS)])
    return InlineKeyboardMarkup(rows)


def feedback_keyboard(answer_id: int, chosen: str | None = None) -> InlineKeyboardMarkup:
    """👍 and 👎 under an answer; after a press the chosen one is marked "✅" (both stay, so
    a later press changes the vote)."""
    buttons = []
    for vote, label in (("up", texts.BUTTON_VOTE_UP), ("down", texts.BUTTON_VOTE_DOWN)):
        if vote == chosen:
            label = texts.BUTTON_VOTE_CHOSEN.format(label=label)
        buttons.append(
            InlineKeyboardButton(label, callback_data=AnswerVote(answer_id, vote).encode())
        )
    return InlineKeyboardMarkup([buttons])
