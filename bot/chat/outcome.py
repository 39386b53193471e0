"""How the handling of one update ended, as the inbox needs to know it: handled (done), or to
be handled again later because the database could not be reached (the update stays stored).

The inbox sets a fresh :class:`Outcome` in :data:`CURRENT` around each update; the error
handler, which runs inside the same task, marks it. Outside the inbox (no outcome set) the
marks are no-ops.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass
class Outcome:
    """One update's handling: ``attempts`` counts this one; ``retry`` asks for another later."""

    attempts: int = 1
    retry: bool = False


CURRENT: ContextVar[Outcome | None] = ContextVar("warta_update_outcome", default=None)


def handle_again_later() -> bool:
    """Ask for the current update to be handled again when the database is back; returns
    whether this is its first try (so the reader is told once that the answer will come)."""
    outcome = CURRENT.get()
    if outcome is None:
        return True
    outcome.retry = True
    return outcome.attempts <= 1
