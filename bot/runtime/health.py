"""``/healthz``: is this process doing its job? The database, the last poll, the sender.

The database is pinged by a :class:`DatabaseProbe` from its own thread, one ping at a time,
so a health check never waits on a database that does not answer: a ping that has not
answered within ``PING_DEADLINE`` seconds is a failure, and the last answer is at most
``PING_EVERY + PING_DEADLINE`` seconds old.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.core.logsafe import redact
from bot.delivery.sender import CLAIM_TIMEOUT
from bot.runtime.ops_server import OutboxReading
from bot.runtime.services import Services
from bot.storage import Store

MIN_POLL_GRACE = 120.0  # seconds: a poll may take this long on top of the poll interval
PING_EVERY = 1.0  # seconds between pings while /healthz is being asked
PING_DEADLINE = 1.5  # seconds: a ping slower than this counts as a failure
PROBE_IDLE = 60.0  # seconds without a health check after which the probe's thread ends


class DatabaseProbe:
    """Pings the store from a daemon thread while someone asks; answers from the last ping.

    :meth:`status` waits at most ``deadline`` seconds: None when the database answered,
    else why not (the error, or how long the running ping has gone unanswered).
    """

    def __init__(
        self,
        store: Store,
        *,
        every: float = PING_EVERY,
        deadline: float = PING_DEADLINE,
        idle_after: float = PROBE_IDLE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = weakref.ref(store)
        self.every = every
        self.deadline = deadline
        self.idle_after = idle_after
        self.clock = clock
        self._cond = threading.Condition()
        self._running_since: float | None = None
        self._result: tuple[float, str | None] | None = None  # (when, error or None)
        self._asked = clock()
        self._thread: threading.Thread | None = None

    def status(self) -> str | None:
        with self._cond:
            now = self.clock()
            self._asked = now
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="warta-health-ping", daemon=True
                )
                self._thread.start()
            give_up = now + self.deadline
            while True:
                now = self.clock()
                since = self._running_since
                if since is not None and now - since >= self.deadline:
                    return f"no answer for {now - since:.1f} s"
                result = self._result
                if result is not None and now - result[0] <= self.every + self.deadline:
                    return result[1]
                if now >= give_up:
                    return f"no answer within {self.deadline:.1f} s"
                wake = give_up if since is None else min(give_up, since + self.deadline)
                self._cond.wait(max(0.01, wake - now))

    def _run(self) -> None:
        while True:
            with self._cond:
                if self.clock() - self._asked > self.idle_after:
                    self._thread = None
                    return
                started = self._running_since = self.clock()
            error = self._ping()
            with self._cond:
                self._running_since = None
                self._result = (self.clock(), error)
                self._cond.notify_all()
            time.sleep(max(0.0, self.every - (self.clock() - started)))

    def _ping(self) -> str | None:
        store = self._store()
        if store is None:
            return "the store is closed"
        try:
            store.ping()
        except Exception as exc:
            return redact(f"{type(exc).__name__}: {exc}")[:300]
        finally:
            del store
        return None


_PROBES: weakref.WeakKeyDictionary[Store, DatabaseProbe] = weakref.WeakKeyDictionary()
_PROBES_LOCK = threading.Lock()


def probe_for(store: Store) -> DatabaseProbe:
    """The process's probe of ``store`` (one per store)."""
    with _PROBES_LOCK:
        probe = _PROBES.get(store)
        if probe is None:
            probe = _PROBES[store] = DatabaseProbe(store)
        return probe


def ping(services: Services) -> None:
    """A round trip to the database, bounded; raises when it fails or does not answer."""
    error = probe_for(services.store).status()
    if error is not None:
        raise ConnectionError(error)


def outbox_backlog(services: Services) -> OutboxReading:
    """The outbox figures of ``/metrics``: waiting messages and the oldest one's queueing
    time; messages being sent and how many of them are stale (claimed before the claim
    timeout). Blocking: the ops server reads it from its own thread."""
    store = services.store
    now = services.now()
    depth, oldest = store.outbox_backlog(now=now)
    sending, stale = store.outbox_in_flight(claimed_before=now - timedelta(seconds=CLAIM_TIMEOUT))
    return OutboxReading(depth, oldest, sending=sending, stale=stale)


def check(services: Services) -> tuple[bool, dict[str, Any]]:
    """(healthy, details), within about ``PING_DEADLINE`` seconds. Unhealthy: the database
    cannot be reached (or does not answer in time), the feeds were not polled for three poll
    intervals (workers), or the sender stopped where it should run."""
    role = services.role
    body: dict[str, Any] = {"role": role}
    ok = True
    try:
        ping(services)
        body["database"] = "ok"
    except Exception as exc:
        ok = False
        reason = str(exc) if isinstance(exc, ConnectionError) else f"{type(exc).__name__}: {exc}"
        body["database"] = redact(reason)[:300]
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
