"""Search ranking constants and choices shared by the backends."""

from __future__ import annotations

SEARCH_CANDIDATES = 1000
"""Search ranks the newest this-many articles matching the query."""

MAX_OR_TERMS = 8
"""When no article has all the words, search for any of this many of the rarest ones."""

FIELD_WEIGHTS = (4.0, 2.0, 1.0)
"""A term in the title counts 4×, in the bullets 2×, in the text 1×."""

RECENCY_HALF_LIFE_DAYS = 14.0
RECENCY_FLOOR = 0.25
RELEVANCE_EPSILON = 1e-3
"""score = (relevance + EPSILON) × (FLOOR + (1 - FLOOR) / (1 + age_days / HALF_LIFE))."""

FULL_INDEX_BUDGET = 60_000
"""Most term occurrences (summed document counts) a search of the whole archive may count:
when the newest articles hold too few matches, the most common words of the query are left
out of the match over the whole archive (a word found in a large share of all articles tells
little about relevance, and counting it is slow). Both backends apply it, so that they rank
the same candidates."""

MAX_FULL_INDEX_TERMS = 8
"""A search of the whole archive matches at most this many of the rarest words of a query."""

PHRASE_BOOST = 1.5
"""Score factor of an article holding the query's words as a phrase ("kartu prakerja"), when
every word matched."""


def rarest(terms: list[str], counts: dict[str, int], *, most: int, budget: int) -> list[str]:
    """At most ``most`` of the rarest terms whose document counts add up to at most
    ``budget`` (at least one term), in query order."""
    kept: set[str] = set()
    total = 0
    for term in sorted(terms, key=lambda t: counts[t]):
        if kept and (len(kept) >= most or total + counts[term] > budget):
            break
        kept.add(term)
        total += counts[term]
    return [t for t in terms if t in kept]


def fallback_terms(terms: list[str], counts: dict[str, int]) -> list[str]:
    """The words of the any-term search, when no article has them all: the rarest
    ``MAX_OR_TERMS`` of the words found in the archive (unknown words match nothing)."""
    known = [t for t in terms if counts[t]] or terms
    return rarest(known, counts, most=MAX_OR_TERMS, budget=2**62)


def full_index_terms(terms: list[str], counts: dict[str, int]) -> list[str]:
    """The words matched over the whole archive: the rarest ``MAX_FULL_INDEX_TERMS`` whose
    document counts add up to at most ``FULL_INDEX_BUDGET`` (at least one), in query order."""
    return rarest(terms, counts, most=MAX_FULL_INDEX_TERMS, budget=FULL_INDEX_BUDGET)
