"""Updates by long polling (``getUpdates``), confirmed to Telegram only once stored.

Telegram forgets updates when a later ``getUpdates`` asks for an ``offset`` past them. This
loop asks for the next batch with the offset past the last *stored* update, so an update is
confirmed only after its row is committed in the inbox: a crash at any point loses nothing
(updates stored but not yet confirmed come again and are recognised by ``update_id``). While
the database is away the unconfirmed updates are asked for again every second (with any new
ones) and stored as soon as it is back; readers who wrote are told once that the answer will
come.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

from bot.core.logsafe import redact
from bot.present.telegram_errors import retry_seconds
from bot.runtime.inbox import Inbox
from bot.runtime.outage_notice import OutageNotice

log = logging.getLogger(__name__)

LONG_POLL = 20  # seconds Telegram holds a getUpdates open when nothing comes
STORE_RETRY = 1.0  # seconds between attempts to store a batch while the database is away


class PollingReceiver:
    """``getUpdates`` in a loop, storing each batch before asking for the next one."""

    def __init__(
        self, bot: Bot, inbox: Inbox, *, long_poll: int = LONG_POLL, notice: OutageNotice
    ) -> None:
        self.bot = bot
        self.inbox = inbox
        self.long_poll = long_poll
        self.notice = notice
        self.offset: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def start(self) -> None:
        """Remove any webhook (Telegram refuses getUpdates beside one), then poll."""
        await self.bot.delete_webhook(drop_pending_updates=False)
        self._task = asyncio.create_task(self._run(), name="warta-receive-polling")

    async def stop(self) -> None:
        """Stop asking; confirm what was stored so it is not delivered again."""
        self._stopping.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        if self.offset is not None:
            with contextlib.suppress(TelegramError, asyncio.TimeoutError):
                await asyncio.wait_for(
                    self.bot.get_updates(offset=self.offset, limit=1, timeout=0), timeout=2
                )

    async def _run(self) -> None:
        failures = 0
        storing_fails = False
        while not self._stopping.is_set():
            try:
                updates = await self.bot.get_updates(
                    offset=self.offset,
                    # While the store fails, look again soon: the same updates come back
                    # (they were not confirmed) with any new ones, whose readers are told.
                    timeout=0 if storing_fails else self.long_poll,
                    allowed_updates=Update.ALL_TYPES,
                    read_timeout=self.long_poll + 10,
                )
            except InvalidToken:
                raise
            except RetryAfter as exc:
                await asyncio.sleep(retry_seconds(exc))
                continue
            except Conflict as exc:
                log.error("getUpdates: %s (is another Warta polling with this token?)", exc)
                await asyncio.sleep(5)
                continue
            except TelegramError as exc:
                failures += 1
                if failures == 1 or failures % 30 == 0:
                    log.warning("getUpdates failed (%d in a row): %s", failures, redact(str(exc)))
                await asyncio.sleep(min(30.0, 0.5 * 2 ** min(failures, 6)))
                continue
            failures = 0
            if not updates:
                continue
            storing_fails = not await self._store(updates)
            if storing_fails:
                await asyncio.sleep(STORE_RETRY)
            else:
                self.offset = updates[-1].update_id + 1

    async def _store(self, updates: Sequence[Update]) -> bool:
        """Store the batch; False when the database cannot take it now (the batch is then
        asked for again, unconfirmed, and delivered again after a restart)."""
        try:
            await self.inbox.receive(updates)
        except Exception as exc:
            await self.notice.failed(updates, exc)
            return False
        self.notice.recovered()
        return True
