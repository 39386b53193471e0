"""Telling readers once that their message arrived while the database is away.

A receiver that cannot store an update does not confirm it (Telegram keeps it and it is
stored when the database is back), so the reader would wait in silence. After ``patience``
seconds of failing, each waiting reader is told once (Indonesian, ``texts.DATABASE_TROUBLE``)
that Warta is having trouble and will answer shortly. Which updates were told is kept in
memory only: after a restart a reader may be told twice, never not answered.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from telegram import Update
from telegram.error import TelegramError

from bot.core.logsafe import redact
from bot.present import texts

log = logging.getLogger(__name__)

PATIENCE = 3.0  # seconds of failing before readers are told
REMEMBERED = 10_000  # update ids told, at most (the oldest are forgotten)


class OutageNotice:
    """Counts the failures of one receiver and tells each waiting reader once."""

    def __init__(self, *, patience: float = PATIENCE) -> None:
        self.patience = patience
        self._failing_since: float | None = None
        self._failures = 0
        self._told: dict[int, None] = {}

    @property
    def failing(self) -> bool:
        return self._failing_since is not None

    def recovered(self) -> None:
        if self._failing_since is not None:
            log.warning(
                "the inbox takes updates again (after %d failed attempts in %.0f s)",
                self._failures,
                time.monotonic() - self._failing_since,
            )
        self._failing_since = None
        self._failures = 0

    async def failed(self, updates: Sequence[Update], error: BaseException) -> None:
        """One failed attempt to store ``updates``; tells their readers once it lasts."""
        now = time.monotonic()
        self._failures += 1
        if self._failing_since is None:
            self._failing_since = now
            log.warning("cannot store incoming updates: %s", redact(repr(error)))
            return
        if now - self._failing_since < self.patience:
            return
        for update in updates:
            if update.update_id in self._told:
                continue
            self._remember(update.update_id)
            await _tell(update)

    def _remember(self, update_id: int) -> None:
        self._told[update_id] = None
        while len(self._told) > REMEMBERED:
            del self._told[next(iter(self._told))]


async def _tell(update: Update) -> None:
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.DATABASE_TROUBLE, show_alert=True)
        elif (
            update.message is not None
            and update.effective_chat is not None
            and update.effective_chat.type == "private"
        ):
            await update.message.reply_text(texts.DATABASE_TROUBLE, do_quote=False)
    except TelegramError as exc:
        log.info("could not tell a reader about the outage: %s", redact(str(exc)))
