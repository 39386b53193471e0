"""The inbox: updates from Telegram, stored before they are confirmed, handled from the store.

A receiver (:mod:`bot.runtime.receive_polling` or :mod:`bot.runtime.receive_webhook`) stores
each update (:meth:`Inbox.receive`) before Telegram is told it arrived. This loop claims stored
updates (``Store.claim_updates``: the oldest unfinished update of each chat, never one another
process holds), runs PTB's handlers on each in a task of its own, and marks it done. Different
chats are handled at once, up to ``concurrency``; one chat's updates one after another, in the
order they came, since a chat's next update cannot be claimed before the previous one is done.

A crash leaves claimed updates ``working``: the claim expires after ``lease`` (renewed while
the handler runs) and they are handled again, by this process after a restart or by another
bot process. An update whose handler met an unreachable database is given back and handled
again a little later (:mod:`bot.chat.outcome`). A clean stop finishes what is in hand for a few
seconds and gives the rest back.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from telegram import Update
from telegram.ext import Application

from bot.chat.outcome import CURRENT, Outcome
from bot.core import metrics
from bot.core.logsafe import redact
from bot.core.models import InboxItem, IncomingUpdate
from bot.runtime.services import Services

log = logging.getLogger(__name__)

CONCURRENCY = 32  # updates handled at once by one process (different chats)
LEASE = timedelta(seconds=15)  # a claim's life; renewed every LEASE / 3 while handling
IDLE_LOOK = 1.0  # seconds between looks at the store when nothing woke the loop
RETRY_AFTER = timedelta(seconds=2)  # an update that met an unreachable database comes back
MAX_ATTEMPTS = 20  # claims of one update before it is given up (logged)
KEEP_DONE = timedelta(days=1)  # handled updates remembered: a redelivery is recognised
PURGE_EVERY = 600.0  # seconds
STORE_BATCH = 200  # receptions stored in one transaction, at most

# Storing what arrives has a thread of its own: acknowledging Telegram never waits behind the
# handlers' store calls (one at a time is enough: receptions are batched).
_RECEIVING = ThreadPoolExecutor(1, thread_name_prefix="warta-inbox-store")


def ordering_key(update: Update) -> int | None:
    """The chat whose updates keep their order: the chat, else the user (inline queries)."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


def incoming(update: Update) -> IncomingUpdate:
    """An update as the inbox stores it (ASCII JSON: no database refuses it)."""
    return IncomingUpdate(update.update_id, ordering_key(update), json.dumps(update.to_dict()))


class Inbox:
    """Stores updates as they arrive and handles them from the store."""

    def __init__(
        self,
        application: Application,
        *,
        holder: str,
        concurrency: int = CONCURRENCY,
        lease: timedelta = LEASE,
    ) -> None:
        self.application = application
        self.services: Services = application.bot_data
        self.holder = holder
        self.concurrency = concurrency
        self.lease = lease
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._in_hand: dict[int, asyncio.Task[None]] = {}
        self._task: asyncio.Task[None] | None = None
        self._last_purge = float("-inf")
        self._last_extend = time.monotonic()
        self._failing_since: float | None = None
        self._to_store: list[tuple[list[IncomingUpdate], asyncio.Future[None]]] = []
        self._storing: asyncio.Task[None] | None = None

    # -- receiving ---------------------------------------------------------------------------
    async def receive(self, updates: Sequence[Update]) -> None:
        """Store ``updates`` (a redelivered one is ignored) and wake the loop. Raises when the
        store cannot take them: the caller must not confirm them to Telegram.

        Updates received while a store call is running wait and go together in the next one
        (one transaction for many webhook requests: a commit each would cap the rate)."""
        if not updates:
            return
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._to_store.append(([incoming(u) for u in updates], done))
        if self._storing is None or self._storing.done():
            self._storing = asyncio.create_task(self._store_waiting(), name="warta-inbox-store")
        await done
        metrics.UPDATES_RECEIVED.inc(len(updates))
        self.wake()

    async def _store_waiting(self) -> None:
        while self._to_store:
            batch, self._to_store = self._to_store[:STORE_BATCH], self._to_store[STORE_BATCH:]
            try:
                items = [u for part, _ in batch for u in part]
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(_RECEIVING, self.services.store.store_updates, items)
            except Exception as exc:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
            else:
                for _, done in batch:
                    if not done.done():
                        done.set_result(None)

    def wake(self) -> None:
        self._wake.set()

    # -- handling ----------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="warta-inbox")

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def stop(self, grace: float = 3.0) -> None:
        """Stop claiming; let the handlers in hand finish for ``grace`` seconds; give the rest
        back to the inbox (handled at the next start, or by another bot process)."""
        self._stopping.set()
        self.wake()
        if self._task is not None:
            with contextlib.suppress(Exception):
                await self._task
            self._task = None
        pending = [t for t in self._in_hand.values() if not t.done()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=grace)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=1.0)
        with contextlib.suppress(Exception):
            given_back = await self.services.db.release_claims(self.holder)
            if given_back:
                log.info("%d updates left for the next start", given_back)

    async def _run(self) -> None:
        while not self._stopping.is_set():
            claimed = 0
            free = self.concurrency - len(self._in_hand)
            if free > 0:
                claimed = await self._claim(free)
            await self._housekeeping()
            if claimed and len(self._in_hand) < self.concurrency:
                continue  # there may be more waiting
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=IDLE_LOOK)
            self._wake.clear()

    async def _claim(self, limit: int) -> int:
        try:
            items = await self.services.db.claim_updates(self.holder, limit=limit, lease=self.lease)
        except Exception as exc:
            self._trouble(exc)
            await asyncio.sleep(0.5)
            return 0
        self._failing_since = None
        for item in items:
            task = asyncio.create_task(self._handle(item), name=f"warta-update-{item.update_id}")
            self._in_hand[item.update_id] = task
            task.add_done_callback(self._done)
        return len(items)

    def _done(self, task: asyncio.Task[None]) -> None:
        for update_id, held in list(self._in_hand.items()):
            if held is task:
                del self._in_hand[update_id]
        self.wake()  # the chat's next update may be claimed now

    async def _handle(self, item: InboxItem) -> None:
        db = self.services.db
        if item.attempts > MAX_ATTEMPTS:
            log.error("update %d failed %d times; giving it up", item.update_id, MAX_ATTEMPTS)
            await self._finish(item)
            return
        try:
            update = Update.de_json(json.loads(item.payload), self.application.bot)
        except Exception as exc:  # stored by an older version, or damaged: never retried
            log.error("update %d cannot be read: %s", item.update_id, redact(repr(exc)))
            await self._finish(item)
            return
        outcome = Outcome(attempts=item.attempts)
        token = CURRENT.set(outcome)
        try:
            await self.application.process_update(update)
        except Exception as exc:  # PTB hands handler errors to the error handler; not this
            log.error("update %d: %s", item.update_id, redact(repr(exc)))
        finally:
            CURRENT.reset(token)
        if outcome.retry:
            with contextlib.suppress(Exception):  # else the claim simply expires
                await db.release_update(item.update_id, retry_at=self.services.now() + RETRY_AFTER)
            return
        await self._finish(item)
        metrics.UPDATES_HANDLED.inc()
        received = item.received_at
        metrics.REPLY_SECONDS.observe(max(0.0, (self.services.now() - received).total_seconds()))

    async def _finish(self, item: InboxItem) -> None:
        """Mark the update done, retrying while the database is away (else it would be
        handled twice when its claim expires)."""
        deadline = time.monotonic() + self.lease.total_seconds() * 4
        delay = 0.2
        while True:
            try:
                await self.services.db.finish_updates([item.update_id])
                return
            except Exception as exc:
                if time.monotonic() > deadline or self._stopping.is_set():
                    log.error(
                        "update %d was handled but could not be marked done: %s",
                        item.update_id,
                        redact(repr(exc)),
                    )
                    return
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _housekeeping(self) -> None:
        now = time.monotonic()
        if self._in_hand and now - self._last_extend >= self.lease.total_seconds() / 3:
            self._last_extend = now
            with contextlib.suppress(Exception):
                await self.services.db.extend_claims(self.holder, lease=self.lease)
        if now - self._last_purge >= PURGE_EVERY:
            self._last_purge = now
            with contextlib.suppress(Exception):
                await self.services.db.purge_inbox(before=self.services.now() - KEEP_DONE)

    def _trouble(self, exc: BaseException) -> None:
        """Log an unreachable store once when it starts, not at every look."""
        if self._failing_since is None:
            self._failing_since = time.monotonic()
            log.warning("inbox: cannot read stored updates: %s", redact(repr(exc)))
