"""Turn what a reader typed into safe FTS5 query expressions.

The reader's words are never FTS5 syntax: casual words are first put in standard form
(``summaries.normalize``: *udah* → *sudah*, *dinaikin* → *dinaikkan*), then they are split
into words, stemmed exactly like the indexed text (``summaries.stem``), stop words are
dropped (unless nothing else remains), and every term is double-quoted, so quotes, ``*``,
``-``, ``NEAR``, ``AND``/``OR``/``NOT``, ``:``, ``^``, parentheses and emoji are plain words
or nothing at all.
"""

from __future__ import annotations

import re

from summaries.normalize import normalize
from summaries.stem import STOP_WORDS, stem
from summaries.tokenize import split_words

MAX_TERMS = 32
"""Most distinct terms taken from a query; the rest is ignored."""

MAX_QUERY_CHARS = 2000
"""Longer queries are cut (at a word boundary) before tokenizing: nobody types more."""

# What the FTS5 unicode61 tokenizer keeps as one token: runs of letters and digits.
# Splitting stems the same way keeps every quoted term a single token (no phrase queries).
_TOKEN = re.compile(r"[^\W_]+")


def _quote(term: str) -> str:
    """An FTS5 string literal for ``term``."""
    return '"' + term.replace('"', '""') + '"'


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


def all_terms_expression(terms: list[str]) -> str:
    """FTS5 expression matching rows that contain every term."""
    return " AND ".join(_quote(t) for t in terms)


def phrase_expression(terms: list[str]) -> str:
    """FTS5 expression matching rows with the terms next to each other, in order."""
    return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'


def any_term_expression(terms: list[str]) -> str:
    """FTS5 expression matching rows that contain at least one term."""
    return " OR ".join(_quote(t) for t in terms)
