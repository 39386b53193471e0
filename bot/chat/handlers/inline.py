"""Inline mode: ``@bot bpjs`` in any chat offers matching summaries to share."""

from __future__ import annotations

from datetime import timedelta

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.ext import Application, InlineQueryHandler

from bot.chat.context import WartaContext
from bot.chat.handlers.common import services
from bot.core import metrics
from bot.core.models import Article
from bot.present import texts
from bot.present.render import article_message, safe_url, shorten

MAX_RESULTS = 10
CACHE_SECONDS = 30
RECENT = timedelta(days=3)  # an empty query offers the latest news
MAX_QUERY = 256  # Telegram's own limit for inline queries


def result(article: Article, tz: str) -> InlineQueryResultArticle:
    first_bullet = next((b for b in article.bullets if b.strip()), texts.INLINE_NO_BULLETS)
    return InlineQueryResultArticle(
        id=str(article.id),
        title=shorten(article.title, 200) or texts.UNTITLED,
        description=shorten(first_bullet, 300),
        input_message_content=InputTextMessageContent(article_message(article, tz=tz)),
        # Telegram rejects the whole answer for one malformed URL (spaces, other schemes).
        url=safe_url(article.url),
    )


async def inline_search(update: Update, context: WartaContext) -> None:
    query = update.inline_query
    if query is None:
        return
    s = services(context)
    words = " ".join(query.query.split())[:MAX_QUERY]
    if words:
        with metrics.SEARCH_SECONDS.time():
            hits = await s.db.search(words, limit=MAX_RESULTS)
        articles = [hit.article for hit in hits]
    else:
        articles = await s.db.articles_since(s.now() - RECENT, limit=MAX_RESULTS)
    stored = await s.db.get_chat(query.from_user.id)
    tz = stored.timezone if stored else s.settings.timezone
    unique = list({article.id: article for article in articles}.values())  # ids must differ
    # Nothing found: a "Buka Warta" button over the empty list opens a private chat with
    # the bot (/start inline), where the reader can search or follow the topic.
    button = (
        None
        if unique
        else InlineQueryResultsButton(
            text=texts.INLINE_OPEN_BOT, start_parameter=texts.INLINE_START_PARAMETER
        )
    )
    await query.answer(
        [result(article, tz) for article in unique],
        button=button,
        cache_time=CACHE_SECONDS,
        # Times are shown in the asking reader's zone: another reader must not get this
        # answer from Telegram's cache.
        is_personal=True,
    )


def register(application: Application) -> None:
    application.add_handler(InlineQueryHandler(inline_search))
