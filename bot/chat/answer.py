"""Answer a reader's question with sentences quoted from archived articles.

:func:`ask` is the one path used by the bot, ``warta ask`` and the bench:

1. **Read the question.** Small talk ("halo", "makasih") is recognised first. A greeting, the
   asking formula, thanks and a "soalnya …" clause are set aside
   (``summaries.question_core``); a short follow-up ("terus kalau kelas 2?") is read with the
   previous question's subject. Casual words are made standard and the asked type and focus
   words read (``summaries.question``); the focus words become *concepts* with the forms the
   news uses for them (``summaries.vocabulary``: *jht* is also *jaminan hari tua*). A word
   no article holds is corrected against the retrieved articles' words with the corrector
   ``/langganan`` uses (``bot.chat.suggest.correct_word``); a short form the list lacks is
   learned from the archive ("Jaminan Kehilangan Pekerjaan (JKP)").
2. **Retrieve passages, not articles.** A few searches (every word; the news' own forms; the
   rarest concepts alone) gather up to ``POOL`` articles, and every sentence of each that
   holds a word of the question is a candidate passage.
3. **Rank with the learned model** (``summaries.passages``): the probability that a passage
   answers, from what the question asks and what the passage holds.
4. **Three tiers, precision first.** An answer when the best passage reaches the model's
   answer threshold (fitted so that confident wrong answers stay rare); else *related news*
   (titles and links, plainly not an answer) when articles hold most of the question; else a
   decline with a ``/cari`` suggestion and a 🔔 button. Among answers of the same value type
   from different dates, the newest wins and the reply says that earlier news said otherwise.
5. **Shape the reply** by the question (``summaries.answer_shape``): "Ya" / "Tidak" /
   "Tergantung" for a yes/no question the quote settles, the steps as a list for a how-to,
   and in bold only the value that answers, with its qualifier.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.chat.suggest import correct_word
from bot.core.models import Article, SearchHit
from bot.present import texts
from bot.present.render import (
    MAX_MESSAGE,
    escape,
    format_local_date,
    link,
    shorten,
    split_messages,
    telegram_length,
)
from bot.storage import Store
from summaries.answer_shape import highlight_span, steps_of, verdict
from summaries.normalize import is_root_word, normalize_word
from summaries.passages import (
    FEATURES,
    Document,
    Passage,
    answer_value,
    concept_weights,
    load_ranker,
    passages,
)
from summaries.question import AMOUNT, DATE, PROCESS, YES_NO, Question, analyze, small_talk
from summaries.question_core import core_question, is_follow_up, with_previous
from summaries.stem import stem
from summaries.tokenize import split_words
from summaries.vocabulary import Concept, concepts_of, learn_expansions, terms_of

__all__ = [
    "Answer",
    "AskResult",
    "Related",
    "ask",
    "explain",
    "follow_keyword",
    "question_terms",
    "render_answer",
    "render_result",
    "search_words",
    "select_answers",
]

MAX_QUESTION = 500  # characters of a question that are read
POOL = 30  # articles whose sentences are candidates
SEARCH_LIMIT = 12  # hits per search
QUOTE_MAX = 500  # characters of a quote
ANSWER_MAX = 700  # visible characters of an answer: a phone screen
QUOTE_STEPS = (QUOTE_MAX, 350, 250, 160)  # quote lengths tried to fit ANSWER_MAX
SOURCE_TITLE_MAX = 100
HIGHLIGHT_MAX = 160
KEEP_GAP = 2.0  # a second quote scores at most this much below the best (model score)
MAX_QUOTES = 3
RELATED_MAX = 3
NEWEST_GAP = 1.5  # a newer article's value wins when it scores at most this much lower


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """One quote answering a question, with its source."""

    sentence: str
    highlight: str | None
    title: str
    url: str
    outlet: str
    published_at: datetime | None
    score: float
    article_id: int
    fetched_at: datetime | None = None  # shown when the publication date is unknown
    verdict: str | None = None  # "ya" | "tidak" | "tergantung" for a yes/no question
    steps: tuple[str, ...] = ()  # a how-to's steps, when the quote lists them
    earlier: datetime | None = None  # an older article gave another value (newest wins)

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
class Related:
    """A related article offered when no sentence answers: a title and a link, no quote."""

    title: str
    url: str
    outlet: str
    published_at: datetime | None
    fetched_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AskResult:
    """What the archive says about a question: answers, related news, an honest "not
    found", or small talk."""

    question: str
    found: bool
    answers: list[Answer]
    kind: str  # "answer" | "related" | "not_found" | "small_talk"
    small_talk: str | None = None  # "greeting", "thanks", ... when kind is "small_talk"
    keyword: str | None = None  # the keyword to offer to follow when not answered
    search: str | None = None  # the words to suggest searching with /cari when not answered
    asked: str = ""  # the question as read (set aside, merged with the previous one)
    related: list[Related] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """Exactly the ``warta ask --json`` object (related news is not an answer: it is
        left out, as the reply says)."""
        return {
            "question": self.question,
            "found": self.found,
            "answers": [a.to_json() for a in self.answers] if self.found else [],
        }


# -- reading the question -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """A question as read: the text searched, its analysis and its concepts."""

    asked: str
    question: Question
    concepts: tuple[Concept, ...]
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, corrected) of mistyped words

    @classmethod
    def of(cls, asked: str, question: Question) -> Reading:
        """The reading of an analysed question: its concepts from its words."""
        return cls(asked, question, tuple(concepts_of(split_words(question.text), question.focus)))


def read(text: str, previous: str | None = None) -> Reading:
    """The question in a message (greetings and context set aside; a follow-up read with
    ``previous``), analysed, with its concepts."""
    core = core_question(text)
    if previous and is_follow_up(core):
        core = with_previous(core_question(previous), core)
    return Reading.of(core, analyze(core))


def question_terms(question: str) -> list[str]:
    """Distinct stems of the (normalized) question's focus words, in order."""
    terms: list[str] = []
    for word in analyze(question).focus:
        for term in sorted(terms_of([word])):
            if term not in terms:
                terms.append(term)
    return terms


# -- selection --------------------------------------------------------------------------------


def _documents(hits: Sequence[SearchHit]) -> list[Document]:
    return [
        Document(
            key=hit.article.id,
            title=hit.article.title,
            text=hit.article.text,
            rank=rank,
            dated=hit.article.published_at,
        )
        for rank, hit in enumerate(hits)
    ]


def _highlight(passage: Passage, question: Question, full: str) -> str | None:
    span = highlight_span(question, full, passage.spans)
    if span is None:
        return None
    start, end = span
    if end - start > HIGHLIGHT_MAX:
        cut = full.rfind(" ", start, start + HIGHLIGHT_MAX)
        end = cut if cut > start else start + HIGHLIGHT_MAX
    words = full[start:end].strip(" ,;:")
    return words or None


def _answer(passage: Passage, article: Article, question: Question, *, first: bool) -> Answer:
    full = drop_unpaired_quotes(passage.quote)
    words = _highlight(passage, question, full) if first else None
    keep = None
    if words and (at := full.find(words)) >= 0:
        keep = (at, at + len(words))
    text = cut_quote(full, QUOTE_MAX, keep)
    if words and words not in text:
        words = None
    return Answer(
        sentence=text,
        highlight=words,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        published_at=article.published_at,
        score=round(passage.probability, 4),
        article_id=article.id,
        fetched_at=article.fetched_at,
        verdict=verdict(question, full) if first and question.kind == YES_NO else None,
        steps=tuple(steps_of(full)) if first and question.kind == PROCESS else (),
    )


def _newest_first(ranked: list[Passage], question: Question) -> list[Passage]:
    """Newest wins: among confident passages of an amount or a date from different
    articles, a newer article's passage close enough to the best goes first."""
    if question.kind not in (AMOUNT, DATE) or not ranked:
        return ranked
    best = ranked[0]
    rivals = [
        p
        for p in ranked[1:8]
        if p.score >= best.score - NEWEST_GAP
        and p.document.key != best.document.key
        and p.document.dated is not None
        and (best.document.dated is None or p.document.dated > best.document.dated)
        and answer_value(p)
        and answer_value(p) != answer_value(best)
    ]
    if not rivals:
        return ranked
    newest = max(rivals, key=lambda p: p.document.dated or datetime.min)
    return [newest, *[p for p in ranked if p is not newest]]


def _overlaps(a: Passage, b: Passage) -> bool:
    """Whether two passages quote the same sentences: one article, the same or neighbouring
    sentences (a quote may take the sentence before or after its own), or the same text."""
    if a.document.key != b.document.key:
        return False
    return abs(a.index - b.index) <= 1 or a.quote in b.quote or b.quote in a.quote


def _joined(kept: Passage, other: Passage) -> Passage:
    """One passage quoting both, in the article's order, each sentence once."""
    if other.quote in kept.quote:
        return kept
    first, second = (kept, other) if kept.index <= other.index else (other, kept)
    a, b = first.quote, second.quote
    if a in b:
        text = b
    else:
        overlap = next((n for n in range(min(len(a), len(b)), 0, -1) if a.endswith(b[:n])), 0)
        text = f"{a} {b[overlap:].lstrip()}" if overlap < len(b) else a
    joined = replace(kept, quote=text)  # keeps the better passage's score and spans' owner
    joined.spans = _moved_spans(kept, text)
    return joined


def _moved_spans(passage: Passage, text: str) -> list[tuple[int, int]]:
    """The kept passage's answer spans, moved to where its quote sits in ``text``."""
    at = text.find(passage.quote)
    if at < 0:
        return []
    return [(a + at, b + at) for a, b in passage.spans]


@dataclass(frozen=True, slots=True)
class Selection:
    """The ranked passages of a question and what they make: answers or related news."""

    answers: list[Answer]
    related: list[Related]
    ranked: list[Passage]


def select(
    reading: Reading,
    hits: Sequence[SearchHit],
    *,
    limit: int = MAX_QUOTES,
    frequencies: Mapping[str, int] | None = None,
    documents: int = 0,
) -> Selection:
    """Rank every passage of the hits' articles; the answers when the best one is
    confident enough, else the related articles (when they hold most of the question)."""
    ranker = load_ranker()
    question, concepts = reading.question, list(reading.concepts)
    if not concepts or not hits or limit < 1:
        return Selection([], [], [])
    docs = _documents(hits)
    if frequencies is None:  # no archive counts: rarity among the hits' own articles
        frequencies = {
            t: sum(1 for d in docs if t in terms_of(split_words(f"{d.title} {d.text}")))
            for c in concepts
            for t in c.stems
        }
        documents = len(docs)
    weights = concept_weights(concepts, frequencies, documents)
    ranked = ranker.rank(passages(question, concepts, docs, weights))
    articles = {hit.article.id: hit.article for hit in hits}
    if not ranked or ranked[0].probability < ranker.answer_threshold:
        return Selection([], _related(ranked, articles, ranker.related_threshold), ranked)
    ranked = _newest_first(ranked, question)
    best = ranked[0]
    chosen = [best]
    for p in ranked[1:]:
        if len(chosen) >= limit:
            break
        if p.score < best.score - KEEP_GAP:
            break
        for n, c in enumerate(chosen):
            if _overlaps(p, c):  # the same or a neighbouring sentence: one quote of both
                chosen[n] = _joined(c, p)
                break
        else:
            chosen.append(p)
    answers = [
        _answer(p, articles[p.document.key], question, first=i == 0) for i, p in enumerate(chosen)
    ]
    earlier = [
        p.document.dated
        for p in ranked[1:6]
        if p.document.key != best.document.key
        and p.document.dated is not None
        and best.document.dated is not None
        and p.document.dated < best.document.dated
        and p.score >= best.score - NEWEST_GAP
        and question.kind in (AMOUNT, DATE)
        and answer_value(p)
        and answer_value(p) != answer_value(best)
    ]
    if earlier:
        answers[0] = replace(answers[0], earlier=max(earlier))
    return Selection(answers, [], ranked)


def _related(
    ranked: Sequence[Passage], articles: Mapping[int, Article], threshold: float
) -> list[Related]:
    """Articles holding most of the question (by their passages' article coverage)."""
    found: list[Related] = []
    seen: set[int] = set()
    at = FEATURES.index("coverage_article")
    for p in sorted(ranked, key=lambda p: (p.features[at], p.score), reverse=True):
        if p.features[at] < threshold or len(found) >= RELATED_MAX:
            break
        if p.document.key in seen:
            continue
        seen.add(p.document.key)
        a = articles[p.document.key]
        found.append(Related(a.title, a.url, a.outlet, a.published_at, a.fetched_at))
    return found


def select_answers(
    question: Question,
    hits: Sequence[SearchHit],
    *,
    limit: int = MAX_QUOTES,
    frequencies: Mapping[str, int] | None = None,
    documents: int = 0,
) -> list[Answer]:
    """The best quotes answering ``question`` from the hits' articles, best first; [] when
    none is confident enough."""
    reading = Reading.of(question.text, question)
    return select(reading, hits, limit=limit, frequencies=frequencies, documents=documents).answers


# -- retrieval --------------------------------------------------------------------------------


def _frequencies(store: Store, terms: Sequence[str]) -> dict[str, int]:
    """Article counts of index terms; "e-ktp" counts as its rarest part ("e", "ktp")."""
    tokens = {t: _INDEX_TOKEN.findall(t.casefold()) for t in terms}
    counts = store.document_frequencies(sorted({x for parts in tokens.values() for x in parts}))
    return {t: min((counts.get(x, 0) for x in parts), default=0) for t, parts in tokens.items()}


_INDEX_TOKEN = re.compile(r"[^\W_]+")


def _common_form(concept: Concept, frequencies: Mapping[str, int]) -> frozenset[str]:
    """The form of a concept most articles use."""
    return max(
        concept.forms,
        key=lambda f: min((frequencies.get(t, 0) for t in f), default=0),
    )


def _retrieve(
    store: Store, reading: Reading, frequencies: Mapping[str, int], weights: Mapping[str, float]
) -> list[SearchHit]:
    """Up to ``POOL`` articles from a few searches, each in the news' own words: every
    concept the archive knows, then only the rarest three and two (a casual word or a detail
    no article repeats must not empty the search), then the question's words as typed."""
    known = [
        c
        for c in sorted(reading.concepts, key=lambda c: weights[c.typed], reverse=True)
        if min((frequencies.get(t, 0) for t in _common_form(c, frequencies)), default=0) > 0
    ]

    def words(concepts: Sequence[Concept]) -> str:
        return " ".join(" ".join(sorted(_common_form(c, frequencies))) for c in concepts)

    queries = [words(known), words(known[:3]), words(known[:2]), " ".join(reading.question.focus)]
    hits: dict[int, SearchHit] = {}
    for query in dict.fromkeys(q for q in queries if q.strip()):
        for hit in store.search(query, limit=SEARCH_LIMIT):
            hits.setdefault(hit.article.id, hit)
        if len(hits) >= POOL:
            break
    return list(hits.values())[:POOL]


def _corrected(
    reading: Reading, hits: Sequence[SearchHit], frequencies: Mapping[str, int]
) -> Reading:
    """Concepts no article holds, corrected against the retrieved articles' words (a typo:
    "kesehtan" → "kesehatan") or given the long form an article defines (a short form)."""
    missing = [
        c
        for c in reading.concepts
        if not any(f and all(frequencies.get(t, 0) for t in f) for f in c.forms)
    ]
    if not missing or not hits:
        return reading
    texts_ = [f"{h.article.title}\n{h.article.text[:20_000]}" for h in hits]
    vocabulary = {w.casefold() for t in texts_ for w in split_words(t) if len(w) >= 3}
    learned = learn_expansions(texts_, [c.typed for c in missing if " " not in c.typed])
    fixed: dict[str, Concept] = {}
    corrections: dict[str, str] = {}
    for c in missing:
        if c.typed in learned:
            fixed[c.typed] = c.with_forms([learned[c.typed]])
            continue
        if " " in c.typed or len(c.typed) < 4 or not c.typed.isalpha():
            continue
        better = correct_word(c.typed, vocabulary)
        if better != c.typed:
            fixed[c.typed] = c.with_forms([terms_of([better])])
            corrections[c.typed.casefold()] = better
    if not fixed:
        return reading
    return replace(
        reading,
        concepts=tuple(fixed.get(c.typed, c) for c in reading.concepts),
        corrections=tuple(corrections.items()),
    )


def corrected_question(reading: Reading) -> Question:
    """The question with its mistyped focus words corrected ("prakrja" → "prakerja"): what
    to follow and to search for when it is not answered."""
    fixes = dict(reading.corrections)
    if not fixes:
        return reading.question
    focus = tuple(fixes.get(w.casefold(), w) for w in reading.question.focus)
    return replace(reading.question, focus=focus)


def _as_archived(store: Store, question: Question, typed: str) -> Question:
    """The question with each normalized word that no article holds put back as the reader
    typed it, when the archive has that form ("tape" stays "tape" if nobody wrote "tapai")."""
    typed_as: dict[str, str] = {}
    for word in split_words(typed):
        standard = normalize_word(word)
        if standard.lower() != word.lower() and " " not in standard:
            typed_as.setdefault(standard.lower(), word)
    swaps = {w: typed_as[w.lower()] for w in question.focus if w.lower() in typed_as}
    if not swaps:
        return question
    counts = _frequencies(store, sorted({stem(w) for w in [*swaps, *swaps.values()]}))
    focus = tuple(
        swaps[w] if w in swaps and not counts[stem(w)] and counts[stem(swaps[w])] else w
        for w in question.focus
    )
    return replace(question, focus=focus)


def search_words(question: Question, max_words: int = 3, max_bytes: int = 40) -> str | None:
    """What to suggest searching with ``/cari`` for a question the archive can't answer."""
    words: list[str] = []
    for word in question.focus:
        candidate = " ".join([*words, word])
        if len(words) >= max_words or len(candidate.encode()) > max_bytes:
            break
        words.append(word)
    return " ".join(words).lower() or None


def follow_keyword(question: Question, frequencies: Mapping[str, int]) -> str | None:
    """The keyword to offer to follow: the question's rarest word in the archive ("tapera"
    of "iuran tapera dipotong berapa"), since a keyword matches only as a whole phrase."""
    words = [w for w in question.focus if len(w.encode()) <= 40 and not w.isdigit()]
    if not words:
        return None
    # Ties (a small archive): a word outside the dictionary (a name, "tapera") says more.
    return min(
        words, key=lambda w: (frequencies.get(stem(w), 0), is_root_word(stem(w)), -len(w))
    ).lower()


@dataclass(frozen=True, slots=True)
class Explained:
    """Everything :func:`ask` weighed for one question (for the bench and the fitting)."""

    reading: Reading
    hits: list[SearchHit]
    frequencies: dict[str, int]
    documents: int
    selection: Selection


def explain(
    store: Store, question: str, *, previous: str | None = None, limit: int = MAX_QUOTES
) -> Explained | None:
    """Read, retrieve and rank for ``question``; None when it has nothing to search for."""
    text = " ".join(question.split())[:MAX_QUESTION]
    reading = read(text, previous)
    if not reading.question.focus or not reading.concepts:
        return None
    archived = _as_archived(store, reading.question, reading.asked)
    if archived is not reading.question:  # words put back as typed: their concepts anew
        reading = Reading.of(reading.asked, archived)
    stems = sorted({t for c in reading.concepts for t in c.stems})
    frequencies = _frequencies(store, stems)
    documents = store.count_articles()
    weights = concept_weights(reading.concepts, frequencies, documents)
    hits = _retrieve(store, reading, frequencies, weights)
    fixed = _corrected(reading, hits, frequencies)
    if fixed is not reading:
        reading = fixed
        stems = sorted({t for c in reading.concepts for t in c.stems})
        frequencies = _frequencies(store, stems)
        weights = concept_weights(reading.concepts, frequencies, documents)
        more = _retrieve(store, reading, frequencies, weights)
        known = {h.article.id for h in more}
        hits = [*more, *[h for h in hits if h.article.id not in known]][:POOL]
    selection = select(
        reading, hits, limit=max(1, limit), frequencies=frequencies, documents=documents
    )
    return Explained(reading, hits, frequencies, documents, selection)


def ask(
    store: Store,
    question: str,
    *,
    limit: int = MAX_QUOTES,
    now: datetime | None = None,
    previous: str | None = None,
) -> AskResult:
    """Answer ``question`` from the archive in ``store``: the one path of the bot, the CLI and
    the bench. ``previous`` is the reader's previous question when it was recent (a
    follow-up is read with its subject). ``now`` is accepted for callers that pin the clock
    (the ranking reads the store's own clock)."""
    text = " ".join(question.split())[:MAX_QUESTION]
    chat = small_talk(text)
    if chat is not None:
        return AskResult(question, False, [], "small_talk", small_talk=chat, asked=text)
    explained = explain(store, text, previous=previous, limit=limit)
    if explained is None:
        return AskResult(question, False, [], "not_found", asked=core_question(text))
    reading, selection = explained.reading, explained.selection
    if selection.answers:
        return AskResult(question, True, selection.answers, "answer", asked=reading.asked)
    subject = corrected_question(reading)  # the follow button follows the corrected words
    stems = {stem(w) for w in subject.focus}
    frequencies = {**_frequencies(store, sorted(stems)), **explained.frequencies}
    return AskResult(
        question,
        False,
        [],
        "related" if selection.related else "not_found",
        keyword=follow_keyword(subject, frequencies),
        search=search_words(subject),
        asked=reading.asked,
        related=selection.related,
    )


# -- quotes -----------------------------------------------------------------------------------

_STRAIGHT = '"'


def drop_unpaired_quotes(text: str) -> str:
    """``text`` without quotation marks that open or close nothing in it (a quoted answer
    sentence drops a stray mark, where ``render.balance_quotes`` adds the missing one)."""
    if text.count(_STRAIGHT) % 2:  # one too many: the last opens or closes nothing here
        last = text.rfind(_STRAIGHT)
        text = text[:last] + text[last + 1 :]
    depth, keep = 0, []
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth == 0:
                continue
            depth -= 1
        keep.append(ch)
    text = "".join(keep)
    while depth > 0:
        i = text.rfind("“")
        text = text[:i] + text[i + 1 :]
        depth -= 1
    return " ".join(text.split())


_SENTENCE_START = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")


def _start_before(text: str, keep: tuple[int, int], room: int) -> int:
    """Where a quote of ``room`` characters holding ``keep`` starts: the latest sentence
    start before the span that leaves the span in, else a few words before it."""
    if keep[1] <= room:
        return 0
    starts = [m.end() for m in _SENTENCE_START.finditer(text, 0, keep[0] + 1)]
    fitting = [s for s in starts if s <= keep[0] and keep[1] - s <= room]
    if fitting:
        return max(fitting)
    return text.rfind(" ", 0, max(0, keep[0] - 40)) + 1


def cut_quote(text: str, limit: int, keep: tuple[int, int] | None = None) -> str:
    """``text`` within ``limit`` characters, cut only between words, never inside a number or
    a quotation, with "…" where cut; the ``keep`` span (the answer) stays in, the quote
    trimmed around it (from the start of its sentence when that fits)."""
    if len(text) <= limit:
        return text
    start = 0
    if keep is not None:
        start = _start_before(text, keep, limit - 4)
    end = start + limit - 2
    space = text.rfind(" ", start, end + 1)
    end = space if space > start + limit // 3 else end
    piece = text[start:end]
    # An opened quotation left unclosed: cut before it.
    if piece.count(_STRAIGHT) % 2 or piece.count("“") > piece.count("”"):
        opening = max(piece.rfind(_STRAIGHT), piece.rfind("“"))
        piece = piece[:opening] if opening > len(piece) // 3 else drop_unpaired_quotes(piece)
    piece = piece.rstrip(" ,;:-–—(")
    return ("…" if start else "") + piece + "…"


# -- rendering --------------------------------------------------------------------------------


def _quote_html(answer: Answer, limit: int) -> str:
    text = answer.sentence
    if len(text) > limit:
        at = text.find(answer.highlight) if answer.highlight else -1
        keep = (at, at + len(answer.highlight)) if answer.highlight and at >= 0 else None
        text = cut_quote(text, limit, keep)
    if answer.highlight and answer.highlight in text:
        before, _, after = text.partition(answer.highlight)
        # Punctuation right after the answer goes in the bold too ("<b>Bogor,</b> Jawa Barat").
        stuck = len(after) - len(after.lstrip(",.;:!?)"))
        bold, after = answer.highlight + after[:stuck], after[stuck:]
        return f"{escape(before)}<b>{escape(bold)}</b>{escape(after)}"
    return escape(text)


def _when(published_at: datetime | None, fetched_at: datetime | None, tz: str) -> str | None:
    when = published_at or fetched_at
    return escape(format_local_date(when, tz)) if when is not None else None


def _source(answer: Answer, tz: str) -> str:
    parts = [link(answer.url, shorten(answer.title, SOURCE_TITLE_MAX) or texts.UNTITLED)]
    if answer.outlet.strip():
        parts.append(escape(shorten(answer.outlet, 60)))
    if (when := _when(answer.published_at, answer.fetched_at, tz)) is not None:
        parts.append(when)
    return texts.ANSWER_SOURCE.format(source=texts.SEPARATOR.join(parts))


def _steps_html(steps: Sequence[str], limit: int) -> str:
    each = max(60, limit // max(1, len(steps)))
    lines = [f"{i}. {escape(shorten(step, each))}" for i, step in enumerate(steps, start=1)]
    return "\n".join([escape(texts.ANSWER_STEPS), *lines])


def _group_block(group: Sequence[tuple[Answer, int]], tz: str) -> str:
    """The quotes of one article (each with its length), then its one source line (and,
    under the newest answer, that older news said otherwise)."""
    lines: list[str] = []
    for a, quote_max in group:
        if a.steps:
            lines.append(_steps_html(a.steps, quote_max))
        else:
            lines.append(f"<blockquote>{_quote_html(a, quote_max)}</blockquote>")
    lines.append(_source(group[0][0], tz))
    earlier = next((a.earlier for a, _ in group if a.earlier is not None), None)
    if earlier is not None:
        lines.append(escape(texts.ANSWER_EARLIER.format(date=format_local_date(earlier, tz))))
    return "\n".join(lines)


def _layouts(count: int) -> list[tuple[int, int, int]]:
    """(quotes shown, first quote's length, the others' length), most preferred first: the
    first quote (it holds the answer) as long as it can be, then as many other quotes as
    fit, each as long as it can be."""
    return [
        (shown, first, other)
        for first in QUOTE_STEPS
        for shown in range(count, 0, -1)
        for other in (QUOTE_STEPS if shown > 1 else (first,))
        if other <= first
    ]


def render_answer(answers: Sequence[Answer], tz: str, *, limit: int = ANSWER_MAX) -> str:
    """The reply: "Ya" / "Tidak" / "Tergantung" first when the quote settles a yes/no
    question, else a short header; the quotes (or a how-to's steps) grouped by article, each
    group with one source line (linked title, outlet, date); the answering value of the first
    quote in bold. About ``limit`` visible characters (a phone screen): the first quote
    keeps as much as fits, trimmed around the answer, with its source; the other quotes
    follow while there is room. The polite "no answer" text when there are none."""
    if not answers:
        return escape(texts.NO_ANSWER)
    lead = texts.ANSWER_VERDICT.get(answers[0].verdict or "") or escape(texts.ANSWER_HEADER)
    message = ""
    for shown, first, other in _layouts(len(answers)):
        groups: dict[int, list[tuple[Answer, int]]] = {}
        for n, item in enumerate(answers[:shown]):
            groups.setdefault(item.article_id, []).append((item, first if n == 0 else other))
        blocks = [_group_block(group, tz) for group in groups.values()]
        message = "\n\n".join([lead, *blocks])
        if telegram_length(message) <= min(limit, MAX_MESSAGE):
            return message
    if telegram_length(message) <= MAX_MESSAGE:
        return message  # the shortest form, a little over ``limit``
    return split_messages([message])[0]


def _related_html(related: Sequence[Related], tz: str) -> str:
    lines = [escape(texts.RELATED_HEADER)]
    for r in related:
        parts = [link(r.url, shorten(r.title, 150) or texts.UNTITLED)]
        if r.outlet.strip():
            parts.append(escape(shorten(r.outlet, 60)))
        if (when := _when(r.published_at, r.fetched_at, tz)) is not None:
            parts.append(when)
        lines.append(texts.RELATED_ITEM.format(title=texts.SEPARATOR.join(parts)))
    return "\n".join(lines)


def render_result(result: AskResult, tz: str) -> str:
    """The whole reply to a question: the answer; the small-talk reply; related news (plainly
    not an answer); or the honest "not found" with a suggestion (the follow button goes
    under it: :func:`follow_keyword`)."""
    if result.kind == "small_talk":
        return texts.SMALL_TALK.get(result.small_talk or "", texts.SMALL_TALK["help"])
    if result.found:
        return render_answer(result.answers, tz)
    suggestion = None
    if result.search and result.keyword:
        suggestion = texts.NO_ANSWER_SUGGEST.format(
            query=escape(result.search), keyword=escape(result.keyword)
        )
    if result.kind == "related" and result.related:
        return "\n\n".join(p for p in (_related_html(result.related, tz), suggestion) if p)
    if suggestion is None:
        return escape(texts.NO_ANSWER)
    return f"{escape(texts.NO_ANSWER_SHORT)}\n\n{suggestion}"
