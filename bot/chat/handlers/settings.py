"""/pengaturan: digest hour, time zone (WIB/WITA/WIT), delivery mode and pause, as buttons.

Every button edits the same message, which always shows the current values.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat.context import WartaContext
from bot.chat.handlers.common import MANAGE_UPDATES, edit, remember_chat, reply, services
from bot.chat.handlers.groups import can_manage, refuse_non_admin
from bot.core.models import ChatSettings
from bot.present import texts
from bot.present.callbacks import (
    OPEN_SETTINGS,
    SETTINGS,
    SETTINGS_HOURS,
    SETTINGS_MAIN,
    SetHour,
    SetMode,
    SetPaused,
    SetZone,
    parse_setting,
    prefixed,
)
from bot.present.timefmt import ZONES, timezone_label

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
        InlineKeyboardButton(
            _mark(label, tz == chat.timezone), callback_data=SetZone(label).encode()
        )
        for label, tz in ZONES.items()
    ]
    mode_row = [
        InlineKeyboardButton(
            _mark(texts.BUTTON_MODE_INSTANT, chat.mode == "instant"),
            callback_data=SetMode("instant").encode(),
        ),
        InlineKeyboardButton(
            _mark(texts.BUTTON_MODE_DIGEST, chat.mode == "digest"),
            callback_data=SetMode("digest").encode(),
        ),
    ]
    pause = (
        InlineKeyboardButton(texts.BUTTON_RESUME, callback_data=SetPaused(False).encode())
        if chat.paused
        else InlineKeyboardButton(texts.BUTTON_PAUSE, callback_data=SetPaused(True).encode())
    )
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.BUTTON_HOUR, callback_data=SETTINGS_HOURS)],
            zone_row,
            mode_row,
            [pause],
        ]
    )


def hours_keyboard(chat: ChatSettings) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            _mark(hour_label(hour), hour == chat.digest_hour),
            callback_data=SetHour(hour).encode(),
        )
        for hour in range(24)
    ]
    rows = [buttons[i : i + HOURS_PER_ROW] for i in range(0, 24, HOURS_PER_ROW)]
    rows.append([InlineKeyboardButton(texts.BUTTON_BACK, callback_data=SETTINGS_MAIN)])
    return InlineKeyboardMarkup(rows)


def parse_change(data: str) -> dict[str, object] | None:
    """The chat settings a button changes; None when the data is not a valid change."""
    match parse_setting(data):
        case SetHour(hour=hour):
            return {"digest_hour": hour}
        case SetZone() as zone:
            return {"timezone": zone.timezone}
        case SetMode(mode=mode):
            return {"mode": mode}
        case SetPaused(paused=paused):
            return {"paused": paused}
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
    if query.data == SETTINGS_MAIN:
        await edit(update, settings_text(chat), reply_markup=main_keyboard(chat))
        await query.answer()
        return
    if query.data == SETTINGS_HOURS:
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
    await edit(update, settings_text(chat), reply_markup=main_keyboard(chat))
    await query.answer(saved_notice(chat))


def register(application: Application) -> None:
    application.add_handler(
        CommandHandler(["pengaturan", "settings"], settings_command, filters=MANAGE_UPDATES)
    )
    application.add_handler(CallbackQueryHandler(on_button, pattern=prefixed(SETTINGS)))
