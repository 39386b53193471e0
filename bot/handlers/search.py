"""/cari: ranked search with ◀ ▶ paging that edits the message in place.

The query itself stays out of the callback data (64 bytes): it is kept in ``chat_data`` under
a short key, so a button pressed after a restart (or long after) gets a polite "expired".
"""

from __future__ import annotations

import itertools
import secrets

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import texts
from bot.handlers.common import (
    NEW_MESSAGES,
    argument_text,
    edit,
    in_thread,
    known_chat,
    reply,
    services,
)
from bot.metrics import timed_search
from bot.models import SearchHit
from bot.render import no_results, pager_buttons, search_results_page
from bot.services import WartaContext

PER_PAGE = 5
MAX_QUERY = 300  # characters kept of a search (the store caps the terms it uses anyway)
KEPT_SEARCHES = 20  # per chat
PREFIX = "c"  # c:<key>:<page>, page 1-based
_SEARCHES = "searches"


def remember_query(chat_data: dict[object, object], query: str) -> str:
    """Keep the query under a short random key; the oldest go once there are too many."""
    searches = chat_data.setdefault(_SEARCHES, {})
    assert isinstance(searches, dict)
    key = secrets.token_urlsafe(6)
    searches[key] = query
    for old in list(itertools.islice(searches, max(0, len(searches) - KEPT_SEARCHES))):
        del searches[old]
    return key


async def find_page(context: WartaContext, query: str, page: int) -> tuple[list[SearchHit], bool]:
    """The hits of one page (1-based) and whether there is a next page."""
    store = services(context).store
    hits = await in_thread(
        timed_search, store.search, query, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE
    )
    return hits[:PER_PAGE], len(hits) > PER_PAGE


def pager(key: str, page: int, has_next: bool) -> InlineKeyboardMarkup | None:
    buttons = pager_buttons(PREFIX, key, page, has_next=has_next)
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in buttons]]
    )


async def search(update: Update, context: WartaContext) -> None:
    query = " ".join(argument_text(update).split())[:MAX_QUERY]
    if not query:
        await reply(update, texts.SEARCH_USAGE)
        return
    hits, has_next = await find_page(context, query, 1)
    if not hits:
        await reply(update, no_results(query))
        return
    key = remember_query(context.chat_data if context.chat_data is not None else {}, query)
    tz = known_chat(update, context).timezone
    text = search_results_page(query, hits, page=1, tz=tz, per_page=PER_PAGE)
    await reply(update, text, reply_markup=pager(key, 1, has_next))


async def on_page(update: Update, context: WartaContext) -> None:
    callback = update.callback_query
    if callback is None or callback.data is None:
        return
    _, key, raw_page = [*callback.data.split(":", 2), "", ""][:3]
    searches = (context.chat_data or {}).get(_SEARCHES, {})
    query = searches.get(key) if isinstance(searches, dict) else None
    try:
        page = max(1, int(raw_page))
    except ValueError:
        query = None
    if query is None:
        await callback.answer(texts.SEARCH_EXPIRED, show_alert=True)
        return
    hits, has_next = await find_page(context, query, page)
    if not hits:
        await callback.answer(texts.SEARCH_NO_MORE)
        return
    tz = known_chat(update, context).timezone
    text = search_results_page(query, hits, page=page, tz=tz, per_page=PER_PAGE)
    await edit(update, text, reply_markup=pager(key, page, has_next))
    await callback.answer()


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["cari", "search"], search, filters=NEW_MESSAGES))
    application.add_handler(CallbackQueryHandler(on_page, pattern=rf"^{PREFIX}:"))
