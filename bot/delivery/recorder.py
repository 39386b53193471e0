"""Delivery outcomes the database could not record yet: kept in memory and written later.

The sender claims an outbox row ('sending') right before the HTTP call and records the
outcome right after it. When the database is down at that moment, the outcome must not be
lost: a message Telegram accepted left 'sending' would be sent again by the next sender
that requeues it. :class:`OutcomeRecorder` keeps such outcomes (sent, or claimed but not sent)
and writes them from its own thread, with back-off, as soon as the database answers again.
It gives an outcome up after ``give_up_after`` seconds (counted, logged): memory holds only
what is needed, and the claim timeout (``bot.delivery.sender.CLAIM_TIMEOUT``) is longer, so a
live sender never requeues a row whose outcome is still held here.

One recorder per store in a process (:func:`recorder_for`), so a sender started again after
a lost lease (the same process, the same store) sees what the previous one could not record.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.core import metrics
from bot.core.logsafe import redact
from bot.storage import Store

log = logging.getLogger(__name__)

RECORD_FOR = 180.0
"""Seconds an outcome is retried before it is given up (the row then stays 'sending')."""


@dataclass(frozen=True)
class Outcome:
    """What happened to a claimed message: sent (with Telegram's message id), or not sent."""

    message_id: int
    sent: bool
    at: datetime | None = None
    telegram_message_id: int | None = None

    def write(self, store: Store) -> None:
        if self.sent:
            assert self.at is not None
            store.mark_sent(
                self.message_id, at=self.at, telegram_message_id=self.telegram_message_id
            )
        else:
            store.release_claim(self.message_id)


class OutcomeRecorder:
    """Writes held outcomes from a daemon thread until each is recorded or given up."""

    def __init__(
        self,
        store: Store,
        *,
        give_up_after: float = RECORD_FOR,
        backoff_base: float = 0.25,
        backoff_max: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = weakref.ref(store)  # the registry must not keep a closed store alive
        self.give_up_after = give_up_after
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.clock = clock
        self._held: dict[int, tuple[Outcome, float]] = {}  # id -> (outcome, first failure)
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()  # one writer at a time (thread or flush())
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.recorded = 0
        self.given_up = 0

    def add(self, outcome: Outcome) -> None:
        """Hold ``outcome`` until the store records it (a newer one for the id replaces it)."""
        with self._lock:
            previous = self._held.get(outcome.message_id)
            since = self.clock() if previous is None else previous[1]
            self._held[outcome.message_id] = (outcome, since)
            if previous is None:
                metrics.OUTBOX_UNRECORDED.inc()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="warta-outbox-recorder", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def held_ids(self) -> frozenset[int]:
        """Ids whose outcome is not recorded yet: no sender may send or requeue them."""
        with self._lock:
            return frozenset(self._held)

    def __len__(self) -> int:
        with self._lock:
            return len(self._held)

    def flush(self) -> int:
        """Try to write every held outcome once, now (blocking); returns how many are left.

        Stops at the first failure: the database is most likely still down."""
        with self._write_lock:
            with self._lock:
                held = list(self._held.items())
            store = self._store()
            if store is None:  # the store is gone (the process is ending): nowhere to write
                self._give_up_old(everything=True)
                return 0
            for message_id, (outcome, _) in held:
                try:
                    outcome.write(store)
                except Exception as exc:
                    log.debug(
                        "outbox message %d: not recorded yet: %s", message_id, redact(str(exc))
                    )
                    break
                with self._lock:
                    current = self._held.get(message_id)
                    if current is not None and current[0] is outcome:
                        del self._held[message_id]
                        metrics.OUTBOX_UNRECORDED.dec()
                        self.recorded += 1
                log.info(
                    "outbox message %d recorded %s after the database came back",
                    message_id,
                    "sent" if outcome.sent else "not sent",
                )
            del store
            self._give_up_old()
            return len(self)

    def _give_up_old(self, *, everything: bool = False) -> None:
        now = self.clock()
        with self._lock:
            old = [
                i
                for i, (_, since) in self._held.items()
                if everything or now - since > self.give_up_after
            ]
            for message_id in old:
                outcome, _ = self._held.pop(message_id)
                metrics.OUTBOX_UNRECORDED.dec()
                metrics.OUTBOX_RECORD_GIVEN_UP.inc()
                self.given_up += 1
                log.error(
                    "outbox message %d: could not record that it was %s for %.0f s; giving up "
                    "(it stays 'sending' and may be sent again after the claim timeout)",
                    message_id,
                    "sent" if outcome.sent else "not sent",
                    self.give_up_after,
                )

    def _run(self) -> None:
        delay = self.backoff_base
        while True:
            self._wake.clear()
            try:
                left = self.flush()
            except Exception as exc:  # never let the thread die with outcomes held
                log.warning("outbox recorder: %s", redact(repr(exc)))
                left = len(self)
            if not left:
                with self._lock:
                    if not self._held:
                        self._thread = None
                        return
                continue
            self._wake.wait(delay)
            delay = min(self.backoff_max, delay * 2)


_RECORDERS: weakref.WeakKeyDictionary[Store, OutcomeRecorder] = weakref.WeakKeyDictionary()
_RECORDERS_LOCK = threading.Lock()


def recorder_for(store: Store) -> OutcomeRecorder:
    """The process's recorder for ``store`` (one per store, shared by its senders)."""
    with _RECORDERS_LOCK:
        recorder = _RECORDERS.get(store)
        if recorder is None:
            recorder = _RECORDERS[store] = OutcomeRecorder(store)
        return recorder
