"""The outbox sender: delivers pushes and digests within Telegram's rate limits, crash-safely.

Every push and digest is an outbox row (``store.enqueue``) before it is sent. The
:class:`Sender` task takes due rows, marks each one ``sending`` (committed) right before the
HTTP call and ``sent`` right after it, so a crash loses nothing and at most the messages in
flight at that moment (``concurrency``) are sent twice after :meth:`Store.requeue_in_flight`.

When the database is down right after a send, the outcome is held in memory by the store's
:class:`~bot.delivery.recorder.OutcomeRecorder` and written as soon as the database answers
again; until then no sender of this process sends or requeues that row. A row left 'sending'
longer than ``claim_timeout`` (a lost outcome, a dead process) is put back by the live sender
(``warta_outbox_stuck_total``), not only at the next start.

Rate limits are kept by the sender itself rather than by PTB's ``AIORateLimiter``: that limiter
would queue a reader's command reply behind a 10,000-message broadcast. Instead:

* broadcasts are paced at ``global_rate`` (29.5/s by default, under Telegram's ~30/s; PTB's
  ``AIORateLimiter`` uses 30), one message per ``per_chat_interval`` per chat and
  ``group_per_minute`` per group;
* replies go straight through PTB and are never delayed. When the application's bot has a
  :class:`ReplyMeter` installed (``ApplicationBuilder().rate_limiter(ReplyMeter())``), each
  direct send is charged to the sender's budget, so broadcasts slow down to leave room for
  them and the total stays under the global cap;
* if Telegram still answers 429, the chat waits ``retry_after`` and all broadcasting pauses
  for as long.

Each row is sent with its ``send_options`` (:mod:`bot.delivery.send_options`: link preview,
silence, forum topic). A row queued without them (a digest) gets the group's topic when it
is sent, and a digest due inside the chat's "hold" quiet hours goes back to the outbox until
they end. A topic that was deleted (400 "message thread not found") does not lose the
message: it is sent again at once to the group's general chat, the chat's topic is
forgotten and the group is told once.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

from bot.core import metrics
from bot.core.logsafe import add_secret, redact
from bot.core.models import OutboxMessage
from bot.core.quiet import quiet_decision
from bot.delivery.recorder import RECORD_FOR, Outcome, OutcomeRecorder, recorder_for
from bot.delivery.send_options import SendOptions, for_chat
from bot.present import texts
from bot.present.telegram_errors import Kind, classify, retry_seconds
from bot.storage import Store
from bot.storage.aio import AsyncStore, in_store_thread

log = logging.getLogger(__name__)

_IN_SENDER: contextvars.ContextVar[bool] = contextvars.ContextVar("warta_in_sender", default=False)

CLAIM_TIMEOUT = RECORD_FOR + 120.0
"""Seconds after which a 'sending' row is stale: longer than a send (PTB's timeouts) plus the
time an outcome is held for the database (``RECORD_FOR``), so no held outcome is overtaken."""
STALE_CHECK_EVERY = 30.0  # seconds between the live sender's looks for stale claims


class Throttle:
    """Paces events at ``rate`` per second (GCRA), allowing ``burst`` back-to-back.

    :meth:`acquire` waits its turn (first come, first served); :meth:`charge` records an
    event that already happened elsewhere without waiting, so later acquirers wait longer;
    :meth:`pause_until` holds everyone back.
    """

    def __init__(
        self, rate: float, *, burst: float = 1.0, clock: Callable[[], float] = time.monotonic
    ):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._tolerance = max(0.0, burst - 1.0) * self.interval
        self._clock = clock
        self._tat = clock()  # theoretical arrival time of the next event
        self._lock = asyncio.Lock()

    def charge(self) -> None:
        now = self._clock()
        self._tat = max(self._tat, now - self._tolerance) + self.interval

    def pause_until(self, when: float) -> None:
        self._tat = max(self._tat, when + self._tolerance)

    def delay(self) -> float:
        """Seconds until the next event may happen."""
        return max(0.0, self._tat - self._tolerance - self._clock())

    async def acquire(self) -> None:
        async with self._lock:
            while (wait := self.delay()) > 0:
                await asyncio.sleep(wait)
            self.charge()


@dataclass
class SenderStats:
    """What the sender did since it started."""

    sent: int = 0
    failed: int = 0
    retried: int = 0
    rate_limited: int = 0  # 429 answers received
    forbidden: int = 0  # 403 answers received (blocked, removed)
    chats_deactivated: int = 0
    direct_sends: int = 0  # replies charged through ReplyMeter
    threads_gone: int = 0  # sent to the general chat: the group's forum topic was deleted
    held_quiet: int = 0  # digests put back until the chat's quiet hours end


class Sender:
    """Sends the outbox: several chats at once, each chat's messages in order.

    Up to ``concurrency`` sends are in flight, to different chats. A message waiting for a
    retry (429, network error) holds back its chat's later messages, while other chats go on;
    ``Store.due_messages`` keeps that hold in the database, so it survives a restart.
    429 answers are retried up to ``max_rate_limited`` times, network errors up to
    ``max_attempts`` times with exponential backoff (``backoff_base`` * 2**n, at most
    ``backoff_max`` seconds); 403s and "chat not found" deactivate the chat and drop its
    pending messages; any other rejection fails that message only. ``clock`` (monotonic
    seconds) paces, ``now`` (aware datetimes) stamps the store. Outcomes the store cannot
    record go to ``recorder`` (the store's own by default); rows claimed more than
    ``claim_timeout`` seconds ago are requeued every ``stale_every`` seconds.
    """

    def __init__(
        self,
        bot: Bot,
        store: Store,
        *,
        global_rate: float = 29.5,
        per_chat_interval: float = 1.0,
        group_per_minute: float = 20.0,
        concurrency: int = 8,
        max_attempts: int = 5,
        max_rate_limited: int = 20,
        backoff_base: float = 2.0,
        backoff_max: float = 300.0,
        batch: int = 200,
        max_backlog: int = 2000,
        idle_poll: float = 2.0,
        paid_broadcast: bool = False,
        claim_timeout: float = CLAIM_TIMEOUT,
        stale_every: float = STALE_CHECK_EVERY,
        recorder: OutcomeRecorder | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        if concurrency < 1 or max_attempts < 1:
            raise ValueError("concurrency and max_attempts must be at least 1")
        self.bot = bot
        self.store = store
        self.db = AsyncStore(store)  # every store call runs off the event loop
        self.per_chat_interval = per_chat_interval
        self.group_interval = max(per_chat_interval, 60.0 / group_per_minute)
        self.concurrency = concurrency
        self.max_attempts = max_attempts
        self.max_rate_limited = max_rate_limited
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.batch = batch
        self.max_backlog = max_backlog  # messages held in memory, fetched but not yet sent
        self.idle_poll = idle_poll
        self.paid_broadcast = paid_broadcast  # allow_paid_broadcast on pushes and digests
        self.clock = clock
        self.now = now
        self.claim_timeout = claim_timeout
        self.stale_every = stale_every
        self.recorder = recorder if recorder is not None else recorder_for(store)
        self._requeued_at_start = False
        self._last_stale_check = clock()
        # A little burst tolerance absorbs timer jitter so the average reaches the rate.
        self.throttle = Throttle(global_rate, burst=3.0, clock=clock)
        self.stats = SenderStats()
        self._queues: dict[int, deque[OutboxMessage]] = {}  # chat -> fetched, not yet sent
        self._known: set[int] = set()  # ids in _queues or in flight
        self._running: dict[int, asyncio.Task[None]] = {}  # chat -> its send task
        self._ready_at: dict[int, float] = {}  # chat -> clock time it may get the next message
        # chat -> (id, not_before) of a message waiting to be retried: the chat's later
        # messages are held back until it is due again (the store orders by not_before).
        self._blocked_by: dict[int, tuple[int, datetime]] = {}
        self._tries: dict[int, int] = {}  # message id -> attempts made by this process
        # (chat, forum topic) Telegram said is deleted: rows still naming it skip it.
        self._gone_threads: set[tuple[int, int | None]] = set()
        self._waiting: set[asyncio.Task[None]] = set()  # send tasks waiting for their turn
        self._wake = asyncio.Event()
        self._fetch_wanted = True
        self._last_fetch = float("-inf")
        self._stopping = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        add_secret(getattr(bot, "token", None))  # never in last_error or logs
        limiter = getattr(bot, "rate_limiter", None)
        if isinstance(limiter, ReplyMeter):
            limiter.sender = self

    # -- control -------------------------------------------------------------------------------
    def wake(self) -> None:
        """New rows were enqueued: look at the outbox now (safe from any thread)."""
        self._fetch_wanted = True
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        if threading.get_ident() == self._loop_thread:
            self._wake.set()
        else:
            loop.call_soon_threadsafe(self._wake.set)

    async def stop(self) -> None:
        """Stop taking messages; the ones in flight finish and are marked (run() returns)."""
        self._stopping = True
        self.wake()

    def note_direct_send(self, chat_id: int | str | None) -> None:
        """A reply went out directly: charge it to the global budget and to its chat."""
        self.stats.direct_sends += 1
        self.throttle.charge()
        with contextlib.suppress(TypeError, ValueError):
            chat = int(chat_id)  # type: ignore[arg-type]
            interval = self.group_interval if chat < 0 else self.per_chat_interval
            self._ready_at[chat] = max(self._ready_at.get(chat, 0.0), self.clock() + interval)

    @property
    def in_flight(self) -> int:
        return len(self._running)

    # -- main loop -----------------------------------------------------------------------------
    async def run(self) -> None:
        """Deliver until :meth:`stop` (a stopped sender stays stopped); requeues what a crash
        left in flight first."""
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        try:
            while not self._stopping:
                self._wake.clear()
                try:
                    if not self._requeued_at_start:
                        await self._requeue_at_start()
                    await self._resolve_stale_claims()
                    await self._maybe_fetch()
                    self._dispatch()
                except Exception:  # e.g. the database is locked: try again later
                    log.exception("outbox sender: could not read the outbox")
                    await self._sleep(self.idle_poll)
                    continue
                await self._sleep(self._next_wakeup())
        finally:
            for task in self._waiting:  # not claimed yet: they stay pending
                task.cancel()
            if self._running:
                await asyncio.gather(*self._running.values(), return_exceptions=True)
            if held := len(self.recorder):
                log.warning(
                    "outbox sender stopped with %d outcomes not recorded yet: they are written "
                    "when the database answers (if the process exits first, those messages "
                    "may be sent again)",
                    held,
                )

    async def _requeue_at_start(self) -> None:
        """What a crash left in flight goes back to the outbox, except what this process's
        recorder still holds (sent, or known not sent, and not yet written)."""
        await in_store_thread(self.recorder.flush)
        requeued = await in_store_thread(
            self.store.requeue_in_flight, keep=self.recorder.held_ids()
        )
        self._requeued_at_start = True
        if requeued:
            log.info("requeued %d messages left in flight by the previous run", requeued)

    async def _resolve_stale_claims(self) -> None:
        """Put back rows claimed longer than ``claim_timeout`` ago (never those in flight
        here or held by the recorder): their sender died or could not record them."""
        if self.clock() - self._last_stale_check < self.stale_every:
            return
        self._last_stale_check = self.clock()
        keep = self.recorder.held_ids() | self._known
        before = self.now() - timedelta(seconds=self.claim_timeout)
        requeued = await in_store_thread(
            self.store.requeue_in_flight, claimed_before=before, keep=keep
        )
        if requeued:
            metrics.OUTBOX_STUCK.inc(requeued)
            self._fetch_wanted = True
            log.warning(
                "requeued %d outbox messages left 'sending' for over %.0f s",
                requeued,
                self.claim_timeout,
            )

    async def run_until_idle(self, timeout: float = 60.0) -> None:
        """Deliver everything that is due (and whatever becomes due meanwhile), then return.

        For batch jobs, benches and tests; the bot uses :meth:`run`.
        """
        task = asyncio.create_task(self.run())
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                await asyncio.sleep(0.02)
                if task.done():
                    break
                if not self._known and not await self._pending_in_store():
                    break
            else:
                raise TimeoutError("the outbox was not drained in time")
        finally:
            await self.stop()
            await task

    async def _pending_in_store(self) -> bool:
        return bool(await self.db.due_messages(now=self.now() + timedelta(days=3650), limit=1))

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=max(0.0, seconds))

    def _next_wakeup(self) -> float:
        now = self.clock()
        waits = [self.idle_poll]
        for chat, queue in self._queues.items():
            if queue and chat not in self._running:
                waits.append(self._ready_at.get(chat, now) - now)
        if self._blocked_by:
            soonest = min(until for _, until in self._blocked_by.values())
            waits.append((soonest - self.now()).total_seconds())
        if self._fetch_wanted:
            waits.append(self._last_fetch + 0.2 - now)
        return max(0.005, min(waits)) if len(self._running) < self.concurrency else self.idle_poll

    def _queued(self) -> int:
        return sum(len(q) for q in self._queues.values())

    async def _maybe_fetch(self) -> None:
        now, wall = self.clock(), self.now()
        if any(until <= wall for _, until in self._blocked_by.values()):
            self._fetch_wanted = True
        # Short of chats that could be served now (others may only be waiting for their
        # per-chat interval): look further into the outbox.
        ready = sum(
            1
            for chat in self._queues
            if chat not in self._running and self._ready_at.get(chat, 0.0) <= now
        )
        low = ready < 2 * self.concurrency and len(self._known) < self.max_backlog
        recently = now - self._last_fetch < 0.2
        if not (low and self._fetch_wanted and not recently) and (
            now - self._last_fetch < self.idle_poll
        ):
            return
        self._fetch_wanted = False
        self._last_fetch = now
        for chat, (_, until) in list(self._blocked_by.items()):
            if until <= wall - timedelta(seconds=60):  # it went elsewhere (e.g. dropped)
                del self._blocked_by[chat]
        # Rows already queued here come back too (still pending): ask for that many more.
        held = self.recorder.held_ids()
        limit = min(len(self._known) + len(held), self.max_backlog) + self.batch
        for message in await self.db.due_messages(now=wall, limit=limit):
            if message.id in self._known or message.id in held:
                continue
            blocker = self._blocked_by.get(message.chat_id)
            if blocker is not None:
                if message.id > blocker[0]:
                    continue
                if message.id == blocker[0]:
                    del self._blocked_by[message.chat_id]
            queue = self._queues.setdefault(message.chat_id, deque())
            queue.append(message)
            if len(queue) > 1 and queue[-2].id > message.id:
                self._queues[message.chat_id] = deque(sorted(queue, key=lambda m: m.id))
            self._known.add(message.id)

    def _dispatch(self) -> None:
        if self._stopping:
            return
        now = self.clock()
        for chat in list(self._queues):
            if len(self._running) >= self.concurrency:
                return
            queue = self._queues[chat]
            if not queue:
                del self._queues[chat]
                continue
            if chat in self._running or self._ready_at.get(chat, 0.0) > now:
                continue
            message = queue.popleft()
            if not queue:
                del self._queues[chat]
            task = asyncio.create_task(self._deliver(message), name=f"warta-send-{message.id}")
            self._running[chat] = task
            self._waiting.add(task)

    async def _deliver(self, message: OutboxMessage) -> None:
        chat = message.chat_id
        _IN_SENDER.set(True)
        try:
            await self.throttle.acquire()
            if self._stopping:
                return  # not claimed: stays pending for the next run
            options = await self._options(message)
            if options is None:  # not claimed: held for quiet hours, or asked again later
                return
            # Claimed: from here the send finishes even when the sender is stopping.
            self._waiting.discard(asyncio.current_task())
            if not await self._claim(message):
                return
            tries = self._tries[message.id] = self._tries.get(message.id, message.attempts) + 1
            try:
                sent = await self._send(message, options)
            except TelegramError as exc:
                await self._unsent(message, self._handle_error(message, exc, tries))
            except Exception as exc:  # a bug or an unexpected library error: never loop
                log.exception("outbox message %d: unexpected error", message.id)
                await self._unsent(message, self._fail(message, f"{type(exc).__name__}: {exc}"))
            else:
                self.stats.sent += 1
                metrics.MESSAGES_SENT.inc()
                self._tries.pop(message.id, None)
                await self._record_sent(message, sent)
            interval = self.group_interval if chat < 0 else self.per_chat_interval
            self._ready_at[chat] = max(self._ready_at.get(chat, 0.0), self.clock() + interval)
        except Exception:
            log.exception("outbox message %d: could not record the delivery", message.id)
        finally:
            self._waiting.discard(asyncio.current_task())
            self._known.discard(message.id)
            self._running.pop(chat, None)
            self._prune_ready()
            self._fetch_wanted = True
            self._wake.set()

    async def _claim(self, message: OutboxMessage) -> bool:
        """Mark the message 'sending'; False (nothing sent) when the store did not answer.

        The claim may have been written all the same: the recorder puts it back."""
        try:
            await self.db.mark_sending(message.id)
        except BaseException as exc:
            self.recorder.add(Outcome(message.id, sent=False))
            if not isinstance(exc, Exception):
                raise
            log.warning(
                "outbox message %d: could not claim it, not sent (%s)",
                message.id,
                self._clean(f"{type(exc).__name__}: {exc}"),
            )
            return False
        return True

    async def _record_sent(self, message: OutboxMessage, telegram_message_id: int) -> None:
        """Telegram took the message: record it, or have the recorder do it later."""
        at = self.now()
        try:
            await self.db.mark_sent(message.id, at=at, telegram_message_id=telegram_message_id)
        except BaseException as exc:  # cancelled (a stopping sender) included
            self.recorder.add(
                Outcome(message.id, sent=True, at=at, telegram_message_id=telegram_message_id)
            )
            if not isinstance(exc, Exception):
                raise
            log.warning(
                "outbox message %d was sent; recording it failed (%s): retrying until the "
                "database answers",
                message.id,
                self._clean(f"{type(exc).__name__}: {exc}"),
            )

    async def _unsent(self, message: OutboxMessage, handling: Coroutine[Any, Any, None]) -> None:
        """Record why a message was not sent; if the store fails, put the claim back later."""
        try:
            await handling
        except BaseException as exc:
            self.recorder.add(Outcome(message.id, sent=False))
            if not isinstance(exc, Exception):
                raise
            log.warning(
                "outbox message %d was not sent; recording it failed (%s): it goes back to "
                "the outbox when the database answers",
                message.id,
                self._clean(f"{type(exc).__name__}: {exc}"),
            )

    async def _options(self, message: OutboxMessage) -> SendOptions | None:
        """How to send the message; None when it is not to be sent now (held until the
        chat's quiet hours end, or the chat could not be read: it stays pending)."""
        options = SendOptions.from_json(message.send_options)
        if options is None and (message.chat_id < 0 or message.kind == "digest"):
            try:
                chat = await self.db.get_chat(message.chat_id)
            except Exception as exc:
                log.warning(
                    "outbox message %d: could not read its chat, sent later (%s)",
                    message.id,
                    self._clean(f"{type(exc).__name__}: {exc}"),
                )
                return None
            now = self.now()
            if message.kind == "digest" and chat is not None:
                until = quiet_decision(chat, now).until
                if until is not None:
                    await self._hold(message, until)
                    return None
            options = for_chat(message.kind, chat, now)
        options = options or SendOptions()
        if (message.chat_id, options.thread_id) in self._gone_threads:
            options = options.without_thread()
        return options

    async def _hold(self, message: OutboxMessage, until: datetime) -> None:
        """Back to the outbox until ``until`` (quiet hours); the chat's later messages wait."""
        await self.db.mark_retry(message.id, error="held for quiet hours", not_before=until)
        self.stats.held_quiet += 1
        self._blocked_by[message.chat_id] = (message.id, until)
        for held in self._queues.pop(message.chat_id, ()):
            self._known.discard(held.id)

    async def _send(self, message: OutboxMessage, options: SendOptions) -> int:
        markup = None
        if message.reply_markup:
            try:
                markup = InlineKeyboardMarkup.de_json(json.loads(message.reply_markup), self.bot)
            except (TypeError, ValueError, KeyError) as exc:
                raise BadRequest(f"invalid reply_markup in the outbox: {exc}") from None

        async def send(how: SendOptions) -> int:
            sent = await self.bot.send_message(
                message.chat_id,
                message.text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                # None leaves the parameter out of the request, as before paid broadcasts.
                allow_paid_broadcast=True if self.paid_broadcast else None,
                **how.send_kwargs(),
            )
            return sent.message_id

        try:
            return await send(options)
        except BadRequest as exc:
            if options.thread_id is None or classify(exc) is not Kind.THREAD_GONE:
                raise
            thread = options.thread_id
        # The group's forum topic was deleted: the general chat gets it instead, now.
        self._gone_threads.add((message.chat_id, thread))
        self.stats.threads_gone += 1
        log.info(
            "chat %d: forum topic %d is gone; message %d sent to the general chat",
            message.chat_id,
            thread,
            message.id,
        )
        sent = await send(options.without_thread())
        await self._forget_thread(message.chat_id, thread)
        return sent

    async def _forget_thread(self, chat_id: int, thread: int) -> None:
        """The chat's topic is forgotten (unless it chose another meanwhile) and the group
        is told once; a store failure here is logged, the message was sent."""
        try:
            chat = await self.db.get_chat(chat_id)
            if chat is not None and chat.message_thread_id == thread:
                await self.db.update_chat(chat_id, message_thread_id=None)
            await self.db.enqueue(
                chat_id,
                "reply",
                texts.THREAD_GONE,
                dedupe_key=f"thread-gone:{chat_id}:{thread}",
                send_options=SendOptions().to_json(),
            )
            self.wake()
        except Exception as exc:
            log.warning(
                "chat %d: could not forget its deleted forum topic (%s)",
                chat_id,
                self._clean(f"{type(exc).__name__}: {exc}"),
            )

    # -- outcomes ------------------------------------------------------------------------------
    def _clean(self, text: str) -> str:
        return redact(text)[:500]

    async def _fail(self, message: OutboxMessage, error: str) -> None:
        await self.db.mark_failed(message.id, error=self._clean(error))
        self.stats.failed += 1
        self._tries.pop(message.id, None)

    async def _retry(self, message: OutboxMessage, error: str, delay: float) -> None:
        not_before = self.now() + timedelta(seconds=delay)
        await self.db.mark_retry(message.id, error=self._clean(error), not_before=not_before)
        self.stats.retried += 1
        chat = message.chat_id
        # Later messages of this chat must wait for this one: forget them until it is due.
        self._blocked_by[chat] = (message.id, not_before)
        for held in self._queues.pop(chat, ()):
            self._known.discard(held.id)

    async def _deactivate(self, message: OutboxMessage, reason: str) -> None:
        chat = message.chat_id
        reason = self._clean(reason)
        await self._fail(message, reason)
        await self.db.set_chat_inactive(chat, reason)
        dropped = await self.db.drop_pending_for_chat(chat, error=reason)
        for held in self._queues.pop(chat, ()):
            self._known.discard(held.id)
        self._blocked_by.pop(chat, None)
        self.stats.chats_deactivated += 1
        log.info(
            "chat %d is unreachable (%s): deactivated, %d pending dropped", chat, reason, dropped
        )

    async def _migrate(self, message: OutboxMessage, new_chat_id: int) -> None:
        """The group became a supergroup: move the chat (settings, subscriptions) to its new
        id, as the migration service message does, and send this message there instead. The
        old chat's other pending messages follow the same way when their turn comes."""
        old_chat = message.chat_id
        if await self.db.get_chat(new_chat_id) is None:
            await self.db.move_chat(old_chat, new_chat_id)
        await self.db.enqueue(
            new_chat_id,
            message.kind,
            message.text,
            dedupe_key=f"{message.dedupe_key}>{new_chat_id}",
            reply_markup=message.reply_markup,
            send_options=message.send_options,
        )
        await self._fail(message, f"group became supergroup {new_chat_id}; sent there instead")
        self._blocked_by.pop(old_chat, None)
        log.info(
            "chat %d became supergroup %d: message %d sent there", old_chat, new_chat_id, message.id
        )
        self.wake()

    async def _handle_error(self, message: OutboxMessage, exc: TelegramError, tries: int) -> None:
        error = f"{type(exc).__name__}: {exc.message}"
        kind = classify(exc)
        if kind is Kind.RATE_LIMITED:
            assert isinstance(exc, RetryAfter)
            seconds = retry_seconds(exc)
            self.stats.rate_limited += 1
            metrics.MESSAGES_429.inc()
            self.throttle.pause_until(self.clock() + seconds)
            log.warning(
                "Telegram asked to slow down: pausing %.0f s (message %d)", seconds, message.id
            )
            if tries >= self.max_rate_limited:
                await self._fail(message, error)
            else:
                await self._retry(message, error, seconds)
        elif kind in (Kind.BLOCKED, Kind.CHAT_GONE):
            if kind is Kind.BLOCKED:
                self.stats.forbidden += 1
                metrics.MESSAGES_403.inc()
            await self._deactivate(message, exc.message)
        elif kind is Kind.MIGRATED:
            assert isinstance(exc, ChatMigrated)
            await self._migrate(message, exc.new_chat_id)
        elif kind is Kind.TOKEN:
            log.error("Telegram rejected the bot token; pausing delivery for a minute")
            self.throttle.pause_until(self.clock() + 60)
            await self._retry(message, error, 60)
        elif kind is Kind.NETWORK:  # includes TimedOut
            if tries >= self.max_attempts:
                log.warning(
                    "outbox message %d failed after %d attempts: %s",
                    message.id,
                    tries,
                    self._clean(error),
                )
                await self._fail(message, error)
            else:
                delay = min(self.backoff_max, self.backoff_base * 2 ** (tries - 1))
                await self._retry(message, error, delay)
        else:
            if kind is Kind.REJECTED:
                log.warning("outbox message %d rejected: %s", message.id, self._clean(error))
            await self._fail(message, error)

    def _prune_ready(self) -> None:
        if len(self._ready_at) > 4 * self.batch:
            now = self.clock()
            self._ready_at = {c: t for c, t in self._ready_at.items() if t > now}


FREE_RATE = 29.5  # messages a second: under Telegram's ~30/s for free broadcasts
PAID_RATE = 1000.0  # Telegram's ceiling with allow_paid_broadcast (each message costs Stars)


def paced_sender(bot: Bot, store: Store, *, paid: bool = False) -> Sender:
    """The sender at the free pace, or, with ``paid`` (WARTA_PAID_BROADCAST=1), at the paid
    broadcast pace with ``allow_paid_broadcast`` and enough sends in flight to reach it."""
    if not paid:
        return Sender(bot, store, global_rate=FREE_RATE)
    return Sender(
        bot,
        store,
        global_rate=PAID_RATE,
        concurrency=128,
        batch=2000,
        max_backlog=20_000,
        paid_broadcast=True,
    )


Reply = bool | dict[str, Any] | list[dict[str, Any]]
Pace = Callable[[int | str | None, Callable[[], Awaitable[Reply]]], Awaitable[Reply]]
"""Sends a direct reply in its turn (``bot.delivery.reply_pacing.ReplyPacer.send``)."""


class ReplyMeter(BaseRateLimiter[None]):
    """Install on the application (``ApplicationBuilder().rate_limiter(ReplyMeter(pace))``).

    Each message a handler sends directly waits its turn through ``pace`` (Telegram's
    overall and per-chat limits; a 429 waited out), and is charged to the :class:`Sender`
    (which attaches itself when built with this application's bot), so broadcasts leave room
    for replies and the total stays within Telegram's global limit. The sender's own
    requests and everything that is not a message pass straight through.
    """

    _SENDS = ("send", "copymessage", "forwardmessage")

    def __init__(self, pace: Pace | None = None) -> None:
        self.sender: Sender | None = None
        self.pace = pace

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Reply]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Reply:
        name = endpoint.lower()
        if _IN_SENDER.get() or not name.startswith(self._SENDS) or name == "sendchataction":
            return await callback(*args, **kwargs)
        chat_id = data.get("chat_id")

        async def request() -> Reply:
            if self.sender is not None:
                self.sender.note_direct_send(chat_id)
            return await callback(*args, **kwargs)

        if self.pace is None:
            return await request()
        return await self.pace(chat_id, request)
