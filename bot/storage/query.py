"""Turn what a reader typed into search terms, the same for every backend.

The reader's words are never query syntax: casual words are first put in standard form
(``summaries.normalize``: *udah* → *sudah*, *dinaikin* → *dinaikkan*), then they are split
into words, stemmed exactly like the indexed text (``summaries.stem``), stop words are
dropped (unless nothing else remains); each backend then quotes every term itself (FTS5
string literals, tsquery lexemes), so quotes, ``*``, ``-``, ``NEAR``, ``AND``/``OR``/``NOT``,
``&``, ``|``, ``!``, ``:``, ``^``, parentheses and emoji are plain words or nothing at all.

Also the typed options both backends pass down their search helpers: which articles a
search may return (:class:`SearchFilters`) and which page of results (:class:`PageRequest`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.storage.index import TOKEN
from summaries.normalize import normalize
from summaries.stem import STOP_WORDS, stem
from summaries.tokenize import split_words

MAX_TERMS = 32
"""Most distinct terms taken from a query; the rest is ignored."""

MAX_QUERY_CHARS = 2000
"""Longer queries are cut (at a word boundary) before tokenizing: nobody types more."""

# What the index keeps as one token: runs of letters and digits (bot.storage.index.TOKEN).
# Splitting stems the same way keeps every quoted term a single token (no phrase queries).
_TOKEN = TOKEN


def query_terms(query: str, *, max_terms: int = MAX_TERMS) -> list[str]:
    """Distinct stemmed terms of ``query`` in order, stop words dropped unless that empties it."""
    if not isinstance(query, str):
        raise TypeError(f"query must be a string, not {type(query).__name__}")
    text = normalize(query[:MAX_QUERY_CHARS])
    content: list[str] = []
    stops: list[str] = []
    for word in split_words(text):
        target = stops if word.lower() in STOP_WORDS else content
        for token in _TOKEN.findall(stem(word)):
            if token not in target:
                target.append(token)
        if len(content) >= max_terms:
            break
    terms = content or stops
    return terms[:max_terms]


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Which articles a search may return: dated at or after ``since`` (None: any date) and
    with any of ``topics`` (None: any topic)."""

    since: datetime | None = None
    topics: tuple[str, ...] | None = None

    @classmethod
    def of(cls, since: datetime | None, topics: Sequence[str] | None) -> SearchFilters:
        """The filters of a search's arguments (no topics, or an empty list: any topic)."""
        return cls(since=since, topics=tuple(topics) if topics else None)


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One page of ranked results: ``limit`` hits from ``offset``, their recency counted at
    ``now``."""

    now: datetime
    limit: int
    offset: int
