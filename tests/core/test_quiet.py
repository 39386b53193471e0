"""Quiet hours: which local hours are inside, and until when a push waits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import ChatSettings
from bot.core.quiet import NOT_QUIET, QuietDecision, in_window, quiet_decision, window_end


def test_a_window_across_midnight_holds_the_night_and_not_the_day() -> None:
    inside = [h for h in range(24) if in_window(h, 21, 6)]
    assert inside == [0, 1, 2, 3, 4, 5, 21, 22, 23]


def test_a_window_within_one_day_holds_start_up_to_end() -> None:
    assert [h for h in range(24) if in_window(h, 13, 15)] == [13, 14]


def test_equal_start_and_end_is_no_window() -> None:
    assert not any(in_window(h, 6, 6) for h in range(24))


def chat(zone: str = "Asia/Jakarta", **changes: object) -> ChatSettings:
    fields: dict = {"quiet_start": 21, "quiet_end": 6, **changes}
    return ChatSettings(chat_id=1, timezone=zone, **fields)


@pytest.mark.parametrize(
    ("now", "until"),
    [
        # 22.30 WIB: held until 06.00 WIB the next morning (23.00 UTC).
        (datetime(2026, 12, 7, 15, 30, tzinfo=UTC), datetime(2026, 12, 7, 23, 0, tzinfo=UTC)),
        # 01.00 WIB, after midnight: held until 06.00 WIB the same morning.
        (datetime(2026, 12, 7, 18, 0, tzinfo=UTC), datetime(2026, 12, 7, 23, 0, tzinfo=UTC)),
        # 21.00 WIB exactly: inside.
        (datetime(2026, 12, 7, 14, 0, tzinfo=UTC), datetime(2026, 12, 7, 23, 0, tzinfo=UTC)),
    ],
)
def test_a_push_in_the_window_waits_for_its_end_in_the_readers_zone(
    now: datetime, until: datetime
) -> None:
    assert quiet_decision(chat(), now) == QuietDecision(until=until)


def test_the_end_is_computed_in_wita_and_wit_too() -> None:
    now = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)  # 23.30 WITA, 00.30 WIT
    assert quiet_decision(chat("Asia/Makassar"), now).until == datetime(
        2026, 12, 7, 22, 0, tzinfo=UTC
    )
    assert quiet_decision(chat("Asia/Jayapura"), now).until == datetime(
        2026, 12, 7, 21, 0, tzinfo=UTC
    )


def test_06_00_is_outside_and_the_day_is_untouched() -> None:
    assert quiet_decision(chat(), datetime(2026, 12, 7, 23, 0, tzinfo=UTC)) is NOT_QUIET
    assert quiet_decision(chat(), datetime(2026, 12, 7, 5, 0, tzinfo=UTC)) is NOT_QUIET


def test_silent_mode_sends_at_once_without_a_sound() -> None:
    decision = quiet_decision(chat(quiet_mode="silent"), datetime(2026, 12, 7, 16, tzinfo=UTC))
    assert decision == QuietDecision(silent=True)


@pytest.mark.parametrize(
    "changes",
    [{"quiet_start": None, "quiet_end": None}, {"quiet_start": 22, "quiet_end": 22}],
    ids=["off", "equal"],
)
def test_off_or_equal_hours_never_hold(changes: dict) -> None:
    for hour in range(24):
        now = datetime(2026, 12, 7, hour, tzinfo=UTC)
        assert quiet_decision(chat(**changes), now) is NOT_QUIET


def test_window_end_is_always_after_now() -> None:
    now = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)  # 06.00 WIB on the dot
    assert window_end(now, "Asia/Jakarta", 6) == datetime(2026, 12, 8, 23, 0, tzinfo=UTC)
