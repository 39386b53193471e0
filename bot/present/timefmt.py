"""Dates and times the Indonesian way: "Hari ini, 14.30 WIB", "Kemarin, 09.05 WIB",
"Rabu, 4 Nov 14.30 WIB" this year and "Rabu, 4 Nov 2020 14.30 WIB" before it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.present import texts

__all__ = [
    "DAYS",
    "MONTHS",
    "ZONES",
    "ZONE_LABELS",
    "format_clock",
    "format_local_date",
    "format_local_time",
    "format_moment",
    "local_datetime",
    "timezone_label",
    "zone",
]

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday first
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

# Indonesia's three time zones, as offered in /pengaturan.
ZONES: dict[str, str] = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
}
# The abbreviations every reader knows.
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone(tz: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name; ValueError with a clear message when unknown."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"unknown time zone {tz!r} (expected e.g. 'Asia/Jakarta')") from exc


def local_datetime(dt: datetime, tz: str) -> datetime:
    """``dt`` converted to ``tz``; a naive ``dt`` is taken to be UTC (the store's convention)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(zone(tz))


def timezone_label(tz: str, at: datetime | None = None) -> str:
    """WIB / WITA / WIT for Indonesia's zones; otherwise the zone's own abbreviation."""
    label = ZONE_LABELS.get(tz)
    if label:
        return label
    local = local_datetime(at or datetime.now(UTC), tz)
    name = local.tzname() or tz
    # zoneinfo gives numeric names ("+08") for zones without an abbreviation.
    return f"UTC{name}" if name[:1] in "+-" else name


def _relative_day(local: datetime, tz: str, now: datetime | None) -> str | None:
    """ "Hari ini" or "Kemarin" when ``local`` falls on today or yesterday in ``tz``."""
    today = local_datetime(now or datetime.now(UTC), tz).date()
    days = (today - local.date()).days
    if days == 0:
        return texts.TODAY
    if days == 1:
        return texts.YESTERDAY
    return None


def format_local_date(dt: datetime, tz: str, *, now: datetime | None = None) -> str:
    """ "Hari ini", "Kemarin", "Rabu, 4 Nov" (this year) or "Rabu, 4 Nov 2020", in the
    reader's time zone; ``now`` defaults to the current time."""
    local = local_datetime(dt, tz)
    relative = _relative_day(local, tz, now)
    if relative:
        return relative
    date = f"{DAYS[local.weekday()]}, {local.day} {MONTHS[local.month - 1]}"
    this_year = local_datetime(now or datetime.now(UTC), tz).year
    return date if local.year == this_year else f"{date} {local.year}"


def format_clock(dt: datetime, tz: str) -> str:
    """ "14.30 WIB": the time of day in the reader's zone (24-hour clock, dot separator)."""
    local = local_datetime(dt, tz)
    return f"{local:%H.%M} {timezone_label(tz, local)}"


def format_local_time(dt: datetime, tz: str, *, now: datetime | None = None) -> str:
    """ "Hari ini, 14.30 WIB", "Kemarin, 14.30 WIB", "Rabu, 4 Nov 14.30 WIB" or
    "Rabu, 4 Nov 2020 14.30 WIB" in the reader's time zone."""
    local = local_datetime(dt, tz)
    date = format_local_date(local, tz, now=now)
    separator = ", " if date in (texts.TODAY, texts.YESTERDAY) else " "
    return f"{date}{separator}{format_clock(local, tz)}"


def format_moment(dt: datetime, tz: str, *, now: datetime | None = None) -> str:
    """A moment inside a sentence: "hari ini pukul 18.30 WIB", "kemarin pukul 21.13 WITA",
    "Senin, 23 Nov pukul 07.00 WIB"."""
    day = format_local_date(dt, tz, now=now)
    if day in (texts.TODAY, texts.YESTERDAY):
        day = day.lower()
    return texts.AT_CLOCK.format(day=day, clock=format_clock(dt, tz))
