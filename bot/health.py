"""``/healthz``: is this process doing its job? The database, the last poll, the sender."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.logsafe import redact
from bot.services import Services

MIN_POLL_GRACE = 120.0  # seconds: a poll may take this long on top of the poll interval


def ping(services: Services) -> None:
    """A cheap round trip to the database; raises when it cannot be reached."""
    store = services.store
    probe = getattr(store, "ping", None)
    if probe is not None:
        probe()
    else:  # stand-in until every backend has ping() (see STORAGE_CONTRACT.md)
        store.get_chat(0)


def outbox_backlog(services: Services) -> tuple[int, datetime | None]:
    """Waiting outbox messages and when the oldest was queued (for the metrics)."""
    store = services.store
    backlog = getattr(store, "outbox_backlog", None)
    if backlog is not None:
        return backlog(now=services.now())
    # Stand-in until every backend has outbox_backlog(): the oldest waiting row's not_before
    # (when it was queued, unless it waits for a retry).
    oldest = store.due_messages(now=services.now() + timedelta(days=3650), limit=1)
    return store.stats().pending, oldest[0].not_before if oldest else None


def check(services: Services) -> tuple[bool, dict[str, Any]]:
    """(healthy, details). Unhealthy: the database cannot be reached, the feeds were not
    polled for three poll intervals (workers), or the sender stopped where it should run."""
    role = services.role
    body: dict[str, Any] = {"role": role}
    ok = True
    try:
        ping(services)
        body["database"] = "ok"
    except Exception as exc:
        ok = False
        body["database"] = redact(f"{type(exc).__name__}: {exc}")[:300]
    if role != "bot":
        interval = services.settings.poll_interval
        since = services.last_poll_at or services.started_at
        age = (services.now() - since).total_seconds()
        body["last_poll_age_seconds"] = round(age, 1) if services.last_poll_at else None
        if age > 3 * interval + MIN_POLL_GRACE:
            ok = False
        worker = services.worker
        if role == "all" or (worker is not None and worker.leading):
            alive = services.sender_alive()
            body["sender"] = "running" if alive else "stopped"
            ok = ok and alive
        else:
            body["sender"] = "standby"
    return ok, body
