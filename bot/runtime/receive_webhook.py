"""Updates by webhook, answered 200 only once stored.

Telegram retries an update until the webhook answers 2xx. This server (tornado, which
python-telegram-bot's webhook extra already brings) answers 200 only after the update's row
is committed in the inbox, 503 when the database cannot take it (Telegram tries again later),
403 without the secret token, 400 for a body that is not an update (logged once, without the
body), and refuses bodies over ``max_bytes`` before reading them.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError
from tornado.httpserver import HTTPServer
from tornado.web import Application as TornadoApplication
from tornado.web import RequestHandler

from bot.core.logsafe import redact
from bot.runtime.inbox import Inbox
from bot.runtime.outage_notice import OutageNotice

log = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1024 * 1024  # Telegram's updates are a few kilobytes
STORE_TIMEOUT = 5.0  # seconds to store an update before answering 503
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class _UpdateHandler(RequestHandler):
    """POST one update."""

    def initialize(self, receiver: WebhookReceiver) -> None:
        self.receiver = receiver

    def compute_etag(self) -> None:
        return None

    async def post(self) -> None:
        receiver = self.receiver
        given = self.request.headers.get(SECRET_HEADER, "")
        if receiver.secret and not hmac.compare_digest(given, receiver.secret):
            self._answer(403, "wrong or missing secret token")
            return
        update = receiver.parse(self.request.body)
        if update is None:
            self._answer(400, "not a Telegram update")
            return
        try:
            await asyncio.wait_for(receiver.inbox.receive([update]), timeout=STORE_TIMEOUT)
        except Exception as exc:
            await receiver.notice.failed([update], exc)
            self.set_header("Retry-After", "5")
            self._answer(503, "cannot store the update now")
            return
        receiver.notice.recovered()
        self._answer(200, "ok")

    def _answer(self, status: int, message: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": status, "message": message}))

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        log.error("webhook: %s", redact(repr(value)))


class WebhookReceiver:
    """The local HTTP server Telegram's webhook calls (behind your HTTPS proxy)."""

    def __init__(
        self,
        bot: Bot,
        inbox: Inbox,
        *,
        listen: tuple[str, int],
        path: str,
        url: str,
        secret: str | None,
        notice: OutageNotice,
        max_bytes: int = MAX_UPDATE_BYTES,
    ) -> None:
        self.bot = bot
        self.inbox = inbox
        self.listen = listen
        self.path = path
        self.url = url
        self.secret = secret
        self.notice = notice
        self.max_bytes = max_bytes
        self._server: HTTPServer | None = None
        self._bad_bodies = 0

    def parse(self, body: bytes) -> Update | None:
        """The update in ``body``, or None (logged at WARNING, the first and every 100th)."""
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("no update_id")
            update = Update.de_json(data, self.bot)
        except Exception as exc:
            self._bad_bodies += 1
            if self._bad_bodies == 1 or self._bad_bodies % 100 == 0:
                log.warning(
                    "webhook: refused a body that is not a Telegram update (%d so far): %s",
                    self._bad_bodies,
                    type(exc).__name__,
                )
            return None
        return update

    async def start(self) -> None:
        """Listen, then tell Telegram where to send updates (and the secret)."""
        app = TornadoApplication([(self.path, _UpdateHandler, {"receiver": self})])
        self._server = HTTPServer(app, max_body_size=self.max_bytes, xheaders=True)
        host, port = self.listen
        self._server.listen(port, address=host)
        try:
            await self.bot.set_webhook(
                url=self.url,
                secret_token=self.secret,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
            )
        except TelegramError:
            self._server.stop()
            raise
        log.info("webhook: listening on %s:%d%s", host, port, self.path)

    @property
    def port(self) -> int:
        assert self._server is not None
        sockets = list(self._server._sockets.values())
        return int(sockets[0].getsockname()[1])

    async def stop(self) -> None:
        """Stop taking updates (Telegram keeps them and retries)."""
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
