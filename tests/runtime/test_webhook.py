"""Webhook mode: PTB's own webhook server, guarded by the secret token, over real HTTP."""

from __future__ import annotations

import asyncio
import json
import socket
from dataclasses import replace
from pathlib import Path

import httpx

from bot.runtime.app import build_application
from bot.runtime.runner import lifecycle
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import make_settings

READER = 6101
SECRET = "rahasia_Warta-123"
PUBLIC_URL = "https://warta.example.id/telegram"
NO_FEEDS = {"Lokal": "http://127.0.0.1:9/rss"}  # nothing listens there: polls fail at once


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_settings(tmp_path: Path, telegram: FakeTelegram):
    return replace(
        make_settings(tmp_path, telegram, NO_FEEDS),
        webhook_url=PUBLIC_URL,
        webhook_secret=SECRET,
        listen=("127.0.0.1", free_port()),
    )


def test_webhook_takes_updates_with_the_secret_only(tmp_path: Path) -> None:
    async def scenario(telegram: FakeTelegram) -> None:
        settings = webhook_settings(tmp_path, telegram)
        local = f"http://127.0.0.1:{settings.listen[1]}/telegram"
        async with lifecycle(build_application(settings)), httpx.AsyncClient() as client:
            # Telegram was told where to send updates, and the secret to send with them.
            assert telegram.webhook is not None
            assert telegram.webhook["url"] == PUBLIC_URL
            assert telegram.webhook["secret_token"] == SECRET

            telegram.send_user_message(READER, "/start", first_name="Rina")
            (update,) = telegram.take_updates()
            body = json.dumps(update)
            headers = {"Content-Type": "application/json"}

            # Without the secret, or with a wrong one: refused, and nothing is answered.
            missing = await client.post(local, content=body, headers=headers)
            wrong = await client.post(
                local,
                content=body,
                headers={**headers, "X-Telegram-Bot-Api-Secret-Token": "tebakan"},
            )
            assert missing.status_code == wrong.status_code == 403
            await asyncio.sleep(0.3)
            assert telegram.sent_messages(READER) == []

            # A malformed body and a 10 MB body are refused; the server goes on.
            good = {**headers, "X-Telegram-Bot-Api-Secret-Token": SECRET}
            malformed = await client.post(local, content=b"{not json", headers=good)
            assert malformed.status_code >= 400
            huge = b'{"update_id": 1, "x": "' + b"a" * (10 * 1024 * 1024) + b'"}'
            try:
                too_big = await client.post(local, content=huge, headers=good)
                assert too_big.status_code in (400, 413)
            except httpx.TransportError:
                pass  # refused before the body was read: the connection is closed

            # The real thing: the reader is answered.
            accepted = await client.post(local, content=body, headers=good)
            assert accepted.status_code == 200
            replies = await telegram.wait_for_messages(1, READER)
            assert "Halo, Rina!" in replies[0].plain_text

    with FakeTelegram() as telegram:
        asyncio.run(scenario(telegram))


def test_without_webhook_url_the_webhook_is_deleted_and_the_bot_polls(tmp_path: Path) -> None:
    async def scenario(telegram: FakeTelegram) -> None:
        telegram.webhook = {"url": "https://lama.example.id/hook"}  # left by an earlier setup
        settings = make_settings(tmp_path, telegram, NO_FEEDS)
        async with lifecycle(build_application(settings)):
            assert telegram.calls("deleteWebhook")
            assert telegram.webhook is None
            telegram.send_user_message(READER, "/start", first_name="Rina")
            replies = await telegram.wait_for_messages(1, READER)
            assert "Halo, Rina!" in replies[0].plain_text

    with FakeTelegram() as telegram:
        asyncio.run(scenario(telegram))
