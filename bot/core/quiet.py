"""Quiet hours ("jam tenang"): a window of local hours in which pushes wait or come silently.

A window is ``start`` to ``end`` in whole local hours of the reader's zone, ``start``
included and ``end`` excluded: 21 to 6 is 21.00 until 06.00 the next morning (it crosses
midnight whenever ``end`` is before ``start``). ``start == end`` is not a window (the store
refuses it), and no start means quiet hours are off. Indonesian zones have no daylight
saving time, but the times are computed with :mod:`zoneinfo` all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.models import ChatSettings

HOLD = "hold"  # pushes wait until the window ends
SILENT = "silent"  # pushes come at once, without a notification sound


@dataclass(frozen=True, slots=True)
class QuietDecision:
    """What quiet hours do to a push sent now: nothing, hold it until ``until``, or send it
    silently."""

    until: datetime | None = None  # UTC: the end of the window, when the push waits
    silent: bool = False


NOT_QUIET = QuietDecision()


def in_window(hour: int, start: int, end: int) -> bool:
    """Whether local ``hour`` is inside the window ``start``–``end`` (end excluded)."""
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end  # across midnight


def window_end(now: datetime, zone: str, end: int) -> datetime:
    """The next ``end``:00 in ``zone`` after ``now`` (aware), in UTC."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    candidate = datetime.combine(local.date(), time(end), tzinfo=tz)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), time(end), tzinfo=tz)
    return candidate.astimezone(UTC)


def quiet_decision(chat: ChatSettings, now: datetime) -> QuietDecision:
    """What the chat's quiet hours do to a push at ``now`` (aware)."""
    start, end = chat.quiet_start, chat.quiet_end
    if start is None or end is None or start == end:
        return NOT_QUIET
    local = now.astimezone(ZoneInfo(chat.timezone))
    if not in_window(local.hour, start, end):
        return NOT_QUIET
    if chat.quiet_mode == SILENT:
        return QuietDecision(silent=True)
    return QuietDecision(until=window_end(now, chat.timezone, end))
