"""Dates and times the Indonesian way: "Rabu, 4 Nov 2020 14.30 WIB"."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DAYS",
    "MONTHS",
    "ZONE_LABELS",
    "format_local_date",
    "format_local_time",
    "local_datetime",
    "timezone_label",
    "zone",
]

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday first
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

# Indonesia's three time zones and the abbreviations every reader knows.
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


def format_local_date(dt: datetime, tz: str) -> str:
    """ "Rabu, 4 Nov 2020" in the reader's time zone."""
    local = local_datetime(dt, tz)
    return f"{DAYS[local.weekday()]}, {local.day} {MONTHS[local.month - 1]} {local.year}"


def format_local_time(dt: datetime, tz: str) -> str:
    """ "Rabu, 4 Nov 2020 14.30 WIB" in the reader's time zone (24-hour clock, dot separator)."""
    local = local_datetime(dt, tz)
    return f"{format_local_date(local, tz)} {local:%H.%M} {timezone_label(tz, local)}"
