"""Direct replies within Telegram's limits: about 30 messages a second overall, about one a
second in a chat (short bursts allowed), 20 a minute in a group.

Readers' updates are handled many at once (:mod:`bot.runtime.inbox`), so their replies could
leave faster than Telegram takes them. :class:`ReplyPacer` holds each direct reply until both
the global budget and its chat's allow it, and a 429 that still comes back is waited out and
the reply sent again, instead of being lost.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import RetryAfter

from bot.delivery.sender import Throttle
from bot.present.telegram_errors import retry_seconds

T = TypeVar("T")

GLOBAL_RATE = 28.0  # replies a second, leaving the rest of Telegram's ~30/s to the outbox
GLOBAL_BURST = 10.0
PRIVATE_RATE, PRIVATE_BURST = 1.0, 3.0  # a private chat
GROUP_RATE, GROUP_BURST = 20 / 60, 3.0  # a group (negative chat id)
CHATS_KEPT = 5_000  # per-chat throttles remembered (the least recently used are dropped)
MAX_RETRIES = 3  # 429 answers waited out for one reply
MAX_RETRY_AFTER = 3.0  # seconds: a longer flood wait is logged, not waited out with the reply


class ReplyPacer:
    """Paces direct replies, overall and per chat."""

    def __init__(self, *, rate: float = GLOBAL_RATE, burst: float = GLOBAL_BURST) -> None:
        self.overall = Throttle(rate, burst=burst)
        self._chats: OrderedDict[int, Throttle] = OrderedDict()
        self.retried = 0

    def _chat(self, chat_id: int) -> Throttle:
        throttle = self._chats.pop(chat_id, None)
        if throttle is None:
            group = chat_id < 0
            throttle = Throttle(
                GROUP_RATE if group else PRIVATE_RATE,
                burst=GROUP_BURST if group else PRIVATE_BURST,
            )
        self._chats[chat_id] = throttle
        while len(self._chats) > CHATS_KEPT:
            self._chats.popitem(last=False)
        return throttle

    async def wait(self, chat_id: int | str | None) -> None:
        """Until a reply to ``chat_id`` may leave (its chat first, then the overall budget)."""
        number = _chat_number(chat_id)
        if number is not None:
            await self._chat(number).acquire()
        await self.overall.acquire()

    async def send(self, chat_id: int | str | None, request: Callable[[], Awaitable[T]]) -> T:
        """``request()`` in its turn; a 429 is waited out and the request made again."""
        for attempt in range(MAX_RETRIES + 1):
            await self.wait(chat_id)
            try:
                return await request()
            except RetryAfter as exc:
                pause = retry_seconds(exc)
                if attempt == MAX_RETRIES or pause > MAX_RETRY_AFTER:
                    raise
                self.retried += 1
                self.overall.pause_until(time.monotonic() + pause)
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")


def _chat_number(chat_id: int | str | None) -> int | None:
    if isinstance(chat_id, int):
        return chat_id
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        return int(chat_id)
    return None
