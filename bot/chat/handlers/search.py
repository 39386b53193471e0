"""/cari: ranked search with ◀ ▶ paging that edits the message in place.

Results holding every word come first (the words side by side first of all); when none holds
them all, the closest results are shown with a notice saying so. Each result shows the bullet
or sentence that holds the query's words, in bold, and the page counts results and pages.
With no result at all, a button offers to follow the words as a keyword.

The query itself stays out of the callback data (64 bytes): it is kept in the database under
a short token (``bot.chat.button_state``), so ◀ ▶ work after a restart and on any bot
process for a week; pressed later, they get a polite "expired".
"""

from __future__ import annotations

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
from bot.chat.snippets import snippet_html
from bot.core import metrics
from bot.core.models import SearchPage
from bot.present import texts
from bot.present.callbacks import ResultsPage
from bot.present.render import no_results, pager_buttons, search_results_page

PER_PAGE = 5
MAX_QUERY = 300  # characters kept of a search (the store caps the terms it uses anyway)


async def remember_query(context: WartaContext, chat_id: int, query: str) -> str:
    """Keep the query for the chat's ◀ ▶; returns the token their callback data carries."""
    return await button_state.remember(services(context).db, chat_id, button_state.SEARCH, query)


async def recall_query(context: WartaContext, chat_id: int, token: str) -> str | None:
    """The query kept under ``token``; None when unknown or forgotten."""
    db = services(context).db
    return await button_state.recall_text(db, chat_id, button_state.SEARCH, token)


async def find_page(context: WartaContext, query: str, page: int) -> tuple[SearchPage, bool]:
    """One page (1-based) of results and whether there is a next page."""
    with metrics.SEARCH_SECONDS.time():
        found = await services(context).db.search_page(
            query, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE
        )
    has_next = len(found.hits) > PER_PAGE
    return SearchPage(found.hits[:PER_PAGE], found.total, found.exact, found.terms), has_next


def page_text(query: str, found: SearchPage, page: int, tz: str) -> str:
    """The results message: notice when only some words matched, snippets, counts."""
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
    )


def pager(key: str, page: int, has_next: bool) -> InlineKeyboardMarkup | None:
    buttons = pager_buttons(ResultsPage.PREFIX, key, page, has_next=has_next)
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in buttons]]
    )


async def search(update: Update, context: WartaContext) -> None:
    await run_search(update, context, argument_text(update))


async def run_search(update: Update, context: WartaContext, words: str) -> None:
    """Search for ``words`` and reply with the first page (``/cari`` and "cari …" typed
    without the slash)."""
    query = " ".join(words.split())[:MAX_QUERY]
    if not query:
        await reply(update, texts.SEARCH_USAGE)
        return
    found, has_next = await find_page(context, query, 1)
    if not found.hits:
        await reply(update, no_results(query), reply_markup=follow_markup(query))
        return
    chat = await known_chat(update, context)
    key = await remember_query(context, chat.chat_id, query)
    text = page_text(query, found, 1, chat.timezone)
    await reply(update, text, reply_markup=pager(key, 1, has_next))


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
    found, has_next = await find_page(context, query, page)
    if not found.hits:
        await callback.answer(texts.SEARCH_NO_MORE)
        return
    tz = (await known_chat(update, context)).timezone
    text = page_text(query, found, page, tz)
    await edit(update, text, reply_markup=pager(key, page, has_next))
    await callback.answer()


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["cari", "search"], search, filters=NEW_MESSAGES))
    application.add_handler(CallbackQueryHandler(on_page, pattern=ResultsPage.pattern()))
