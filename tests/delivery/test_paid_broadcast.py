"""WARTA_PAID_BROADCAST=1: broadcasts go with allow_paid_broadcast, at the higher pace."""

from __future__ import annotations

import asyncio
from pathlib import Path

from telegram import Bot

from bot.delivery.sender import FREE_RATE, PAID_RATE, paced_sender
from bot.storage import open_store
from tests.support.fake_telegram import TOKEN, FakeTelegram


def broadcast(tmp_path: Path, telegram: FakeTelegram, *, paid: bool) -> list[dict]:
    store = open_store(tmp_path / f"warta-{paid}.db")

    async def run() -> float:
        async with Bot(TOKEN, base_url=telegram.bot_base_url) as bot:
            sender = paced_sender(bot, store, paid=paid)
            await sender.run_until_idle(timeout=30)
            return 1.0 / sender.throttle.interval

    for chat_id in range(1, 41):
        store.enqueue(chat_id, "digest", f"Ringkasan {chat_id}", dedupe_key=f"d:{chat_id}:{paid}")
    rate = asyncio.run(run())
    store.close()
    assert rate == (PAID_RATE if paid else FREE_RATE)
    return [call.params for call in telegram.calls("sendMessage")]


def test_paid_broadcast_flag_reaches_telegram(tmp_path: Path) -> None:
    """Against Telegram's limits (30/s free, 1,000/s paid): both paces stay within them."""
    with FakeTelegram(rate_limits=True) as telegram:
        calls = broadcast(tmp_path, telegram, paid=True)
        assert len(calls) == 40
        assert all(str(c.get("allow_paid_broadcast")).lower() == "true" for c in calls)
        assert telegram.count_429 == 0
        telegram.reset()
        free = broadcast(tmp_path, telegram, paid=False)
        assert len(free) == 40
        assert not any("allow_paid_broadcast" in c for c in free)
        assert telegram.count_429 == 0


def test_fake_telegram_holds_free_broadcasts_to_30_per_second() -> None:
    """The stand-in really tells the two apart: 40 free sends at once hit its 30/s limit."""
    import httpx

    with FakeTelegram(rate_limits=True) as telegram, httpx.Client() as client:
        url = f"{telegram.bot_base_url}{TOKEN}/sendMessage"
        free = [client.post(url, data={"chat_id": n, "text": "x"}).status_code for n in range(40)]
        paid = [
            client.post(
                url, data={"chat_id": 100 + n, "text": "x", "allow_paid_broadcast": "true"}
            ).status_code
            for n in range(40)
        ]
        assert 429 in free
        assert set(paid) == {200}
