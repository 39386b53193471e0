"""The loops that read the database: feeds, fan-out, the outbox sender and the daily digests.

They run in every process that has schedules (``--role all`` and ``--role worker``; a
``--role bot`` process runs none), each as a repeating JobQueue job (:mod:`bot.runtime.repeating`):

* ``poll``: the feeds. A worker polls the feeds it claims in the database
  (``Store.claim_due_feeds``), so a feed is polled by one worker at a time; ``--role all``
  polls every feed each poll interval. Each poll then fans out (the cursor makes that once).
* ``sender``: every ``renew`` seconds. Telegram's limits are per bot, so one process sends the
  outbox and queues the digests. Where several processes may run (PostgreSQL), that is the
  one holding the ``sender`` lease: it renews it (ttl ``ttl``), the others try to take it as
  often, so after a SIGKILL a standby takes over within ttl + renew seconds, requeues what
  the dead one left in flight, and goes on. ``--role all`` on SQLite is the only process:
  it sends from the start, with no lease. The job also restarts a sender that died.
* ``sweep``: every half minute, in the process that sends: the fan-out, then the daily digests
  whose hour came since the last sweep (:func:`bot.delivery.digest_queue.sweep_digests`, read
  from the chats' rows), so each is queued within a minute of its hour. Nothing to reschedule
  when a reader changes their hour or subscriptions: the next sweep reads them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from datetime import timedelta
from typing import Any

from telegram.ext import Application, Job, JobQueue

from bot.core.logsafe import redact
from bot.delivery.digest_queue import sweep_digests
from bot.delivery.sender import Sender, paced_sender
from bot.runtime.polling import POLL_JOB, run_fan_out, run_poll, schedule_poll
from bot.runtime.repeating import every, run_soon
from bot.runtime.services import AppContext, Services

log = logging.getLogger(__name__)

LEASE = "sender"
LEASE_TTL = timedelta(seconds=8)
RENEW_EVERY = 2.0  # seconds
SWEEP_EVERY = 30.0  # seconds between looks for due digests: each is queued within a minute
CLAIM_EVERY = 10.0  # seconds at most between a worker's looks for due feeds
SENDER_JOB = "sender"
SWEEP_JOB = "sweep"


def new_holder() -> str:
    """A name for this process in leases and claims (host, pid and a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def build_sender(application: Application, services: Services) -> Sender:
    """The outbox sender, at the paid-broadcast pace when WARTA_PAID_BROADCAST is on."""
    return paced_sender(application.bot, services.store, paid=services.settings.paid_broadcast)


class Worker:
    """The database-driven loops of one process, as jobs on the application's JobQueue.

    ``leased``: send only while holding the ``sender`` lease (False: the only process, which
    always sends). ``claim_feeds``: poll the feeds claimed in the database, as often as one
    may be due (False: every feed, each poll interval).
    """

    def __init__(
        self,
        application: Application,
        *,
        leased: bool = True,
        claim_feeds: bool = True,
        ttl: timedelta = LEASE_TTL,
        renew: float = RENEW_EVERY,
        holder: str | None = None,
    ) -> None:
        self.application = application
        self.services: Services = application.bot_data
        self.leased = leased
        self.claim_feeds = claim_feeds
        self.ttl = ttl
        self.renew = renew
        self.holder = holder or new_holder()
        self.leading = False
        self._sender_task: asyncio.Task[None] | None = None
        self._jobs: list[Job[Any]] = []
        self._sweep: Job[Any] | None = None
        self._tick = asyncio.Lock()  # one sender tick at a time, and none during stop()
        self._stopped = False
        self._last_renewal = float("-inf")
        self._lapse: asyncio.TimerHandle | None = None  # see _watch_lease
        self._lapsed: asyncio.Task[None] | None = None

    def _job_queue(self) -> JobQueue[Any]:
        jobs = self.application.job_queue
        if jobs is None:
            raise RuntimeError("python-telegram-bot was installed without the job-queue extra")
        return jobs

    def start(self) -> None:
        """Add the jobs (they run once the application starts its JobQueue)."""
        jobs = self._job_queue()
        interval = self.services.settings.poll_interval
        if self.claim_feeds:
            poll = every(jobs, self._poll_claimed, min(interval, CLAIM_EVERY), name=POLL_JOB)
        else:
            poll = schedule_poll(jobs, interval)
        if not self.leased:
            self._lead()
        self._sweep = every(jobs, self._sweep_job, SWEEP_EVERY, name=SWEEP_JOB)
        sender = every(jobs, self._sender_job, self.renew, name=SENDER_JOB)
        self._jobs = [poll, self._sweep, sender]

    async def stop(self) -> None:
        """Stop the jobs and the sender; give the lease up so a standby takes over at once."""
        self._stopped = True
        if self._job_queue().scheduler.running:  # after app.stop() the jobs are gone with it
            for job in self._jobs:
                job.schedule_removal()
        self._jobs, self._sweep = [], None
        if self._lapse is not None:
            self._lapse.cancel()
        async with self._tick:  # a lease renewal under way ends first
            await self._step_down()
        if self.leased and self.services.has_store:
            try:
                await self.services.db.release_lease(LEASE, self.holder)
            except Exception as exc:  # the lease runs out by itself
                log.warning("could not give the sender lease up: %s", redact(repr(exc)))

    @property
    def sender_alive(self) -> bool:
        return self._sender_task is not None and not self._sender_task.done()

    # -- every process: feeds and fan-out -------------------------------------------------------
    async def _poll_claimed(self, context: AppContext) -> None:
        if self._stopped:
            return
        try:
            await run_poll(self.services, holder=self.holder)
        except Exception as exc:  # e.g. the database restarting: try again next time
            log.error("worker poll failed: %s", redact(repr(exc)))

    # -- the sending process: sender and digests ------------------------------------------------
    async def _sender_job(self, context: AppContext) -> None:
        async with self._tick:
            if self._stopped:
                return
            held = await self._hold_lease() if self.leased else True
            if held and not self.leading:
                self._lead()
                run_soon(self._sweep)  # the new sender looks for due digests at once
            elif not held and self.leading:
                log.warning("worker %s lost the sender lease: standing by", self.holder)
                await self._step_down()
            if self.leading and not self.sender_alive:
                self._report_dead_sender()
                await self._step_down()
                self._lead()

    async def _hold_lease(self) -> bool:
        """Take or renew the sender lease; whether this process holds it."""
        try:
            held = await self.services.db.acquire_lease(LEASE, self.holder, ttl=self.ttl)
        except Exception as exc:
            log.warning("worker: cannot renew the sender lease: %s", redact(repr(exc)))
            # Stop sending before the lease can have passed to another worker.
            return self.leading and time.monotonic() - self._last_renewal < self._margin
        if held:
            self._last_renewal = time.monotonic()
            self._watch_lease()
        return held

    @property
    def _margin(self) -> float:
        """Seconds after a renewal during which this process may still send: well before the
        lease could have passed to another process."""
        return self.ttl.total_seconds() - 2 * self.renew

    def _watch_lease(self) -> None:
        """After each renewal: if the next one does not come in time (the JobQueue stopped
        at shutdown while a poll finishes, a stalled loop), stop sending by itself."""
        if self._lapse is not None:
            self._lapse.cancel()
        self._lapse = asyncio.get_running_loop().call_later(self._margin, self._on_lapse)

    def _on_lapse(self) -> None:
        self._lapse = None
        if self.leading and (self._lapsed is None or self._lapsed.done()):
            self._lapsed = asyncio.create_task(self._step_down_lapsed(), name="warta-lease-lapse")

    async def _step_down_lapsed(self) -> None:
        async with self._tick:
            if self.leading and time.monotonic() - self._last_renewal >= self._margin:
                log.warning("worker %s: the sender lease was not renewed: standing by", self.holder)
                await self._step_down()

    def _lead(self) -> None:
        if self.leased:
            log.info("worker %s elected: sending the outbox and queueing digests", self.holder)
        self.leading = True
        sender = build_sender(self.application, self.services)
        self.services.sender = sender
        self._sender_task = asyncio.create_task(sender.run(), name="warta-sender")

    def _report_dead_sender(self) -> None:
        task = self._sender_task
        error = None if task is None or task.cancelled() else task.exception()
        log.error("the sender stopped (%s); starting it again", redact(repr(error)))

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

    async def _sweep_job(self, context: AppContext) -> None:
        if self._stopped or not self.leading:
            return
        try:
            await run_fan_out(self.services)
            topics = {t.slug: t for t in self.services.topics}
            queued = await self.services.db.run(sweep_digests, topics, self.services.now())
        except Exception as exc:
            log.error("worker schedules failed: %s", redact(repr(exc)))
            return
        if queued:
            log.info("daily digests: %d queued", queued)
            self.services.wake_sender()
