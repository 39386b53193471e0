"""Telegram HTML for articles and search results, and splitting long HTML into messages.

Every value inserted is escaped, so a title like ``a < b & c`` never makes Telegram answer
"can't parse entities". Lengths are counted the way Telegram counts them: UTF-16 code units
of the text after entity parsing (tags do not count, ``&amp;`` counts as one character).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from bot.core.models import Article, SearchHit
from bot.present import texts
from bot.present.callbacks import MAX_CALLBACK_DATA, ResultsPage, fits
from bot.present.timefmt import format_local_date, format_local_time, timezone_label

__all__ = [
    "MAX_MESSAGE",
    "article_block",
    "article_message",
    "balance_quotes",
    "escape",
    "escape_attr",
    "format_local_date",
    "format_local_time",
    "link",
    "no_results",
    "pager_buttons",
    "safe_url",
    "search_results_page",
    "shorten",
    "split_messages",
    "telegram_length",
    "timezone_label",
]

MAX_MESSAGE = 4096  # Telegram's limit for a text message, after entity parsing
MAX_URL = 2048

TITLE_MAX = 300  # characters of a title shown in a push
BULLET_MAX = 700  # characters of one bullet
MAX_BULLETS = 5
MAX_OUTLETS = 8  # "Juga diberitakan oleh" names before "dan N media lainnya"
OUTLET_MAX = 60

BLOCK_SEPARATOR = "\n\n"


def escape(text: str) -> str:
    """Escape text for Telegram HTML (``<``, ``>`` and ``&``)."""
    return html.escape(text, quote=False)


def escape_attr(value: str) -> str:
    """Escape a value for use inside a double-quoted attribute."""
    return html.escape(value, quote=True)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's limits."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


_TAG = re.compile(r"<[^>]*>")


def telegram_length(markup: str) -> int:
    """Length of Telegram HTML as Telegram counts it: visible text in UTF-16 code units."""
    return utf16_length(html.unescape(_TAG.sub("", markup)))


# A number as written in Indonesian news: 49, 49.000, 1,5, Rp10.000, 25%, 2.500-an.
_NUMBER = re.compile(r"[(\[]?(?:Rp\.?\s?|US\$)?\d[\d.,:/%-]*(?:-an)?[)\]]?[,;:.]?", re.IGNORECASE)
_TRIM = " ,;:-–—"
_OPENING = {"\u201c": "\u201d", "\u00ab": "\u00bb"}  # “ ” and « »
_CLOSING = {v: k for k, v in _OPENING.items()}


def _open_quote(text: str) -> tuple[int, str] | None:
    """Where the last quotation still open at the end of ``text`` starts, and its closing
    mark; None when every quotation is closed."""
    stack: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch == '"':
            if stack and stack[-1][1] == '"':
                stack.pop()
            else:
                stack.append((i, '"'))
        elif ch in _OPENING:
            stack.append((i, _OPENING[ch]))
        elif ch in _CLOSING and stack and stack[-1][1] == ch:
            stack.pop()
    return stack[-1] if stack else None


def balance_quotes(text: str) -> str:
    """Add the quotation marks a cut sentence lost: a closing ” with no opening “ gets one at
    the start, an opening one with no closing gets one at the end (also for ")."""
    missing_openers = 0
    depth = 0
    for ch in text:
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            if depth:
                depth -= 1
            else:
                missing_openers += 1
    if missing_openers:
        text = "\u201c" * missing_openers + text
    if text.count('"') % 2:
        first = text.index('"')
        # A first mark that closes ("…kata dia" lanjutnya) lost its opener; else its closer.
        closes = first > 0 and not text[first - 1].isspace()
        text = '"' + text if closes else text + '"'
    opened = _open_quote(text)
    while opened is not None:
        text += opened[1]
        opened = _open_quote(text)
    return text


def shorten(text: str, limit: int) -> str:
    """Plain ``text`` (spaces collapsed) within ``limit`` characters, with "…" when cut.

    The cut is at a space: never inside a word or a number, never right after a number (its
    unit would be lost: "bersama 49…" for "bersama 49 koperasi"), and a quotation cut open
    is closed after the "…" (or left out when it starts late). Only a single word longer
    than the limit is cut inside.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return "…"[:limit]
    room = limit - 1
    words = text[: room + 1].split(" ")
    words.pop()  # the word the limit falls in (or the empty one after a space)
    while len(words) > 1 and _NUMBER.fullmatch(words[-1]):
        words.pop()
    cut = " ".join(words).rstrip(_TRIM)
    if not cut:  # one word longer than the limit
        return text[:room].rstrip(_TRIM) + "…"
    opened = _open_quote(cut)
    if opened is not None:
        start, closing = opened
        if start >= limit // 3 or (start == 0 and len(cut) < 2):
            cut = cut[:start].rstrip(_TRIM)
        else:
            while len(cut) + 2 > limit and " " in cut[start + 1 :]:
                cut = cut.rsplit(" ", 1)[0].rstrip(_TRIM)
            if len(cut) + 2 <= limit:
                return cut + "…" + closing
            cut = cut[:start].rstrip(_TRIM)
        if not cut:
            return text[:room].rstrip(_TRIM) + "…"
    return cut + "…"


def safe_url(url: str | None) -> str | None:
    """The URL if it is a plain http(s) link fit for an ``href``; None otherwise."""
    if not url or len(url) > MAX_URL or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def link(url: str | None, label: str) -> str:
    """``<a href>`` around the escaped label, or just the escaped label for an unsafe URL."""
    href = safe_url(url)
    if href is None:
        return escape(label)
    return f'<a href="{escape_attr(href)}">{escape(label)}</a>'


def _outlets_line(own_outlet: str, others: Sequence[str]) -> str | None:
    """ "Juga diberitakan oleh: Kompas, Antara" without the article's own outlet or repeats."""
    seen = {own_outlet.strip().casefold()}
    names: list[str] = []
    for name in others:
        clean = " ".join(name.split())
        key = clean.casefold()
        if clean and key not in seen:
            seen.add(key)
            names.append(shorten(clean, OUTLET_MAX))
    if not names:
        return None
    listed = ", ".join(escape(name) for name in names[:MAX_OUTLETS])
    if len(names) > MAX_OUTLETS:
        listed = texts.AND_MORE_OUTLETS.format(outlets=listed, count=len(names) - MAX_OUTLETS)
    return texts.ALSO_REPORTED_BY.format(outlets=listed)


def _byline(article: Article, tz: str, now: datetime | None = None) -> str:
    """Outlet and local time, e.g. "Merdeka · Hari ini, 14.30 WIB"."""
    when = article.published_at or article.fetched_at
    parts = [escape(shorten(article.outlet, OUTLET_MAX))] if article.outlet.strip() else []
    if when is not None:
        parts.append(escape(format_local_time(when, tz, now=now)))
    return texts.SEPARATOR.join(parts)


def _title(article: Article, limit: int) -> str:
    return shorten(article.title, limit) or texts.UNTITLED


def _bullets(article: Article, count: int, limit: int) -> list[str]:
    bullets = [shorten(balance_quotes(b), limit) for b in article.bullets if b.strip()]
    return [f"• {escape(b)}" for b in bullets[:count]]


def article_block(
    article: Article,
    *,
    tz: str,
    other_outlets: Sequence[str] = (),
    max_bullets: int = MAX_BULLETS,
    title_max: int = TITLE_MAX,
    bullet_max: int = BULLET_MAX,
    title_link: bool = False,
    now: datetime | None = None,
) -> str:
    """One article as Telegram HTML: bold title, byline, bullets, other outlets, link.

    With ``title_link`` the title itself links to the article (compact, for digests).
    ``now`` (default: the clock) decides "Hari ini"/"Kemarin" in the byline.
    """
    title = _title(article, title_max)
    head = f"<b>{link(article.url, title)}</b>" if title_link else f"<b>{escape(title)}</b>"
    lines = [head]
    byline = _byline(article, tz, now)
    if byline:
        lines.append(f"<i>{byline}</i>")
    bullets = _bullets(article, max_bullets, bullet_max)
    if bullets:
        lines.append("")
        lines.extend(bullets)
    if article.from_description and max_bullets > 0:
        lines.append(f"<i>{escape(texts.FROM_DESCRIPTION_NOTE)}</i>")
    outlets = _outlets_line(article.outlet, other_outlets)
    if outlets:
        lines.append("")
        lines.append(outlets)
    if not title_link and safe_url(article.url):
        if not outlets:
            lines.append("")
        lines.append(link(article.url, texts.READ_MORE))
    return "\n".join(lines)


def article_message(
    article: Article, *, tz: str, other_outlets: Sequence[str] = (), reason: str | None = None
) -> str:
    """A push message for one article, always within Telegram's 4,096 characters.

    ``reason`` (Telegram HTML, already escaped) is a first line saying why the story came,
    e.g. "📌 Pajak". A pathological article (huge title or bullets) is trimmed: long bullets
    are cut at a word, then trailing bullets are dropped until the message fits.
    """
    head = f"{reason}\n" if reason else ""
    for count in range(MAX_BULLETS, -1, -1):
        block = article_block(article, tz=tz, other_outlets=other_outlets, max_bullets=count)
        message = head + block
        if telegram_length(message) <= MAX_MESSAGE:
            return message
    return split_messages([message])[0]  # unreachable with the caps above; kept as a guard


# -- search -------------------------------------------------------------------------------

SEARCH_PAGE_MAX = 1200  # visible characters of a /cari page, when the results allow it
SEARCH_QUERY_MAX = 60  # characters of the query repeated in a page's header
MISSING_WORDS_SHOWN = 4  # words named in "Belum ada berita yang memuat …"
MISSING_WORD_MAX = 40


def _word_list(words: Sequence[str]) -> str:
    """ "<b>a</b>", "<b>a</b> maupun <b>b</b>", "<b>a</b>, <b>b</b>, maupun <b>c</b>"."""
    shown = [f"<b>{escape(shorten(w, MISSING_WORD_MAX))}</b>" for w in words[:MISSING_WORDS_SHOWN]]
    if len(shown) <= 2:
        return texts.WORDS_NEITHER.join(shown)
    return ", ".join(shown[:-1]) + "," + texts.WORDS_NEITHER + shown[-1]


def no_results(query: str, missing: Sequence[str] = ()) -> str:
    """The polite "nothing found" reply for a search; with ``missing`` (words no article
    holds) it names them and points at the 🔔 button under it."""
    if missing:
        return texts.SEARCH_MISSING.format(words=_word_list(missing)) + texts.SEARCH_FOLLOW_HINT
    return texts.SEARCH_NO_RESULTS.format(query=escape(shorten(query, 100)))


class _Detail(NamedTuple):
    """How much of each result a page shows: characters of the title and of the line that
    holds the words (0: no line), and other outlets named."""

    title: int
    line: int
    outlets: int


def _hit_block(
    number: int,
    hit: SearchHit,
    tz: str,
    detail: _Detail,
    snippet: Callable[[int], str | None] | None = None,
) -> str:
    article = hit.article
    title = link(article.url, _title(article, detail.title))
    lines = [f"<b>{number}.</b> <b>{title}</b>"]
    byline = _byline(article, tz)
    if byline:
        lines.append(f"<i>{byline}</i>")
    if detail.line:
        shown = snippet(detail.line) if snippet is not None else None
        lines.extend([shown] if shown else _bullets(article, 1, detail.line))
    if hit.other_outlets and detail.outlets:
        outlets = _outlets_line(article.outlet, hit.other_outlets[: detail.outlets])
        if outlets:
            lines.append(f"<i>{outlets}</i>")
    return "\n".join(lines)


# From most to least detailed; a page takes the first within SEARCH_PAGE_MAX.
_SEARCH_DETAIL = (
    _Detail(160, 260, 3),
    _Detail(130, 200, 2),
    _Detail(110, 160, 2),
    _Detail(100, 130, 1),
    _Detail(90, 110, 1),
    _Detail(80, 90, 0),
    _Detail(70, 70, 0),
    _Detail(60, 0, 0),
)


def search_results_page(
    query: str,
    hits: Sequence[SearchHit],
    *,
    page: int,
    tz: str,
    per_page: int = 5,
    total_pages: int | None = None,
    total_results: int | None = None,
    notice: str | None = None,
    snippets: Sequence[Callable[[int], str | None]] | None = None,
    missing: Sequence[str] = (),
    max_length: int = SEARCH_PAGE_MAX,
) -> str:
    """One page (1-based) of ranked results: numbered title links, outlet, date, the line
    holding the words.

    Numbering continues across pages (page 2 starts at ``per_page + 1``). Without hits the
    polite "nothing found" text is returned. With ``missing`` (words no article holds) the
    page first says so, then shows the closest results. About ``max_length`` visible
    characters: titles and lines are cut shorter until the page fits (a page of very long
    words may stay over it), always within 4,096. With ``total_results`` the footer counts
    results and pages ("12 hasil · halaman 1/3", no page label for a single page);
    ``notice`` (HTML) goes under the header; ``snippets`` give each hit's line (HTML, within
    the given characters) instead of its first bullet.
    """
    if not hits:
        return no_results(query, missing)
    page = max(1, page)
    shown_query = escape(shorten(query, SEARCH_QUERY_MAX))
    if missing:
        header = texts.SEARCH_MISSING.format(words=_word_list(missing)) + "\n"
        header += texts.SEARCH_HEADER_CLOSEST.format(query=shown_query)
    else:
        header = texts.SEARCH_HEADER.format(query=shown_query)
        if notice:
            header += f"\n<i>{notice}</i>"
    if total_results is not None:
        pages = max(1, -(-total_results // per_page))
        footer = texts.SEARCH_COUNT.format(count=f"{total_results:,}".replace(",", "."))
        if pages > 1:
            footer += texts.SEPARATOR + texts.SEARCH_PAGE_SHORT.format(page=page, pages=pages)
    elif total_pages:
        footer = texts.SEARCH_PAGE_OF.format(page=page, total=total_pages)
    else:
        footer = texts.SEARCH_PAGE.format(page=page)
    first = (page - 1) * per_page + 1
    message = ""
    for detail in _SEARCH_DETAIL:
        blocks = [
            _hit_block(first + i, hit, tz, detail, snippets[i] if snippets else None)
            for i, hit in enumerate(hits)
        ]
        message = BLOCK_SEPARATOR.join([header, *blocks, f"<i>{footer}</i>"])
        if telegram_length(message) <= max_length:
            return message
    if telegram_length(message) <= MAX_MESSAGE:
        return message
    return split_messages([message])[0]


def pager_buttons(prefix: str, key: str, page: int, *, has_next: bool) -> list[tuple[str, str]]:
    """(label, callback_data) pairs for ◀ ▶ paging; callback data is ``prefix:key:page``
    (:class:`bot.present.callbacks.ResultsPage`).

    Raises ValueError when the callback data would exceed Telegram's 64 bytes.
    """
    buttons: list[tuple[str, str]] = []
    if page > 1:
        buttons.append((texts.PAGER_PREVIOUS, ResultsPage(key, page - 1, prefix).encode()))
    if has_next:
        buttons.append((texts.PAGER_NEXT, ResultsPage(key, page + 1, prefix).encode()))
    for _, data in buttons:
        if not fits(data):
            raise ValueError(f"callback data over {MAX_CALLBACK_DATA} bytes: {data!r}")
    return buttons


# -- splitting ----------------------------------------------------------------------------

# Tags, entities, newlines, other whitespace, words; a stray "<" or "&" is one character.
_TOKEN = re.compile(
    r"(?P<tag><[^>]*>)|(?P<entity>&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)"
    r"|(?P<newline>\n)|(?P<space>[^\S\n]+)|(?P<text>[^<&\s]+|[<&])"
)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")

_Stack = tuple[tuple[str, str], ...]  # open tags: (name, opening tag as written)


class _Token(NamedTuple):
    raw: str
    size: int  # visible UTF-16 code units
    kind: str  # tag | entity | newline | space | text


def _tokens(markup: str, piece: int) -> list[_Token]:
    """Tokenize HTML; words longer than ``piece`` visible units are split into pieces."""
    tokens: list[_Token] = []
    append = tokens.append
    for match in _TOKEN.finditer(markup):
        kind = match.lastgroup or "text"
        raw = match.group()
        if kind == "tag":
            append(_Token(raw, 0, kind))
        elif kind == "entity":
            append(_Token(raw, utf16_length(html.unescape(raw)), kind))
        elif kind != "text" or len(raw) <= piece // 2:  # short enough whatever its width
            append(_Token(raw, utf16_length(raw), kind))
        elif (size := utf16_length(raw)) <= piece:
            append(_Token(raw, size, kind))
        else:
            chunk: list[str] = []
            chunk_size = 0
            for ch in raw:  # code points, so surrogate pairs are never split
                width = 2 if ord(ch) > 0xFFFF else 1
                if chunk_size + width > piece:
                    append(_Token("".join(chunk), chunk_size, kind))
                    chunk, chunk_size = [], 0
                chunk.append(ch)
                chunk_size += width
            if chunk:
                append(_Token("".join(chunk), chunk_size, kind))
    return tokens


def _apply_tag(stack: _Stack, raw: str) -> _Stack:
    """The stack of open tags after one more tag."""
    match = _TAG_NAME.match(raw)
    if not match:
        return stack
    closing, name = match.group(1), match.group(2).lower()
    if not closing:
        return (*stack, (name, raw))
    for i in range(len(stack) - 1, -1, -1):
        if stack[i][0] == name:
            return stack[:i]
    return stack


def _render_chunk(tokens: list[_Token], opened: _Stack, closing: _Stack) -> str:
    """Re-open the tags open at the start, the tokens, then close the tags still open."""
    body = [t.raw for t in tokens]
    while body and body[-1].isspace():
        body.pop()
    opens = "".join(raw for _, raw in opened)
    closes = "".join(f"</{name}>" for name, _ in reversed(closing))
    return opens + "".join(body) + closes


_Break = tuple[int, _Stack, int]  # (tokens in the piece, open tags there, visible size there)


def _best_break(line: _Break | None, space: _Break | None, limit: int) -> _Break | None:
    """A line break that keeps the piece at least half full, else a space, else any line."""
    if line and line[2] >= limit // 2:
        return line
    return space or line


def _cut_block(markup: str, limit: int) -> list[str]:
    """Cut one over-long HTML block into pieces within ``limit``, preferring line boundaries,
    then spaces; tags open at a cut are closed and re-opened in the next piece."""
    tokens = _tokens(markup, max(1, limit // 4))
    pieces: list[str] = []
    stack: _Stack = ()
    chunk: list[_Token] = []
    chunk_open: _Stack = ()
    size = 0
    has_text = False
    line_break: _Break | None = None
    space_break: _Break | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not chunk and token.kind in ("space", "newline"):
            i += 1  # no leading whitespace in a piece
            continue
        if size + token.size > limit and chunk:
            if not has_text:  # only tags and whitespace so far: nothing worth a message
                chunk, size, chunk_open = [], 0, stack
                continue
            cut, cut_stack, _ = _best_break(line_break, space_break, limit) or (
                len(chunk),
                stack,
                size,
            )
            pieces.append(_render_chunk(chunk[:cut], chunk_open, cut_stack))
            # Replay the rest from the cut point, with the tags open there.
            tokens[i:i] = chunk[cut:]
            stack = chunk_open = cut_stack
            chunk, size, has_text = [], 0, False
            line_break = space_break = None
            continue
        chunk.append(token)
        size += token.size
        if token.kind == "tag":
            stack = _apply_tag(stack, token.raw)
        elif token.kind in ("text", "entity"):
            has_text = True
        elif has_text:  # a break needs visible text before it
            if token.kind == "newline":
                line_break = (len(chunk), stack, size)
            elif token.kind == "space":
                space_break = (len(chunk), stack, size)
        i += 1
    if chunk and has_text:
        pieces.append(_render_chunk(chunk, chunk_open, stack))
    return pieces


def split_messages(blocks: Sequence[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Pack HTML blocks into as few messages as possible, each within ``limit``.

    Blocks are joined by a blank line and split only between blocks; a single block longer
    than ``limit`` is cut at a line boundary (else a space, else between characters) with
    open tags closed and re-opened, never inside a tag or an entity. Empty blocks are skipped.
    """
    if limit < 2:
        raise ValueError("limit must be at least 2")
    messages: list[str] = []
    current = ""
    current_size = 0
    separator = telegram_length(BLOCK_SEPARATOR)
    for block in blocks:
        block = block.strip()
        size = telegram_length(block)
        if not block or size == 0:
            continue
        if size > limit:
            if current:
                messages.append(current)
                current, current_size = "", 0
            messages.extend(_cut_block(block, limit))
            continue
        if current and current_size + separator + size <= limit:
            current += BLOCK_SEPARATOR + block
            current_size += separator + size
        else:
            if current:
                messages.append(current)
            current, current_size = block, size
    if current:
        messages.append(current)
    return messages
