"""Feed bytes → entries, with feedparser (RSS 0.9x/1.0/2.0, Atom). No network here."""

from __future__ import annotations

import calendar
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import feedparser

__all__ = ["FeedEntry", "FeedError", "ParsedFeed", "html_to_text", "parse_feed"]

MAX_ENTRIES = 200  # a feed listing more is cut here; outlets list 20-100
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}
)
_DROP_TAGS = frozenset({"script", "style", "noscript", "iframe", "template", "svg", "head"})


_BENIGN = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


class FeedError(ValueError):
    """The bytes are not a feed at all (nothing could be salvaged)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item, as plain text."""

    link: str  # absolute http(s) URL of the article
    guid: str | None
    title: str  # plain text: tags stripped, entities decoded ("" when the feed has none)
    description: str  # plain text, paragraphs separated by blank lines
    published: datetime | None  # aware, UTC
    author: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What could be read from a feed; ``warning`` is set when it was malformed."""

    title: str
    entries: tuple[FeedEntry, ...]
    warning: str | None = None
    skipped: tuple[str, ...] = ()  # why entries were left out, one line each


class _TextCollector(HTMLParser):
    """Plain text of an HTML fragment: tags dropped, script/style contents dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str | None, *, single_line: bool = False) -> str:
    """Plain text of an HTML fragment: tags stripped (script/style with their contents),
    entities decoded, whitespace tidied; ``single_line`` joins everything with spaces."""
    if not fragment:
        return ""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = "".join(collector.parts)
    if "&" in text and re.search(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", text):
        # Double-escaped feeds ("&amp;amp;") leave one layer of entities behind.
        second = _TextCollector()
        second.feed(text.replace("<", "&lt;"))
        second.close()
        text = "".join(second.parts)
    if single_line:
        return _SPACE.sub(" ", text.replace("\n", " ")).strip()
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# The end of a date string: a numeric offset, or a name feedparser reads as UTC.
_OFFSET = re.compile(r"[+-](\d{2}):?(\d{2})\s*$")
_UTC_NAME = re.compile(r"(?:^|[\d\s])(?:Z|UTC?|GMT)\s*$", re.IGNORECASE)


def _labelled_utc(raw: object) -> bool:
    """True when a feed's date string says UTC ("Z", "GMT", "+0000") or gives no zone."""
    if not isinstance(raw, str) or not raw.strip():
        return False
    raw = raw.strip()
    offset = _OFFSET.search(raw)
    if offset is not None:
        return offset.group(1) == offset.group(2) == "00"
    return bool(_UTC_NAME.search(raw)) or raw[-1].isdigit()


def _published(entry: Any, utc_is_local: tzinfo | None = None) -> datetime | None:
    """The entry's date in UTC; with ``utc_is_local`` (a site rule), a date labelled UTC or
    without a zone is a local time of that zone."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                if utc_is_local is not None and _labelled_utc(entry.get(key[: -len("_parsed")])):
                    local = datetime(*value[:6], tzinfo=utc_is_local)
                    return local.astimezone(UTC)
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _link(entry: Any, base: str) -> str | None:
    candidates = [entry.get("link")]
    candidates += [
        item.get("href")
        for item in entry.get("links", [])
        if item.get("rel", "alternate") == "alternate"
    ]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            absolute = urljoin(base, candidate.strip())
            if absolute.startswith(("http://", "https://")):
                return absolute
    return None


def _description(entry: Any) -> str:
    summary = html_to_text(entry.get("summary"))
    for content in entry.get("content", []) or []:
        text = html_to_text(content.get("value"))
        if len(text) > len(summary):
            summary = text
    return summary


_EMAIL = re.compile(r"\S+@\S+")


def _author(entry: Any) -> str | None:
    """The person named by an item's author, without an e-mail address or a desk name.

    RSS ``<author>`` is "e-mail (Name)" and often only an e-mail or the outlet's desk
    ("redaksi@tempo.co", "Tim Redaksi"); those name no person.
    """
    from summaries.extract import clean_author

    detail = entry.get("author_detail")
    name = detail.get("name") if isinstance(detail, dict) else None
    text = html_to_text(name or entry.get("author"), single_line=True)
    text = " ".join(_EMAIL.sub(" ", text).replace("()", " ").split())
    return clean_author(text.strip(" ()")) if text else None


def parse_feed(
    content: bytes, url: str, *, utc_is_local: Callable[[str], tzinfo | None] | None = None
) -> ParsedFeed:
    """Parse a fetched feed. A malformed feed yields what can be salvaged and a ``warning``;
    bytes that are no feed at all raise :class:`FeedError`.

    ``utc_is_local`` gives, for an entry's link, the zone its site writes local times in while
    labelling them UTC (a site rule, see ``bot.core.sites``); real offsets are read as written.
    """
    parsed = feedparser.parse(content, response_headers={"content-location": url})
    version = parsed.get("version", "")
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, _BENIGN):
        problem = None  # a missing/odd Content-Type or charset label, not a broken feed
    if not parsed.entries and not version:
        reason = f": {problem}" if problem else ""
        raise FeedError(f"not an RSS or Atom feed{reason}")
    warning = f"malformed feed, read what could be salvaged: {problem}" if problem else None
    entries: list[FeedEntry] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for number, entry in enumerate(parsed.entries, start=1):
        title = html_to_text(entry.get("title"), single_line=True)
        label = f"entry #{number}" + (f" ({title[:60]!r})" if title else "")
        link = _link(entry, url)
        if link is None:
            skipped.append(f"{label} has no link")
            continue
        if link in seen:
            skipped.append(f"{label} repeats the link {link}")
            continue
        if len(entries) >= MAX_ENTRIES:
            skipped.append(f"{len(parsed.entries) - number + 1} entries beyond {MAX_ENTRIES}")
            break
        seen.add(link)
        guid = entry.get("id")
        entries.append(
            FeedEntry(
                link=link,
                guid=guid.strip() if isinstance(guid, str) and guid.strip() else None,
                title=title,
                description=_description(entry),
                published=_published(entry, utc_is_local(link) if utc_is_local else None),
                author=_author(entry),
            )
        )
    return ParsedFeed(
        title=html_to_text(parsed.feed.get("title"), single_line=True),
        entries=tuple(entries),
        warning=warning,
        skipped=tuple(skipped),
    )
