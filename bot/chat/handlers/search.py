"""/cari: ranked search with ◀ ▶ paging that edits the message in place.

Only words are searched (``bot.chat.search_words``: markup, quotes, operators and stray
letters are dropped, from the search and from the reply). Results holding every word come
first (the words side by side first of all). A word that no article holds is named first
("Belum ada berita yang memuat <b>prakerja</b>"), with a 🔔 button to follow the words, and
the closest results come after it; when every word is known but none holds them all, a notice
says so. Each result shows the line that holds the query's words, in bold, within a page of
about 1,200 visible characters, and the page counts results and pages. With no result at
all, the 🔔 button too.

The query itself stays out of the callback data (64 bytes): it is kept in the database under
a short token (``bot.chat.button_state``), so ◀ ▶ work after a restart and on any bot
process for a week; pressed later, they get a polite "expired".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat import button_state
from bot.chat.context import WartaContext
from bot.chat.handlers.common import (
    NEW_MESSAGES,
    argument_text,
    edit,
    known_chat,
    reply,
    services,
)
from bot.chat.handlers.follow import follow_markup
from bot.chat.search_words import missing_words, searchable
from bot.chat.snippets import snippet_html
from bot.core import metrics
from bot.core.models import SearchPage
from bot.present import texts
from bot.present.callbacks import ResultsPage
from bot.present.render import no_results, pager_buttons, search_results_page
from bot.storage import Store

PER_PAGE = 5
MAX_QUERY = 300  # characters kept of a search (the store caps the terms it uses anyway)


async def remember_query(context: WartaContext, chat_id: int, query: str) -> str:
    """Keep the query for the chat's ◀ ▶; returns the token their callback data carries."""
    return await button_state.remember(services(context).db, chat_id, button_state.SEARCH, query)


async def recall_query(context: WartaContext, chat_id: int, token: str) -> str | None:
    """The query kept under ``token``; None when unknown or forgotten."""
    db = services(context).db
    return await button_state.recall_text(db, chat_id, button_state.SEARCH, token)


class Found(NamedTuple):
    """One page of a search, whether another follows, and the words no article holds."""

    page: SearchPage
    has_next: bool
    missing: list[str]


def look_up(store: Store, query: str, page: int) -> Found:
    """One page (1-based) of results for ``query`` (already :func:`searchable`), in one store
    thread."""
    with metrics.SEARCH_SECONDS.time():
        found = store.search_page(query, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE)
    missing = missing_words(store, query)
    hits = found.hits[:PER_PAGE]
    shown = SearchPage(hits, found.total, found.exact, found.terms)
    return Found(shown, len(found.hits) > PER_PAGE, missing)


async def find_page(context: WartaContext, query: str, page: int) -> Found:
    return await services(context).db.run(look_up, query, page)


def page_text(
    query: str, found: SearchPage, page: int, tz: str, *, missing: Sequence[str] = ()
) -> str:
    """The results message: the words no article holds, else a notice when only some words
    matched; snippets; counts."""
    snippets = [
        lambda limit, article=hit.article: snippet_html(article, found.terms, limit)
        for hit in found.hits
    ]
    return search_results_page(
        query,
        found.hits,
        page=page,
        tz=tz,
        per_page=PER_PAGE,
        total_results=found.total,
        notice=None if found.exact else texts.SEARCH_PARTIAL,
        snippets=snippets,
        missing=missing,
    )


def keyboard(
    key: str, page: int, has_next: bool, follow: str | None
) -> InlineKeyboardMarkup | None:
    """◀ ▶ for the pages, and under them 🔔 to follow ``follow`` (the words, when some are
    in no article yet)."""
    buttons = pager_buttons(ResultsPage.PREFIX, key, page, has_next=has_next)
    rows = [[InlineKeyboardButton(label, callback_data=data) for label, data in buttons]]
    follow_button = follow_markup(follow) if follow else None
    if follow_button is not None:
        rows += [list(row) for row in follow_button.inline_keyboard]
    rows = [row for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


async def search(update: Update, context: WartaContext) -> None:
    await run_search(update, context, argument_text(update))


async def run_search(update: Update, context: WartaContext, words: str) -> None:
    """Search for ``words`` and reply with the first page (``/cari`` and "cari …" typed
    without the slash)."""
    query = searchable(" ".join(words.split())[:MAX_QUERY])
    if not query:
        await reply(update, texts.SEARCH_USAGE)
        return
    found = await find_page(context, query, 1)
    if not found.page.hits:
        text = no_results(query, found.missing)
        await reply(update, text, reply_markup=follow_markup(query))
        return
    chat = await known_chat(update, context)
    key = await remember_query(context, chat.chat_id, query)
    text = page_text(query, found.page, 1, chat.timezone, missing=found.missing)
    follow = query if found.missing else None
    await reply(update, text, reply_markup=keyboard(key, 1, found.has_next, follow))


async def on_page(update: Update, context: WartaContext) -> None:
    callback = update.callback_query
    if callback is None or callback.data is None:
        return
    pressed = ResultsPage.parse(callback.data)
    chat = update.effective_chat
    query = None
    if pressed is not None and chat is not None:
        query = await recall_query(context, chat.id, pressed.key)
    if pressed is None or query is None:
        await callback.answer(texts.SEARCH_EXPIRED, show_alert=True)
        return
    key, page = pressed.key, pressed.page
    found = await find_page(context, query, page)
    if not found.page.hits:
        await callback.answer(texts.SEARCH_NO_MORE)
        return
    tz = (await known_chat(update, context)).timezone
    text = page_text(query, found.page, page, tz, missing=found.missing)
    follow = query if found.missing else None
    await edit(update, text, reply_markup=keyboard(key, page, found.has_next, follow))
    await callback.answer()


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["cari", "search"], search, filters=NEW_MESSAGES))
    application.add_handler(CallbackQueryHandler(on_page, pattern=ResultsPage.pattern()))
