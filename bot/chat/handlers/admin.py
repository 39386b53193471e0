"""/stats and /sumber for the operators listed in ``WARTA_ADMIN_IDS``."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.chat.context import WartaContext
from bot.chat.handlers.common import NEW_MESSAGES, html, known_chat, reply, services
from bot.core.models import FeedState
from bot.present import texts
from bot.present.render import format_local_time, shorten, split_messages

log = logging.getLogger(__name__)

ERROR_MAX = 200  # characters of a feed's last error shown


async def _allowed(update: Update, context: WartaContext) -> bool:
    user = update.effective_user
    if services(context).is_admin(user.id if user else None):
        return True
    log.info("admin command refused for user %s", user.id if user else None)
    await reply(update, texts.ADMIN_ONLY)
    return False


async def stats(update: Update, context: WartaContext) -> None:
    if not await _allowed(update, context):
        return
    figures = await services(context).db.stats()
    await reply(
        update,
        texts.STATS.format(
            chats=figures.chats,
            active_chats=figures.active_chats,
            subscriptions=figures.subscriptions,
            articles=figures.articles,
            stories=figures.stories,
            sent=figures.sent,
            pending=figures.pending,
            failed=figures.failed,
            feeds_failing=figures.feeds_failing,
        ),
    )


def feed_line(feed: FeedState, tz: str) -> str:
    last_success = (
        format_local_time(feed.last_success_at, tz) if feed.last_success_at else texts.SOURCE_NEVER
    )
    if feed.consecutive_failures == 0:
        return texts.SOURCE_OK.format(name=html(feed.name), last_success=html(last_success))
    return texts.SOURCE_FAILING.format(
        name=html(feed.name),
        failures=feed.consecutive_failures,
        last_success=html(last_success),
        error=html(shorten(feed.last_error or "", ERROR_MAX)),
    )


async def sources(update: Update, context: WartaContext) -> None:
    if not await _allowed(update, context):
        return
    s = services(context)
    feeds = await s.db.feed_states()
    if not feeds:
        await reply(update, texts.SOURCES_EMPTY)
        return
    # Failing feeds first, the worst on top.
    feeds.sort(key=lambda f: (-f.consecutive_failures, f.name.casefold()))
    blocks = [texts.SOURCES_HEADER.format(count=len(feeds))]
    tz = (await known_chat(update, context)).timezone  # the operator's own zone, like every reader
    blocks.extend(feed_line(feed, tz) for feed in feeds)
    for message in split_messages(["\n".join(blocks)]):
        await reply(update, message)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("stats", stats, filters=NEW_MESSAGES))
    application.add_handler(CommandHandler(["sumber", "sources"], sources, filters=NEW_MESSAGES))
