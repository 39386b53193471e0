"""``/healthz``: is this process doing its job? The database, the last poll, the sender."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.logsafe import redact
from bot.runtime.services import Services

MIN_POLL_GRACE = 120.0  # seconds: a poll may take this long on top of the poll interval


def ping(services: Services) -> None:
    """A cheap round trip to the database; raises when it cannot be reached."""
    services.store.ping()


def outbox_backlog(services: Services) -> tuple[int, datetime | None]:
    """Waiting outbox messages and when the oldest was queued (for the metrics)."""
    return services.store.outbox_backlog(now=services.now())


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
        if worker is None or worker.leading:  # --role all on SQLite always sends
            alive = services.sender_alive()
            body["sender"] = "running" if alive else "stopped"
            ok = ok and alive
        else:
            body["sender"] = "standby"
    return ok, body
