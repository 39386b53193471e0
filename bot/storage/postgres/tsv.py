"""Our pre-stemmed index terms as PostgreSQL ``tsvector`` and ``tsquery`` literals.

The terms are ours (``bot.storage.index``: Sastrawi stems, folded, split like SQLite's FTS5
tokenizer), so they go to PostgreSQL as literals (``'term':1A,7A``), never through a text
search parser or dictionary: the index holds exactly what SQLite's holds, whatever the
server's locale, and a reader's words can never be tsquery syntax (each term is a quoted
lexeme; ``&``, ``|``, ``!``, ``:*``, parentheses are never passed through).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.storage.index import fold, index_tokens

MAX_POSITION = 16_383
MAX_POSITIONS_PER_TERM = 256
MAX_LEXEME_BYTES = 2_046
WEIGHTS = ("A", "B", "C")
"""Title, bullets, text: ts_rank's weights for A, B, C are 1.0, 0.5, 0.25 (4:2:1 as bm25's)."""
RANK_WEIGHTS = "{0, 0.25, 0.5, 1.0}"
"""ts_rank's weight array, in its order {D, C, B, A}."""


def quote(term: str) -> str:
    """A lexeme literal: single-quoted, quotes and backslashes escaped."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _usable(term: str) -> bool:
    return bool(term) and len(term.encode()) <= MAX_LEXEME_BYTES


def tsvector_literal(title: str, bullets: str, text: str) -> str:
    """The weighted ``tsvector`` of three stemmed fields (title A, bullets B, text C)."""
    positions: dict[str, list[str]] = defaultdict(list)
    position = 0
    for field, weight in zip((title, bullets, text), WEIGHTS, strict=True):
        for token in index_tokens(field):
            position = min(position + 1, MAX_POSITION)
            if _usable(token) and len(positions[token]) < MAX_POSITIONS_PER_TERM:
                positions[token].append(f"{position}{weight}")
        position = min(position + 1, MAX_POSITION)  # a gap between fields, like FTS5 columns
    return " ".join(f"{quote(term)}:{','.join(marks)}" for term, marks in positions.items())


def query_lexemes(terms: Iterable[str]) -> list[str]:
    """Query terms as index lexemes (folded like the index), unusable ones dropped."""
    out = []
    for term in terms:
        lexeme = fold(term)
        if _usable(lexeme) and lexeme not in out:
            out.append(lexeme)
    return out


def all_terms(terms: Iterable[str]) -> str:
    """A ``tsquery`` literal matching documents with every term."""
    return " & ".join(quote(t) for t in query_lexemes(terms))


def any_term(terms: Iterable[str]) -> str:
    """A ``tsquery`` literal matching documents with at least one term."""
    return " | ".join(quote(t) for t in query_lexemes(terms))


def phrase(terms: Iterable[str]) -> str:
    """A ``tsquery`` literal matching documents with the terms side by side, in order."""
    return " <-> ".join(quote(t) for t in query_lexemes(terms))
