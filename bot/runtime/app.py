"""The Telegram application: building it, starting and stopping its services, running it.

Replies to a reader's own command go straight through PTB (``reply_text``), paced by the
:class:`bot.delivery.sender.ReplyMeter` within Telegram's overall and per-chat limits
(:mod:`bot.delivery.reply_pacing`); pushes and digests go through the outbox and the
:class:`bot.delivery.sender.Sender`, which keeps to the limits itself and leaves room for the
replies the meter tells it about. A reader's reply never queues behind a broadcast.
Updates reach the handlers through the inbox (:mod:`bot.runtime.inbox`), not PTB's Updater.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from zoneinfo import ZoneInfo

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

from bot.chat.handlers import (
    admin,
    digest,
    errors,
    feedback,
    follow,
    groups,
    inline,
    push,
    questions,
    search,
    start,
    subscribe,
    topics,
    unreadable,
)
from bot.chat.handlers import settings as settings_handlers
from bot.core.config import Settings
from bot.core.database_url import is_server_database
from bot.core.logsafe import TokenFilter, add_secret, redact
from bot.core.sources import load_sources
from bot.core.topics import load_topics
from bot.delivery.reply_pacing import ReplyPacer
from bot.delivery.sender import ReplyMeter
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import build_ingestor
from bot.present import texts
from bot.runtime import health
from bot.runtime.ops_server import OpsServer
from bot.runtime.services import Services
from bot.runtime.worker import Worker
from bot.storage import open_store

log = logging.getLogger(__name__)

# Loggers that may see a request URL (which contains the token) or an exception about it.
_GUARDED_LOGGERS = (
    "httpx",
    "httpcore",
    "telegram",
    "telegram.Bot",
    "telegram.ext",
    "telegram.ext.Application",
    "telegram.ext.ExtBot",
    "telegram.ext.Updater",
    "telegram.ext.JobQueue",
    "telegram.ext.AIORateLimiter",
    "apscheduler",
    "apscheduler.scheduler",
    "apscheduler.executors.default",
    "bot",
    "bot.runtime.app",
    "bot.delivery.sender",
    "bot.runtime.polling",
    "bot.runtime.inbox",
    "bot.runtime.receive_polling",
    "bot.runtime.receive_webhook",
    "bot.runtime.outage_notice",
    "tornado",
    "tornado.access",
    "tornado.application",
    "tornado.general",
    "bot.runtime.worker",
    "bot.chat.handlers.errors",
)


def protect_logs(token: str) -> None:
    """Redact the token at the loggers themselves, whatever handlers the host installed."""
    add_secret(token)
    for name in _GUARDED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenFilter) for f in logger.filters):
            logger.addFilter(TokenFilter())


def register_handlers(application: Application) -> None:
    """All handlers, in an order that matters: PTB runs the first matching handler (group 0)."""
    unreadable.register(application)  # group -1, first: NUL bytes refused before any handler
    groups.register(application)  # my_chat_member: joins, removals, blocks
    start.register(application)  # /start (deep links), /bantuan
    topics.register(application)  # /topik and its buttons
    subscribe.register(application)  # /langganan, /berhenti, /langgananku
    search.register(application)  # /cari and its ◀ ▶ buttons
    follow.register(application)  # the 🔔 follow button under "not found"
    feedback.register(application)  # 👍 / 👎 under an answer
    digest.register(application)  # /ringkasan and its ⟨ ⟩ buttons
    push.register(application)  # the buttons under a push
    settings_handlers.register(application)  # /pengaturan and its buttons
    admin.register(application)  # /stats, /sumber
    inline.register(application)  # @bot queries
    start.register_unknown_command(application)  # after every command: "/xyz" in private
    start.register_unknown_button(application)  # after every button: answer stale presses
    # Last: any other private text is a question. It must come after the commands, or it
    # would never let them through.
    questions.register(application)
    errors.register(application)


def sends_under_lease(settings: Settings, role: str) -> bool:
    """Whether this process sends the outbox (and queues the digests) only while it holds the
    sender lease: a worker always, and ``--role all`` on a server database, where workers may
    run beside it, so that one process at a time sends, whatever the mix. ``--role all`` on
    SQLite is the only process and sends without a lease. (Should two ever send, a digest
    queued twice the same day is still one outbox row, and the fan-out cursor pushes each
    article once.)"""
    return role == "worker" or (role == "all" and is_server_database(settings.database))


def build_application(settings: Settings, *, role: str = "all") -> Application:
    """The configured application (not started) for ``role`` (all, bot or worker). Raises
    ConfigError for a missing token or a bad feeds/topics file."""
    token = settings.require_token()
    protect_logs(token)
    feed_sources = load_sources(settings.feeds_file)
    topic_list = load_topics(settings.topics_file)
    defaults = Defaults(
        parse_mode=ParseMode.HTML,
        tzinfo=ZoneInfo(settings.timezone),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    # No PTB Updater: updates come through the inbox (bot.runtime.inbox), stored before
    # Telegram is told they arrived.
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder().application_class(Application).updater(None)
    )
    if role == "bot":  # no schedules in a bot process: the elected worker runs them
        builder = builder.job_queue(None)
    application = (
        builder.token(token)
        .base_url(settings.bot_base_url)
        .base_file_url(settings.bot_base_file_url)
        .defaults(defaults)
        .context_types(ContextTypes(bot_data=Services))
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .rate_limiter(ReplyMeter(ReplyPacer().send))
        .build()
    )
    services: Services = application.bot_data
    services.settings = settings
    services.role = role
    services.topics = topic_list
    services.feed_sources = tuple(feed_sources)
    register_handlers(application)
    return application


async def post_init(application: Application) -> None:
    """Open the store and start what the process's role does: ingestion and the loops that
    read the database (the poll, the sender, the digest sweep: roles all and worker, as
    JobQueue jobs), the command menus (all, bot), and the metrics server when configured."""
    services: Services = application.bot_data
    settings = services.settings
    role = services.role
    services.started_at = services.now()
    # Start-up makes its store calls off the loop too: a networked database may be slow.
    services.store = await asyncio.to_thread(open_store, settings.database)
    services.bot_username = application.bot.username or ""
    if role != "bot":
        await services.db.sync_feeds(services.feed_sources)
        services.fetcher = Fetcher()
        services.ingestor = build_ingestor(settings, services.store, services.fetcher)
    leased = sends_under_lease(settings, role)
    if role != "worker":
        await set_command_menus(application)
    if settings.metrics_listen is not None:
        start_ops_server(services)
    if role == "bot":  # no loops: the process that sends runs them
        log.info("Warta bot started as @%s (role bot)", services.bot_username)
        return
    # One scheduler, the JobQueue: the poll, the sender (under the lease where workers may
    # run beside this process) and the sweep that queues the daily digests from the database.
    services.worker = Worker(application, leased=leased, claim_feeds=role == "worker")
    services.worker.start()
    if role == "worker":
        log.info(
            "Warta worker %s started: %d feeds", services.worker.holder, len(services.feed_sources)
        )
        return
    log.info(
        "Warta started as @%s: %d feeds, %d topics, polling every %d s%s",
        services.bot_username,
        len(services.feed_sources),
        len(services.topics),
        settings.poll_interval,
        ", sending while it holds the sender lease" if leased else "",
    )


def start_ops_server(services: Services) -> None:
    """Serve /metrics and /healthz on WARTA_METRICS_LISTEN."""
    assert services.settings.metrics_listen is not None
    host, port = services.settings.metrics_listen
    services.ops_server = OpsServer(
        host,
        port,
        health=lambda: health.check(services),
        backlog=lambda: health.outbox_backlog(services),
    ).start()
    log.info("metrics: /metrics and /healthz on %s:%d", host, services.ops_server.port)


def command_menus() -> list[tuple[BotCommandScope, list[BotCommand]]]:
    """The "/" menu per scope: everything in private chats (and by default), and in groups
    only what works there (no /start, and questions are not answered in groups)."""
    private = [BotCommand(name, description) for name, description in texts.COMMAND_MENU]
    group = [
        BotCommand(name, texts.GROUP_COMMAND_DESCRIPTIONS.get(name, description))
        for name, description in texts.COMMAND_MENU
        if name in texts.GROUP_COMMANDS
    ]
    return [
        (BotCommandScopeDefault(), private),
        (BotCommandScopeAllPrivateChats(), private),
        (BotCommandScopeAllGroupChats(), group),
    ]


async def set_command_menus(application: Application) -> None:
    """Announce the commands; a refusal is logged and the bot runs on without a menu."""
    for scope, commands in command_menus():
        try:
            await application.bot.set_my_commands(commands, scope=scope)
        except TelegramError as exc:
            log.warning(
                "could not set the bot's command menu (%s): %s", scope.type, redact(str(exc))
            )


async def _stop_sender(services: Services) -> None:
    if services.sender is not None:
        await services.sender.stop()
    tasks, services.background = services.background, []
    for task in tasks:
        try:
            await asyncio.wait_for(task, timeout=10)
        except TimeoutError:
            task.cancel()
        except Exception:  # the task's own failure was logged by it; shutdown goes on
            log.exception("background task %s failed", task.get_name())


async def post_stop(application: Application) -> None:
    services: Services = application.bot_data
    if services.worker is not None:
        await services.worker.stop()
        services.worker = None
    await _stop_sender(services)


async def post_shutdown(application: Application) -> None:
    """Stop the sender, close the fetcher and the store (each once, whatever was opened)."""
    services: Services = application.bot_data
    if services.worker is not None:
        await services.worker.stop()
        services.worker = None
    if services.ops_server is not None:
        services.ops_server.stop()
        services.ops_server = None
    await _stop_sender(services)
    services.sender = None
    if services.fetcher is not None:
        await services.fetcher.aclose()
        services.fetcher = None
    services.ingestor = None
    if services.has_store:
        await services.db.close()
        services.store = None
    log.info("Warta stopped")
