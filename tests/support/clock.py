"""A clock the test sets and moves (``Services.clock``, a store's ``clock=``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SettableClock:
    """Returns ``now`` when called; ``now`` starts at the given time (the real one if None)."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = datetime.now(UTC) if now is None else now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
