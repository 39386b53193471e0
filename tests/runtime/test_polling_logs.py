"""An idle poll is quiet at INFO: the poll's summary line is at INFO only when it found news."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import started_bot


def test_poll_done_is_info_with_news_and_debug_without(
    tmp_path: Path, fake_telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot.runtime.polling")

    async def scenario() -> None:
        async with started_bot(tmp_path, fake_telegram) as bot:  # first poll: the seed article
            await bot.poll()  # nothing new

    asyncio.run(scenario())
    done = [r for r in caplog.records if r.getMessage().startswith("poll done: ")]
    assert [(r.levelno, r.getMessage().startswith("poll done: 0 new")) for r in done] == [
        (logging.INFO, False),
        (logging.DEBUG, True),
    ]
