"""What a /cari query searches for, and which of its words no article holds.

A reader's query may carry pasted markup (``<b>bpjs</b>``), quotes, search-engine operators
(``OR``, ``-x``, ``NEAR(…)``) and stray letters: none of it is searched or repeated back.
:func:`searchable` keeps the words, as typed; :func:`missing_words` names those the archive has
no article for, so the reply can say so before showing the closest results.
"""

from __future__ import annotations

import re

from bot.storage import Store
from bot.storage.query import query_terms
from summaries.normalize import normalize
from summaries.stem import STOP_WORDS
from summaries.tokenize import split_words

__all__ = ["missing_words", "searchable"]

_TAG = re.compile(r"<[^<>]*>")
OPERATORS = frozenset({"OR", "AND", "NOT", "NEAR"})  # as search engines write them: upper case


def searchable(query: str) -> str:
    """The words of ``query`` that are searched, as typed, one space apart: HTML tags, quotes
    and other punctuation, upper-case operators and one-letter words left out ("" when
    nothing is left). A lone digit stays: "kelas 1" is a search."""
    words = split_words(_TAG.sub(" ", query))
    kept = [w for w in words if w not in OPERATORS and not (len(w) == 1 and not w.isdigit())]
    return " ".join(kept)


def _is_stop_word(word: str) -> bool:
    """A word that is searched only when nothing else is ("udah", "yg", "soal")."""
    parts = split_words(normalize(word))
    return bool(parts) and all(p.lower() in STOP_WORDS for p in parts)


def missing_words(store: Store, words: str) -> list[str]:
    """The words of ``words`` (already :func:`searchable`) that no stored article holds, as
    typed and each once; stop words are not named unless the query is only stop words."""
    typed = list(dict.fromkeys(words.split()))
    content = [w for w in typed if not _is_stop_word(w)] or typed
    terms = {w: query_terms(w) for w in content}
    wanted = sorted({t for found in terms.values() for t in found})
    if not wanted:
        return []
    counts = store.document_frequencies(wanted)
    seen: set[str] = set()
    missing: list[str] = []
    for word in content:
        key = word.casefold()
        if terms[word] and key not in seen and any(counts.get(t, 0) == 0 for t in terms[word]):
            seen.add(key)
            missing.append(word)
    return missing
