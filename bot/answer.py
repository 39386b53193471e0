"""Answer a reader's question with sentences quoted from archived articles.

The handler searches the archive (``store.search(question, limit=10)``) and passes the hits
here. Every sentence of those articles is a candidate; candidates are scored by the question's
content words they contain (stemmed, IDF-weighted across all candidates, BM25-style), with a
bonus for numbers when the question asks "berapa"/"kapan" and a small bonus for better-ranked
hits. A sentence is only offered when it covers at least half of the question's weight and at
least one of its rarer words; otherwise the answer is [] and the bot says it found nothing
rather than guess.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot import texts
from bot.models import Article, SearchHit
from bot.render import (
    MAX_MESSAGE,
    escape,
    format_local_date,
    link,
    shorten,
    split_messages,
    telegram_length,
)
from bot.storage import Store
from summaries.stem import STOP_WORDS, stem
from summaries.tokenize import split_sentences, split_words

__all__ = [
    "Answer",
    "AskResult",
    "Evidence",
    "answer_question",
    "ask",
    "question_terms",
    "render_answer",
]

MIN_COVERAGE = 0.5  # share of the question's IDF weight a sentence must contain
MIN_SENTENCE_CHARS = 25
MAX_SENTENCE_CHARS = 600
MAX_SENTENCES_PER_ARTICLE = 2
MAX_TEXT_CHARS = 30_000  # only the start of a (huge) article is read
QUOTE_MAX = 500  # characters of a quoted sentence

# Question words that ask for a figure or a date (they are stop words, so read them raw).
_NUMBER_QUESTIONS = frozenset(["berapa", "berapakah", "kapan", "kapankah"])
_NUMBER = re.compile(r"\d")
# A real sentence ends with punctuation; a bare line is usually a headline, caption or link.
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_K1 = 1.2
_B = 0.75


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence quoted from an article as (part of) an answer."""

    sentence: str
    article: Article
    score: float = 0.0


def question_terms(question: str) -> list[str]:
    """Distinct stems of the question's content words, in order."""
    terms: list[str] = []
    for word in split_words(question):
        if word.lower() in STOP_WORDS:
            continue
        term = stem(word)
        if term and term not in terms:
            terms.append(term)
    return terms


def _sentence_terms(words: list[str]) -> list[str]:
    """Stems of a sentence's content words; "Covid-19" also counts as "covid" and "19"."""
    terms: list[str] = []
    for word in words:
        if word.lower() in STOP_WORDS:
            continue
        terms.append(stem(word))
        if "-" in word:
            parts = {p for p in word.split("-") if p and p.lower() not in STOP_WORDS}
            terms.extend(stem(p) for p in parts if len(parts) > 1)
    return terms


@dataclass(slots=True)
class _Candidate:
    sentence: str
    article: Article
    rank: int
    counts: Counter[str]
    length: int
    has_number: bool
    complete: bool


def _candidates(hits: Sequence[SearchHit]) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    seen: set[str] = set()
    for rank, hit in enumerate(hits):
        title_words = split_words(hit.article.title.casefold())
        # A long enough headline repeated in the text (or a caption starting with it) is not
        # evidence; a short title could be the start of a real sentence.
        title = " ".join(title_words) if len(title_words) >= 4 else ""
        for sentence in split_sentences(hit.article.text[:MAX_TEXT_CHARS]):
            if not MIN_SENTENCE_CHARS <= len(sentence) <= MAX_SENTENCE_CHARS:
                continue
            key = " ".join(split_words(sentence.casefold()))
            if key in seen:  # the same sentence from another outlet or a repeat
                continue
            if title and (key == title or key.startswith(title + " ")):  # headline, caption
                continue
            seen.add(key)
            words = split_words(sentence)
            if len(words) < 4:
                continue
            counts = Counter(_sentence_terms(words))
            candidates.append(
                _Candidate(
                    sentence=sentence,
                    article=hit.article,
                    rank=rank,
                    counts=counts,
                    length=max(1, sum(counts.values())),
                    has_number=bool(_NUMBER.search(sentence)),
                    complete=bool(_SENTENCE_END.search(sentence)),
                )
            )
    return candidates


def answer_question(
    question: str, hits: Sequence[SearchHit], *, max_sentences: int = 3
) -> list[Evidence]:
    """The best few distinct sentences answering ``question`` from the hits' articles, best
    first; [] when no sentence is relevant enough."""
    terms = question_terms(question)
    if not terms or not hits or max_sentences < 1:
        return []
    candidates = _candidates(hits)
    if not candidates:
        return []
    n = len(candidates)
    df = {t: sum(1 for c in candidates if t in c.counts) for t in terms}
    idf_present = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in terms if df[t] > 0}
    if not idf_present:
        return []
    # A question word absent from every candidate weighs as much as the rarest present one:
    # it lowers coverage without letting a single odd word veto a good answer.
    rarest = max(idf_present.values())
    idf = {t: idf_present.get(t, rarest) for t in terms}
    total_weight = sum(idf.values())
    # "Rare" words: present in at most half of the candidate sentences.
    rare = {t for t in idf_present if df[t] <= max(1, n // 2)}
    wants_number = any(w.lower() in _NUMBER_QUESTIONS for w in split_words(question))
    average_length = sum(c.length for c in candidates) / n

    scored: list[tuple[float, _Candidate]] = []
    for c in candidates:
        present = [t for t in terms if t in c.counts]
        if not present or not rare.intersection(present):
            continue
        if sum(idf[t] for t in present) / total_weight < MIN_COVERAGE:
            continue
        norm = _K1 * (1 - _B + _B * c.length / average_length)
        score = sum(idf[t] * c.counts[t] * (_K1 + 1) / (c.counts[t] + norm) for t in present)
        if wants_number and c.has_number:
            score *= 1.3
        if not c.complete:
            score *= 0.6
        score *= 1 + 0.2 / (c.rank + 1)
        scored.append((score, c))
    if not scored:
        return []
    scored.sort(key=lambda item: item[0], reverse=True)
    best = scored[0][0]
    evidence: list[Evidence] = []
    per_article: Counter[int] = Counter()
    for score, c in scored:
        if len(evidence) >= max_sentences or score < 0.5 * best:
            break
        if per_article[c.article.id] >= MAX_SENTENCES_PER_ARTICLE:
            continue
        per_article[c.article.id] += 1
        evidence.append(Evidence(sentence=c.sentence, article=c.article, score=round(score, 4)))
    return evidence


def _evidence_block(item: Evidence, tz: str, quote_max: int) -> str:
    article = item.article
    when = article.published_at or article.fetched_at
    parts = [link(article.url, shorten(article.title, 150) or texts.UNTITLED)]
    if article.outlet.strip():
        parts.append(escape(shorten(article.outlet, 60)))
    if when is not None:
        parts.append(escape(format_local_date(when, tz)))
    source = texts.ANSWER_SOURCE.format(source=", ".join(parts))
    return f"<blockquote>{escape(shorten(item.sentence, quote_max))}</blockquote>\n{source}"


def render_answer(evidence: Sequence[Evidence], tz: str) -> str:
    """The reply: each sentence quoted with its source (linked title, outlet, date), or the
    polite "no answer" text when there is no evidence. Within 4,096 characters."""
    if not evidence:
        return html.escape(texts.NO_ANSWER, quote=False)
    message = ""
    for count in range(len(evidence), 0, -1):  # drop the weakest quotes if still too long
        for quote_max in (QUOTE_MAX, 250):
            blocks = [_evidence_block(item, tz, quote_max) for item in evidence[:count]]
            message = "\n\n".join([escape(texts.ANSWER_HEADER), *blocks])
            if telegram_length(message) <= MAX_MESSAGE:
                return message
    return split_messages([message])[0]


# -- the one entry point: bot handler, `warta ask` and the bench ------------------------------

SEARCH_LIMIT = 10
MAX_QUESTION = 500  # characters of a question that are read


@dataclass(frozen=True, slots=True)
class Answer:
    """One quoted sentence answering a question, with its source."""

    sentence: str
    highlight: str | None
    title: str
    url: str
    outlet: str
    published_at: datetime | None
    score: float
    article_id: int

    def to_json(self) -> dict[str, object]:
        """The ``warta ask --json`` form of one answer."""
        return {
            "sentence": self.sentence,
            "highlight": self.highlight,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class AskResult:
    """What the archive says about a question: answers, an honest "not found", or small talk."""

    question: str
    found: bool
    answers: list[Answer]
    kind: str  # "answer" | "not_found" | "small_talk"

    def to_json(self) -> dict[str, object]:
        """Exactly the ``warta ask --json`` object."""
        return {
            "question": self.question,
            "found": self.found,
            "answers": [a.to_json() for a in self.answers] if self.found else [],
        }


def ask(store: Store, question: str, *, limit: int = 3, now: datetime | None = None) -> AskResult:
    """Answer ``question`` from the archive in ``store``: the one path of the bot and the CLI."""
    text = " ".join(question.split())[:MAX_QUESTION]
    hits = store.search(text, limit=SEARCH_LIMIT) if text else []
    evidence = answer_question(text, hits, max_sentences=limit) if text else []
    answers = [
        Answer(
            sentence=e.sentence,
            highlight=None,
            title=e.article.title,
            url=e.article.url,
            outlet=e.article.outlet,
            published_at=e.article.published_at,
            score=e.score,
            article_id=e.article.id,
        )
        for e in evidence
    ]
    return AskResult(
        question=question,
        found=bool(answers),
        answers=answers,
        kind="answer" if answers else "not_found",
    )
