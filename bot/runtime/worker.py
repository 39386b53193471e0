"""The worker role: feeds, fan-out, and, in one elected worker, the sender and the schedules.

Every worker polls the feeds it claims in the database (``Store.claim_due_feeds``), so a
feed is polled by one worker at a time, and fans out (the cursor makes that exactly once).
Telegram's limits are per bot, so exactly one worker sends the outbox and queues the daily
digests: the one holding the ``sender`` lease. It renews the lease every ``renew`` seconds
(ttl ``ttl``); the others try to take it as often, so after a SIGKILL a standby takes over
within ttl + renew seconds, requeues what the dead one left in flight, and goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from datetime import timedelta
from typing import Any

from telegram.ext import Application

from bot.core.logsafe import redact
from bot.delivery.digest_queue import due_digests, queue_digest
from bot.delivery.sender import Sender, paced_sender
from bot.runtime.polling import run_fan_out, run_poll
from bot.runtime.services import Services
from bot.storage import Store

log = logging.getLogger(__name__)

LEASE = "sender"
LEASE_TTL = timedelta(seconds=8)
RENEW_EVERY = 2.0  # seconds
DIGEST_EVERY = 30.0  # seconds between looks for due digests


def new_holder() -> str:
    """A name for this process in leases and claims (host, pid and a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def build_sender(application: Application, services: Services) -> Sender:
    """The outbox sender, at the paid-broadcast pace when WARTA_PAID_BROADCAST is on."""
    return paced_sender(application.bot, services.store, paid=services.settings.paid_broadcast)


class Worker:
    """Runs the worker role's loops inside the application's event loop."""

    def __init__(
        self,
        application: Application,
        *,
        ttl: timedelta = LEASE_TTL,
        renew: float = RENEW_EVERY,
        holder: str | None = None,
        poll: bool = True,
    ) -> None:
        self.application = application
        self.poll = poll  # False in --role all, whose JobQueue polls
        self.services: Services = application.bot_data
        self.ttl = ttl
        self.renew = renew
        self.holder = holder or new_holder()
        self.leading = False
        self._sender_task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[Any]] = []
        self._last_renewal = float("-inf")
        self._last_digest_look = float("-inf")

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._lease_loop(), name="warta-worker-lease")]
        if self.poll:
            self._tasks.append(asyncio.create_task(self._poll_loop(), name="warta-worker-poll"))

    async def stop(self) -> None:
        """Stop polling and sending; give the lease up so a standby takes over at once."""
        self._stop.set()
        for task in self._tasks:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(task, timeout=15)
        self._tasks = []
        await self._step_down()
        if self.services.has_store:
            with contextlib.suppress(Exception):
                await self.services.db.release_lease(LEASE, self.holder)

    @property
    def sender_alive(self) -> bool:
        return self._sender_task is not None and not self._sender_task.done()

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)

    # -- every worker: feeds and fan-out --------------------------------------------------------
    async def _poll_loop(self) -> None:
        interval = self.services.settings.poll_interval
        while not self._stop.is_set():
            try:
                await run_poll(self.services, holder=self.holder)
            except Exception as exc:  # e.g. the database restarting: try again next time
                log.error("worker poll failed: %s", redact(repr(exc)))
            # Feeds are due at different times; look again soon, but not in a busy loop.
            await self._sleep(min(interval, 10.0))

    # -- the elected worker: sender and schedules -----------------------------------------------
    async def _lease_loop(self) -> None:
        db = self.services.db
        while not self._stop.is_set():
            try:
                held = await db.acquire_lease(LEASE, self.holder, ttl=self.ttl)
            except Exception as exc:
                log.warning("worker: cannot renew the sender lease: %s", redact(repr(exc)))
                # Stop sending before the lease can have passed to another worker.
                held = self.leading and (
                    time.monotonic() - self._last_renewal
                    < self.ttl.total_seconds() - 2 * self.renew
                )
            else:
                if held:
                    self._last_renewal = time.monotonic()
            if held and not self.leading:
                await self._lead()
            elif not held and self.leading:
                log.warning("worker %s lost the sender lease: standing by", self.holder)
                await self._step_down()
            if self.leading:
                await self._scheduled_work()
            await self._sleep(self.renew)

    async def _lead(self) -> None:
        log.info("worker %s elected: sending the outbox and queueing digests", self.holder)
        self.leading = True
        sender = build_sender(self.application, self.services)
        self.services.sender = sender
        self._sender_task = asyncio.create_task(sender.run(), name="warta-sender")

    async def _step_down(self) -> None:
        self.leading = False
        sender, task = self.services.sender, self._sender_task
        self.services.sender, self._sender_task = None, None
        if sender is not None:
            await sender.stop()
        if task is not None:
            try:
                await asyncio.wait_for(task, timeout=10)
            except TimeoutError:
                task.cancel()
            except Exception:
                log.exception("the sender failed")

    async def _scheduled_work(self) -> None:
        if self._sender_task is not None and self._sender_task.done():
            log.error("the sender stopped; starting it again")
            await self._step_down()
            await self._lead()
        now = time.monotonic()
        if now - self._last_digest_look < DIGEST_EVERY:
            return
        self._last_digest_look = now
        try:
            await run_fan_out(self.services)
            queued = await self.services.db.run(queue_due_digests, self.services)
        except Exception as exc:
            log.error("worker schedules failed: %s", redact(repr(exc)))
            return
        if queued:
            self.services.wake_sender()


def queue_due_digests(store: Store, services: Services) -> int:
    """Queue every daily digest that is due now (read from the database, not a timer).
    Blocking (store calls): run it off the event loop."""
    now = services.now()
    with_subscriptions = {sub.chat_id for sub in store.all_subscriptions()}
    topics = {t.slug: t for t in services.topics}
    queued = 0
    for chat_id in due_digests(store.chats(active_only=True), with_subscriptions, now):
        queued += queue_digest(store, topics, chat_id, now)
    return queued
