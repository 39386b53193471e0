"""A digest laid out for a phone: compact entries, on pages of about 1,500 visible characters,
each page that continues a section starting with that section's heading.

An entry is the linked title, the outlet and local time, and one bullet. Pages are turned
with ⟨ 1/3 ⟩ (``bot.present.keyboards``); the digest's header opens the first page only.
Lengths are what the reader sees (:func:`bot.present.render.telegram_length`), not the HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.models import Article
from bot.present import texts
from bot.present.render import (
    BLOCK_SEPARATOR,
    balance_quotes,
    escape,
    link,
    shorten,
    split_messages,
    telegram_length,
)
from bot.present.timefmt import format_local_time

__all__ = ["PAGE_LIMIT", "Section", "digest_entry", "paginate"]

PAGE_LIMIT = 1500  # visible characters of one page: about a phone screen and a half
TITLE_MAX = 120
BULLET_MAX = 220
OUTLET_MAX = 40


@dataclass(frozen=True, slots=True)
class Section:
    """A heading (HTML) and its blocks (HTML), each block kept whole on one page.

    ``separator`` joins the heading to the first block and the blocks to each other: a blank
    line between stories, a newline between the lines of a list."""

    heading: str
    blocks: tuple[str, ...]
    separator: str = BLOCK_SEPARATOR


def _byline(article: Article, tz: str, now: datetime | None, other_outlets: int) -> str:
    """ "Antara dan 2 media lain · Hari ini, 14.30 WIB": publication time, else fetch time."""
    parts: list[str] = []
    outlet = shorten(article.outlet, OUTLET_MAX)
    if outlet:
        if other_outlets > 0:
            outlet = texts.DIGEST_OUTLET_AND_OTHERS.format(outlet=outlet, count=other_outlets)
        parts.append(escape(outlet))
    parts.append(escape(format_local_time(article.published_at or article.fetched_at, tz, now=now)))
    if article.from_description:
        parts.append(escape(texts.DIGEST_FROM_DESCRIPTION))
    return texts.SEPARATOR.join(parts)


def digest_entry(
    article: Article, *, tz: str, now: datetime | None = None, other_outlets: int = 0
) -> str:
    """One story of a digest: the bold title linking to the article, the outlet (and how many
    others carried it) with the local time, and the first bullet."""
    title = shorten(article.title, TITLE_MAX) or texts.UNTITLED
    lines = [
        f"<b>{link(article.url, title)}</b>",
        f"<i>{_byline(article, tz, now, other_outlets)}</i>",
    ]
    bullet = next((b for b in article.bullets if b.strip()), None)
    if bullet is not None:
        lines.append(f"• {escape(shorten(balance_quotes(bullet), BULLET_MAX))}")
    return "\n".join(lines)


def _continued(heading: str) -> str:
    return texts.DIGEST_CONTINUED.format(heading=heading)


def paginate(header: str, sections: Sequence[Section], limit: int = PAGE_LIMIT) -> list[str]:
    """The digest as pages within ``limit`` visible characters: ``header`` opens the first
    page; a section's heading comes before its first block, and again (marked as continued)
    at the top of every later page the section goes on to. Sections without blocks are left
    out. A page too short for its header and one block (not made by :func:`digest_entry`)
    is cut."""
    pages: list[str] = []
    page, size = header, telegram_length(header)
    for section in sections:
        if not section.blocks:
            continue
        here = False  # whether the section's heading is on the current page
        started = False  # whether it was on any page yet
        for block in section.blocks:
            if here:
                piece, glue = block, section.separator
            else:
                heading = _continued(section.heading) if started else section.heading
                piece, glue = heading + section.separator + block, BLOCK_SEPARATOR
            joined = size + telegram_length(glue) + telegram_length(piece)
            if page and joined <= limit:
                page, size = page + glue + piece, joined
            else:
                if page and page == header and not pages:  # the header never stands alone
                    piece = header + BLOCK_SEPARATOR + piece
                elif page:
                    pages.append(page)
                    heading = _continued(section.heading) if started else section.heading
                    piece = heading + section.separator + block
                if telegram_length(piece) > limit:
                    *whole, piece = split_messages([piece], limit=limit)
                    pages.extend(whole)
                page, size = piece, telegram_length(piece)
            here = started = True
    if page:
        pages.append(page)
    return pages
