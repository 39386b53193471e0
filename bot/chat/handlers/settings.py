"""/pengaturan: digest hour, time zone (WIB/WITA/WIT), delivery mode, pause, pictures in
pushes and quiet hours ("jam tenang"), as buttons.

Every button edits the same message, which always shows the current values. Quiet hours take
two taps: the start hour, then the end hour (the start's own hour is not offered: a window
must have a length); their mode (hold pushes until the end, or send them silently) is a
choice on the same screen.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat.context import WartaContext
from bot.chat.handlers.common import MANAGE_UPDATES, edit, remember_chat, reply, services
from bot.chat.handlers.groups import can_manage, refuse_non_admin
from bot.core.models import ChatSettings
from bot.core.quiet import HOLD, SILENT, in_window
from bot.present import texts
from bot.present.callbacks import (
    OPEN_SETTINGS,
    SETTINGS,
    SETTINGS_HOURS,
    SETTINGS_MAIN,
    SETTINGS_QUIET,
    QuietStart,
    SetHour,
    SetMode,
    SetPaused,
    SetPictures,
    SetQuietHours,
    SetQuietMode,
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


def quiet_window(chat: ChatSettings) -> str | None:
    """ "21.00–06.00 WIB", or None when quiet hours are off."""
    if chat.quiet_start is None or chat.quiet_end is None:
        return None
    return texts.QUIET_WINDOW.format(
        start=hour_label(chat.quiet_start),
        end=hour_label(chat.quiet_end),
        zone=timezone_label(chat.timezone),
    )


def quiet_summary(chat: ChatSettings) -> str:
    window = quiet_window(chat)
    if window is None:
        return texts.QUIET_OFF
    summary = texts.QUIET_SILENT if chat.quiet_mode == SILENT else texts.QUIET_HOLD
    return summary.format(window=window)


def digest_in_quiet_note(chat: ChatSettings) -> str:
    """A note when the digest hour falls inside quiet hours (what happens to the digest)."""
    start, end = chat.quiet_start, chat.quiet_end
    if start is None or end is None or not in_window(chat.digest_hour, start, end):
        return ""
    hour = f"{hour_label(chat.digest_hour)} {timezone_label(chat.timezone)}"
    if chat.quiet_mode == SILENT:
        return texts.QUIET_DIGEST_SILENT.format(hour=hour)
    return texts.QUIET_DIGEST_HELD.format(hour=hour, end=hour_label(end))


def settings_text(
    chat: ChatSettings,
    *,
    choosing_hour: bool = False,
    choosing_quiet: bool = False,
    quiet_start: int | None = None,
) -> str:
    zone = timezone_label(chat.timezone)
    text = texts.SETTINGS.format(
        hour=f"{hour_label(chat.digest_hour)} {zone}",
        zone=zone,
        mode=texts.MODE_INSTANT if chat.mode == "instant" else texts.MODE_DIGEST,
        status=texts.STATUS_PAUSED if chat.paused else texts.STATUS_ACTIVE,
    )
    text += texts.SETTINGS_MORE.format(
        pictures=texts.PICTURES_ON if chat.pictures else texts.PICTURES_OFF,
        quiet=quiet_summary(chat),
    )
    text += digest_in_quiet_note(chat)
    if choosing_hour:
        text += texts.SETTINGS_CHOOSE_HOUR.format(zone=zone)
    if quiet_start is not None:
        text += texts.SETTINGS_CHOOSE_QUIET_END.format(start=hour_label(quiet_start), zone=zone)
    elif choosing_quiet:
        text += texts.SETTINGS_CHOOSE_QUIET_START.format(zone=zone)
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
    pictures = (
        InlineKeyboardButton(texts.BUTTON_PICTURES_OFF, callback_data=SetPictures(False).encode())
        if chat.pictures
        else InlineKeyboardButton(
            texts.BUTTON_PICTURES_ON, callback_data=SetPictures(True).encode()
        )
    )
    quiet = InlineKeyboardButton(texts.BUTTON_QUIET, callback_data=SETTINGS_QUIET)
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.BUTTON_HOUR, callback_data=SETTINGS_HOURS)],
            zone_row,
            mode_row,
            [pictures, quiet],
            [pause],
        ]
    )


def _hour_rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + HOURS_PER_ROW] for i in range(0, len(buttons), HOURS_PER_ROW)]


def quiet_start_keyboard(chat: ChatSettings) -> InlineKeyboardMarkup:
    """The start hours, the mode, "off" (when on) and back."""
    rows = _hour_rows(
        [
            InlineKeyboardButton(
                _mark(hour_label(hour), hour == chat.quiet_start),
                callback_data=QuietStart(hour).encode(),
            )
            for hour in range(24)
        ]
    )
    rows.append(
        [
            InlineKeyboardButton(
                _mark(texts.BUTTON_QUIET_HOLD, chat.quiet_mode == HOLD),
                callback_data=SetQuietMode(HOLD).encode(),
            ),
            InlineKeyboardButton(
                _mark(texts.BUTTON_QUIET_SILENT, chat.quiet_mode == SILENT),
                callback_data=SetQuietMode(SILENT).encode(),
            ),
        ]
    )
    if chat.quiet_start is not None:
        off = SetQuietHours(None, None).encode()
        rows.append([InlineKeyboardButton(texts.BUTTON_QUIET_OFF, callback_data=off)])
    rows.append([InlineKeyboardButton(texts.BUTTON_BACK, callback_data=SETTINGS_MAIN)])
    return InlineKeyboardMarkup(rows)


def quiet_end_keyboard(chat: ChatSettings, start: int) -> InlineKeyboardMarkup:
    """The end hours after ``start`` (in the order of the day from it; never ``start``)."""
    ends = [(start + step) % 24 for step in range(1, 24)]
    rows = _hour_rows(
        [
            InlineKeyboardButton(
                _mark(hour_label(end), start == chat.quiet_start and end == chat.quiet_end),
                callback_data=SetQuietHours(start, end).encode(),
            )
            for end in ends
        ]
    )
    rows.append([InlineKeyboardButton(texts.BUTTON_BACK, callback_data=SETTINGS_QUIET)])
    return InlineKeyboardMarkup(rows)


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
    """The chat settings a button changes; None when the data is not a valid change (quiet
    hours that start and end at the same hour included)."""
    match parse_setting(data):
        case SetHour(hour=hour):
            return {"digest_hour": hour}
        case SetZone() as zone:
            return {"timezone": zone.timezone}
        case SetMode(mode=mode):
            return {"mode": mode}
        case SetPaused(paused=paused):
            return {"paused": paused}
        case SetPictures(pictures=pictures):
            return {"pictures": pictures}
        case SetQuietHours(start=start, end=end) if start is None or start != end:
            return {"quiet_start": start, "quiet_end": end}
        case SetQuietMode(mode=mode):
            return {"quiet_mode": mode}
    return None


def change_notice(change: dict[str, object], chat: ChatSettings) -> str:
    """The pop-up after a change: what it does, as it now stands."""
    if "pictures" in change:
        return (
            texts.SETTINGS_SAVED_PICTURES_ON if chat.pictures else texts.SETTINGS_SAVED_PICTURES_OFF
        )
    if "quiet_start" in change or "quiet_mode" in change:
        window = quiet_window(chat)
        if window is None and "quiet_start" in change:
            return texts.SETTINGS_SAVED_QUIET_OFF
        silent = chat.quiet_mode == SILENT
        if window is None or "quiet_mode" in change:
            return (
                texts.SETTINGS_SAVED_QUIET_MODE_SILENT
                if silent
                else texts.SETTINGS_SAVED_QUIET_MODE_HOLD
            )
        assert chat.quiet_end is not None
        if silent:
            return texts.SETTINGS_SAVED_QUIET_SILENT.format(window=window)
        return texts.SETTINGS_SAVED_QUIET_HOLD.format(window=window, end=hour_label(chat.quiet_end))
    return saved_notice(chat)


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
    if query.data == SETTINGS_QUIET:
        await edit(
            update,
            settings_text(chat, choosing_quiet=True),
            reply_markup=quiet_start_keyboard(chat),
        )
        await query.answer()
        return
    start = QuietStart.parse(query.data)
    if start is not None:
        await edit(
            update,
            settings_text(chat, quiet_start=start.hour),
            reply_markup=quiet_end_keyboard(chat, start.hour),
        )
        await query.answer()
        return
    change = parse_change(query.data)
    if change is None:
        hours = SetQuietHours.parse(query.data)
        same = hours is not None and hours.start is not None and hours.start == hours.end
        await query.answer(
            texts.QUIET_SAME_HOURS if same else texts.SETTINGS_INVALID, show_alert=True
        )
        return
    chat = await services(context).db.update_chat(chat.chat_id, **change)
    await edit(update, settings_text(chat), reply_markup=main_keyboard(chat))
    await query.answer(change_notice(change, chat))


def register(application: Application) -> None:
    application.add_handler(
        CommandHandler(["pengaturan", "settings"], settings_command, filters=MANAGE_UPDATES)
    )
    application.add_handler(CallbackQueryHandler(on_button, pattern=prefixed(SETTINGS)))
