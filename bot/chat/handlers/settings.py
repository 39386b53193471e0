"""/pengaturan: digest hour, time zone (WIB/WITA/WIT), delivery mode and pause, as buttons.

Every button edits the same message, which always shows the current values.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat.context import WartaContext, reschedule_digest
from bot.chat.handlers.common import MANAGE_UPDATES, edit, remember_chat, reply, services
from bot.chat.handlers.groups import can_manage, refuse_non_admin
from bot.core.models import ChatSettings
from bot.present import texts
from bot.present.keyboards import OPEN_SETTINGS
from bot.present.timefmt import ZONES, timezone_label

PREFIX = "s"  # s:open | s:main | s:hours | s:h:<hour> | s:z:<WIB|WITA|WIT> | s:m:<mode> | s:p:<1|0>
MODES = ("instant", "digest")
HOURS_PER_ROW = 4  # wider rows are cut off on narrow phones


def hour_label(hour: int) -> str:
    return f"{hour:02d}.00"


def saved_notice(chat: ChatSettings) -> str:
    """The pop-up after a change: the schedule as it now stands."""
    hour = f"{hour_label(chat.digest_hour)} {timezone_label(chat.timezone)}"
    if chat.paused:
        return texts.SETTINGS_SAVED_PAUSED
    if chat.mode == "digest":
        return texts.SETTINGS_SAVED_DIGEST.format(hour=hour)
    return texts.SETTINGS_SAVED_INSTANT.format(hour=hour)


def settings_text(chat: ChatSettings, *, choosing_hour: bool = False) -> str:
    zone = timezone_label(chat.timezone)
    text = texts.SETTINGS.format(
        hour=f"{hour_label(chat.digest_hour)} {zone}",
        zone=zone,
        mode=texts.MODE_INSTANT if chat.mode == "instant" else texts.MODE_DIGEST,
        status=texts.STATUS_PAUSED if chat.paused else texts.STATUS_ACTIVE,
    )
    if choosing_hour:
        text += texts.SETTINGS_CHOOSE_HOUR.format(zone=zone)
    return text


def _mark(label: str, selected: bool) -> str:
    return texts.BUTTON_SELECTED.format(label=label) if selected else label


def main_keyboard(chat: ChatSettings) -> InlineKeyboardMarkup:
    zone_row = [
        InlineKeyboardButton(_mark(label, tz == chat.timezone), callback_data=f"{PREFIX}:z:{label}")
        for label, tz in ZONES.items()
    ]
    mode_row = [
        InlineKeyboardButton(
            _mark(texts.BUTTON_MODE_INSTANT, chat.mode == "instant"),
            callback_data=f"{PREFIX}:m:instant",
        ),
        InlineKeyboardButton(
            _mark(texts.BUTTON_MODE_DIGEST, chat.mode == "digest"),
            callback_data=f"{PREFIX}:m:digest",
        ),
    ]
    pause = (
        InlineKeyboardButton(texts.BUTTON_RESUME, callback_data=f"{PREFIX}:p:0")
        if chat.paused
        else InlineKeyboardButton(texts.BUTTON_PAUSE, callback_data=f"{PREFIX}:p:1")
    )
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.BUTTON_HOUR, callback_data=f"{PREFIX}:hours")],
            zone_row,
            mode_row,
            [pause],
        ]
    )


def hours_keyboard(chat: ChatSettings) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            _mark(hour_label(hour), hour == chat.digest_hour), callback_data=f"{PREFIX}:h:{hour}"
        )
        for hour in range(24)
    ]
    rows = [buttons[i : i + HOURS_PER_ROW] for i in range(0, 24, HOURS_PER_ROW)]
    rows.append([InlineKeyboardButton(texts.BUTTON_BACK, callback_data=f"{PREFIX}:main")])
    return InlineKeyboardMarkup(rows)


def parse_change(data: str) -> dict[str, object] | None:
    """The settings change a button asks for; None when the data is not a valid change."""
    parts = data.split(":")
    if len(parts) != 3:
        return None
    _, what, value = parts
    if what == "h" and value.isdigit() and 0 <= int(value) <= 23:
        return {"digest_hour": int(value)}
    if what == "z" and value in ZONES:
        return {"timezone": ZONES[value]}
    if what == "m" and value in MODES:
        return {"mode": value}
    if what == "p" and value in ("0", "1"):
        return {"paused": value == "1"}
    return None


async def settings_command(update: Update, context: WartaContext) -> None:
    chat = await remember_chat(update, context)
    if not await can_manage(update, context):  # a group member: the settings, read-only
        await reply(update, settings_text(chat) + texts.READ_ONLY_NOTE)
        return
    await reply(update, settings_text(chat), reply_markup=main_keyboard(chat))


async def on_button(update: Update, context: WartaContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    if query.data == OPEN_SETTINGS:  # "⚙️ Pengaturan" under a digest: a new panel
        chat = await remember_chat(update, context)
        if await can_manage(update, context):
            await reply(update, settings_text(chat), reply_markup=main_keyboard(chat))
        else:
            await reply(update, settings_text(chat) + texts.READ_ONLY_NOTE)
        await query.answer()
        return
    if not await can_manage(update, context):
        await refuse_non_admin(update)
        return
    chat = await remember_chat(update, context)
    if query.data == f"{PREFIX}:main":
        await edit(update, settings_text(chat), reply_markup=main_keyboard(chat))
        await query.answer()
        return
    if query.data == f"{PREFIX}:hours":
        await edit(
            update, settings_text(chat, choosing_hour=True), reply_markup=hours_keyboard(chat)
        )
        await query.answer()
        return
    change = parse_change(query.data)
    if change is None:
        await query.answer(texts.SETTINGS_INVALID, show_alert=True)
        return
    chat = await services(context).db.update_chat(chat.chat_id, **change)
    reschedule_digest(context, chat)
    await edit(update, settings_text(chat), reply_markup=main_keyboard(chat))
    await query.answer(saved_notice(chat))


def register(application: Application) -> None:
    application.add_handler(
        CommandHandler(["pengaturan", "settings"], settings_command, filters=MANAGE_UPDATES)
    )
    application.add_handler(CallbackQueryHandler(on_button, pattern=rf"^{PREFIX}:"))
