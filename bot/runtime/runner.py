"""Running the application: roles, updates through the inbox (polling or webhook), stops.

``warta run --role all`` (default) is one process doing everything (on PostgreSQL it sends
the outbox only while it holds the sender lease, so workers can run beside it). ``--role bot``
answers readers and runs none of the loops; ``--role worker`` runs the loops only: feeds,
fan-out, and, in the one worker elected through the database, the outbox and the digest
sweep (:mod:`bot.runtime.worker`). Several processes need a server database (PostgreSQL).
A reader's update is stored before Telegram is told it arrived (:mod:`bot.runtime.inbox`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator

from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.core.config import Settings
from bot.core.database_url import is_server_database
from bot.core.logsafe import redact
from bot.runtime.app import build_application
from bot.runtime.inbox import Inbox
from bot.runtime.outage_notice import OutageNotice
from bot.runtime.receive_polling import PollingReceiver
from bot.runtime.receive_webhook import WebhookReceiver
from bot.runtime.worker import new_holder
from bot.storage import SchemaError, StoreUnavailable

log = logging.getLogger(__name__)

ROLES = ("all", "bot", "worker")
STOP_GRACE = 3.0  # seconds the handlers in hand get to finish at a stop


def check_role(settings: Settings, role: str) -> str | None:
    """Why this role cannot run with these settings (None when it can)."""
    if role not in ROLES:
        return f"unknown role {role!r}; use one of: {', '.join(ROLES)}"
    if role != "all" and not is_server_database(settings.database):
        return (
            f"--role {role} needs a PostgreSQL database shared by the bot and the workers "
            "(WARTA_DATABASE=postgresql://user@host:5432/warta). A SQLite file serves one "
            "process only: run 'warta run' (--role all) instead."
        )
    return None


def build_receiver(
    application: Application, settings: Settings, inbox: Inbox
) -> PollingReceiver | WebhookReceiver:
    """Updates from Telegram: a webhook server when WARTA_WEBHOOK_URL is set, else long
    polling (which deletes any webhook first). Either stores each update before confirming."""
    notice = OutageNotice()
    if settings.webhook_url:
        return WebhookReceiver(
            application.bot,
            inbox,
            listen=settings.listen,
            path=settings.webhook_path,
            url=settings.webhook_url,
            secret=settings.webhook_secret,
            notice=notice,
        )
    return PollingReceiver(application.bot, inbox, notice=notice)


@contextlib.asynccontextmanager
async def lifecycle(application: Application) -> AsyncIterator[Application]:
    """Start the application for its role (initialize, post_init, start; then, but in a
    worker, the inbox and the receiver) and stop it the other way round, whatever was
    started: the receiver stops taking updates, the handlers in hand get ``STOP_GRACE``
    seconds, the rest stays in the inbox for the next start."""
    services = application.bot_data
    inbox: Inbox | None = None
    receiver: PollingReceiver | WebhookReceiver | None = None
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        if services.role != "worker":
            inbox = Inbox(application, holder=new_holder())
            inbox.start()  # updates left by the last run first
            receiver = build_receiver(application, services.settings, inbox)
            await receiver.start()
        yield application
    finally:
        if receiver is not None:
            await receiver.stop()
        if inbox is not None:
            await inbox.stop(grace=STOP_GRACE)
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


async def serve(application: Application, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT or SIGTERM (or ``stop``)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    async with lifecycle(application):
        await stop.wait()
        log.info("stopping")


def run(settings: Settings, role: str = "all") -> int:
    """``warta run``. Exit codes: 0 stopped, 1 Telegram unreachable, 2 bad configuration
    (token rejected, a role SQLite cannot serve)."""
    problem = check_role(settings, role)
    if problem:
        print(f"warta: {problem}", file=sys.stderr)
        return 2
    application = build_application(settings, role=role)
    try:
        asyncio.run(serve(application))
    except (StoreUnavailable, SchemaError) as exc:  # their messages never hold a password
        print(f"warta: {redact(str(exc))}", file=sys.stderr)
        return 2
    except InvalidToken:
        print(
            "warta: Telegram rejected TELEGRAM_BOT_TOKEN. Check the token @BotFather gave you "
            "(send /mybots in Telegram to see it again).",
            file=sys.stderr,
        )
        return 2
    except TelegramError as exc:
        print(
            f"warta: could not reach Telegram at {settings.telegram_api_url}: "
            f"{redact(str(exc))}",  # the token was registered by protect_logs
            file=sys.stderr,
        )
        return 1
    return 0
