"""Running the application: roles, long polling or PTB's own webhook server, clean stops.

``warta run --role all`` (default) is one process doing everything (on PostgreSQL it sends
the outbox only while it holds the sender lease, so workers can run beside it). ``--role bot``
answers readers (polling or webhook) and runs no schedules; ``--role worker`` polls feeds, fans out,
and, in the one worker elected through the database, sends the outbox and queues digests
(:mod:`bot.runtime.worker`). Several processes need a server database (PostgreSQL).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import AsyncIterator

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, Updater

from bot.core.config import Settings
from bot.core.database_url import is_server_database
from bot.core.logsafe import redact
from bot.runtime.app import build_application
from bot.storage import SchemaError, StoreUnavailable

log = logging.getLogger(__name__)

ROLES = ("all", "bot", "worker")
# Telegram's updates are a few kilobytes; anything over this is refused before it is read.
MAX_UPDATE_BYTES = 1024 * 1024


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


def limit_webhook_body(updater: Updater, max_bytes: int = MAX_UPDATE_BYTES) -> None:
    """Refuse webhook requests larger than ``max_bytes`` before reading them (tornado answers
    400 and closes the connection). PTB does not expose the limit, so it is set on its server's
    connection parameters; tests/runtime/test_webhook.py checks that it still takes effect."""
    server = getattr(getattr(updater, "_httpd", None), "_http_server", None)
    params = getattr(server, "conn_params", None)
    if params is None:
        log.warning("webhook: cannot limit the request size with this PTB version")
        return
    params.max_body_size = max_bytes


async def start_updates(application: Application, settings: Settings) -> None:
    """Updates from Telegram: PTB's webhook server when WARTA_WEBHOOK_URL is set, else long
    polling (PTB deletes any webhook first)."""
    updater = application.updater
    if updater is None:
        raise RuntimeError("the application was built without an updater")
    if settings.webhook_url:
        host, port = settings.listen
        await updater.start_webhook(
            listen=host,
            port=port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
        )
        limit_webhook_body(updater)
        log.info("webhook: listening on %s:%d%s", host, port, settings.webhook_path)
    else:
        await updater.start_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)


@contextlib.asynccontextmanager
async def lifecycle(application: Application) -> AsyncIterator[Application]:
    """Start the application as PTB's ``run_*`` would (initialize, post_init, updates, start)
    for its role, and stop it the same way, whatever was started."""
    services = application.bot_data
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        if services.role != "worker":
            await start_updates(application, services.settings)
        await application.start()
        yield application
    finally:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
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
