"""The line of a search result that shows why it matched: the bullet or sentence holding the
most query words, those words in bold."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.models import Article
from bot.present.render import escape
from summaries.normalize import normalize_word
from summaries.stem import STOP_WORDS, stem
from summaries.tokenize import split_sentences

__all__ = ["best_line", "snippet_html"]

MAX_TEXT_CHARS = 30_000  # only the start of a (huge) article is read
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def _word_terms(word: str) -> set[str]:
    """Index terms a word stands for (its stem, its normalized stem, its hyphen parts)."""
    lowered = word.lower()
    terms = {stem(word), stem(normalize_word(lowered))}
    if "-" in word:
        terms.update(stem(part) for part in word.split("-") if part)
    return terms - {""}


def _matches(line: str, wanted: frozenset[str]) -> set[str]:
    found: set[str] = set()
    for m in _WORD.finditer(line):
        if m.group().lower() not in STOP_WORDS or m.group().lower() in wanted:
            found |= _word_terms(m.group()) & wanted
    return found


def best_line(article: Article, terms: Sequence[str]) -> str | None:
    """The bullet, else the sentence, holding the most query terms; None when none has any."""
    wanted = frozenset(terms)
    if not wanted:
        return None
    best: tuple[int, str] | None = None
    lines = [*article.bullets, *split_sentences(article.text[:MAX_TEXT_CHARS])]
    for line in lines:
        count = len(_matches(line, wanted))
        if count and (best is None or count > best[0]):
            best = (count, line)
            if count == len(wanted):
                break
    return best[1] if best else None


def snippet_html(article: Article, terms: Sequence[str], limit: int) -> str | None:
    """The best line as HTML, query words in bold, cut to about ``limit`` characters around
    the first of them (at word boundaries); None when no line holds a query word."""
    line = best_line(article, terms)
    if line is None:
        return None
    wanted = frozenset(terms)
    line = " ".join(line.split())
    marks = [m for m in _WORD.finditer(line) if _word_terms(m.group()) & wanted]
    start, end = 0, len(line)
    if len(line) > limit:
        first = marks[0].start() if marks else 0
        start = line.rfind(" ", 0, max(0, first - limit // 3)) + 1
        end = line.rfind(" ", start, start + limit)
        end = end if end > start else min(len(line), start + limit)
    out: list[str] = ["…" if start else ""]
    position = start
    for m in marks:
        if m.start() < start or m.end() > end:
            continue
        out.append(escape(line[position : m.start()]))
        out.append(f"<b>{escape(m.group())}</b>")
        position = m.end()
    out.append(escape(line[position:end]))
    if end < len(line):
        out.append("…")
    return "• " + "".join(out)
