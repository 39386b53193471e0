"""Answer a reader's question with sentences quoted from archived articles.

:func:`ask` is the one path used by the bot, ``warta ask`` and the bench. Small talk
("halo", "makasih") is recognised first. Otherwise the question is read
(``summaries.question``: casual words normalized, the asked type, the focus words), the
archive is searched, and every sentence of the top hits is scored by

- coverage: the question's words it holds, each weighted by how rare it is in the whole
  archive (IDF); a word found only near the sentence (two sentences around it), in the
  sentence an *Ia / Dia / Hal itu / … tersebut* sentence points back to, in the title or
  elsewhere in the article counts partly;
- the asked type: for an amount, a date, a name or a place the quote must hold one (the
  sentence after a matching one may, then both are quoted); an amount in the asked unit
  ("berapa koperasi" → "9.982 koperasi"), a name right after a word of the question
  ("pelatih Martin Schmidt") or a reason with *karena / sebab / akibat* scores higher;
- the article's rank in the search.

Abstention is calibrated on match quality, not on a fixed share: it declines ("not found")
unless the best quote's coverage reaches ``MIN_COVERAGE`` and its article holds at least
``MIN_ARTICLE_COVERAGE`` of the question's weight; a word no article holds (a new name, a
year not yet covered) weighs the most, so a question about something the archive lacks is
declined. The answering words of the first quote are returned as ``highlight`` and set in
bold by :func:`render_answer`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

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
from summaries.normalize import is_root_word, normalize_word
from summaries.question import (
    DATE,
    ENTITY,
    PERSON,
    PLACE,
    PROCESS,
    REASON,
    TYPED,
    Question,
    analyze,
    find_answer,
    small_talk,
    unit_matches,
)
from summaries.stem import STOP_WORDS, stem
from summaries.tokenize import split_sentences, split_words

__all__ = [
    "Answer",
    "AskResult",
    "ask",
    "follow_keyword",
    "question_terms",
    "render_answer",
    "search_words",
    "select_answers",
]

SEARCH_LIMIT = 8  # hits whose sentences are read
MAX_QUESTION = 500  # characters of a question that are read
MIN_COVERAGE = 0.45  # share of the question's weight the best quote must hold
KEEP_SHARE = 0.5  # later quotes score at least this share of the best
TYPE_BONUS = 1.15  # the quote holds words of the asked type
REASON_BONUS = 1.35  # ... a reason with "karena", "sebab", "akibat"…
CUE_BONUS = 1.3  # ... a name right after a word of the question ("pelatih Martin Schmidt")
UNIT_BONUS = 1.3  # ... an amount in the asked unit ("berapa koperasi": "9.982 koperasi")
NEXT_SENTENCE_FACTOR = 0.85  # the asked answer is only in the sentence after the match
MIN_DOCUMENTS = 1000  # archive size below which word rarity is read as if it were this big
MIN_SENTENCE_CHARS = 25
MAX_SENTENCE_CHARS = 600
MAX_QUOTES_PER_ARTICLE = 3
MAX_TEXT_CHARS = 30_000  # only the start of a (huge) article is read
QUOTE_MAX = 500  # characters of a quote
HIGHLIGHT_MAX = 160
TITLE_WEIGHT = 0.5  # a focus word found only in the article's title counts this much
NEARBY_WEIGHT = 0.8  # ... only in the two sentences before or after it
ARTICLE_WEIGHT = 0.3  # ... only elsewhere in the article
MIN_ARTICLE_COVERAGE = 0.6  # share of the question's weight the quoted article must hold
CONTEXT_WEIGHT = 0.8  # ... only in the sentence an "Ia / Hal itu" sentence refers to

_ANAPHORA = re.compile(
    r"^\W*(?:ia|dia|hal (?:itu|ini|tersebut)|tersebut|mereka|beliau|namun|sementara itu|"
    r"selain itu|adapun|(?:oleh )?(?:karena|sebab) itu|untuk itu|akibatnya|maka|"
    # "Peningkatan harga tersebut …", "Langkah itu …": a subject pointing back
    r"(?:[^\W\d_]+\s){1,3}(?:tersebut|itu))\b",
    re.IGNORECASE,
)
_PAIRED = frozenset([*TYPED, REASON, PROCESS])  # kinds whose answer may be in the next sentence
_STRONG_REASON = re.compile(
    # "karena …" gives a reason; "oleh karena itu" / "karena itu" draws a consequence
    r"\b(?:karena|dikarenakan|sebab|disebabkan|akibat|lantaran|dipicu|alasan|alasannya)\b"
    r"(?!\s+itu\b)",
    re.IGNORECASE,
)
_ANNOUNCES = re.compile(
    r"(?:\b(?:ada|terdapat|berikut|beberapa|sejumlah)\b.*\b(?:cara|langkah|tips|tahap|hal|"
    r"upaya|strategi|alasan|penyebab|faktor)\b|\b(?:caranya|berikut ini|sebagai berikut|"
    r"antara lain|di antaranya)\b|:\W*$)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_NAMED = frozenset([PERSON, PLACE, ENTITY])
_NAMING_CUES = frozenset(
    [
        *("oleh", "bernama", "yakni", "yaitu", "adalah", "ialah", "diperankan", "dipimpin"),
        *("kata", "ujar", "asal", "di", "ke", "dari"),
    ]
)


def _introduced(before: str, terms: set[str]) -> bool:
    """Whether the words just before a name introduce it: a word of the question ("pelatih
    Martin Schmidt" for "siapa pelatih…") or a naming cue ("bernama", "oleh")."""
    words = split_words(before)[-3:]
    return any(w.lower() in _NAMING_CUES or stem(w) in terms for w in words)


_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_MERGE_GAP = 30  # answer spans this close are highlighted as one ("Rp35.000 menjadi Rp42.000")


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
    small_talk: str | None = None  # "greeting", "thanks", ... when kind is "small_talk"
    keyword: str | None = None  # the keyword to offer to follow when not found
    search: str | None = None  # the words to suggest searching with /cari when not found

    def to_json(self) -> dict[str, object]:
        """Exactly the ``warta ask --json`` object."""
        return {
            "question": self.question,
            "found": self.found,
            "answers": [a.to_json() for a in self.answers] if self.found else [],
        }


# -- candidates -------------------------------------------------------------------------------


def _terms(words: Sequence[str]) -> set[str]:
    """Stems of content words; "Covid-19" also counts as "covid" and "19"."""
    terms: set[str] = set()
    for word in words:
        if word.lower() in STOP_WORDS:
            continue
        terms.add(stem(word))
        if "-" in word:
            terms.update(stem(p) for p in word.split("-") if p and p.lower() not in STOP_WORDS)
    return terms


def question_terms(question: str) -> list[str]:
    """Distinct stems of the (normalized) question's focus words, in order."""
    terms: list[str] = []
    for word in analyze(question).focus:
        for term in sorted(_terms([word])):
            if term and term not in terms:
                terms.append(term)
    return terms


@dataclass(slots=True)
class _Sentence:
    text: str
    terms: set[str]
    usable: bool  # long enough, complete, not a headline


@dataclass(slots=True)
class _Candidate:
    article: Article
    rank: int
    sentences: list[_Sentence]
    index: int
    title_terms: set[str]
    quote: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    coverage: float = 0.0
    score: float = 0.0


def _article_sentences(article: Article, seen: set[str]) -> list[_Sentence]:
    title_words = split_words(article.title.casefold())
    title = " ".join(title_words) if len(title_words) >= 4 else ""
    sentences: list[_Sentence] = []
    for text in split_sentences(article.text[:MAX_TEXT_CHARS]):
        key = " ".join(split_words(text.casefold()))
        words = split_words(text)
        usable = (
            MIN_SENTENCE_CHARS <= len(text) <= MAX_SENTENCE_CHARS
            and len(words) >= 4
            and bool(_SENTENCE_END.search(text))
            and key not in seen
            and not (title and (key == title or key.startswith(title + " ")))
        )
        seen.add(key)
        sentences.append(_Sentence(text=text, terms=_terms(words), usable=usable))
    return sentences


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


def cut_quote(text: str, limit: int, keep: tuple[int, int] | None = None) -> str:
    """``text`` within ``limit`` characters, cut only between words, never inside a number or
    a quotation, with "…" where cut; the ``keep`` span (the answer) stays in."""
    if len(text) <= limit:
        return text
    start = 0
    if keep is not None and keep[1] > limit - 2:
        start = text.rfind(" ", 0, max(0, keep[0] - 40)) + 1  # start a little before it
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


def _highlight_span(spans: list[tuple[int, int]], text: str) -> tuple[int, int] | None:
    """The best answer span (the first given), merged with the spans right after it."""
    if not spans:
        return None
    start, end = spans[0]  # the best answer, then the ones right after it
    for a, b in sorted(s for s in set(spans) if s[0] >= end):
        if a - end > _MERGE_GAP or b - start > HIGHLIGHT_MAX:
            break
        end = max(end, b)
    if end - start > HIGHLIGHT_MAX:
        cut = text.rfind(" ", start, start + HIGHLIGHT_MAX)
        end = cut if cut > start else start + HIGHLIGHT_MAX
    return start, end


# -- selection --------------------------------------------------------------------------------


def _build_candidates(hits: Sequence[SearchHit]) -> list[_Candidate]:
    seen: set[str] = set()
    candidates: list[_Candidate] = []
    for rank, hit in enumerate(hits):
        sentences = _article_sentences(hit.article, seen)
        title_terms = _terms(split_words(hit.article.title))
        candidates.extend(
            _Candidate(hit.article, rank, sentences, i, title_terms)
            for i, s in enumerate(sentences)
            if s.usable
        )
    return candidates


def _weights(
    terms: Sequence[str],
    candidates: Sequence[_Candidate],
    frequencies: Mapping[str, int] | None,
    documents: int,
) -> dict[str, float]:
    """IDF of each question term: over the archive when its document counts are known, else
    over the candidate sentences. A term no article holds weighs the most."""
    if frequencies is not None and documents > 0:
        # A small archive is read as a sample of a larger one: a word in 1 of 5 articles is
        # not common, it is simply there.
        n, df = max(documents, MIN_DOCUMENTS), {t: frequencies.get(t, 0) for t in terms}
    else:
        n = len(candidates)
        df = {t: sum(1 for c in candidates if t in c.sentences[c.index].terms) for t in terms}
    return {t: math.log(1 + (n - min(df[t], n) + 0.5) / (df[t] + 0.5)) for t in terms}


def _coverage(
    c: _Candidate, idf: Mapping[str, float], in_article: set[str], points_to: _Sentence | None
) -> float:
    """The question's weight a candidate sentence holds, with partial credit for words found
    in the sentence it points back to, near it, in the title or elsewhere in the article."""
    sentence = c.sentences[c.index]
    nearby = set().union(*(x.terms for x in c.sentences[max(0, c.index - 2) : c.index + 3]))
    weight = 0.0
    for t, w in idf.items():
        if t in sentence.terms:
            weight += w
        elif points_to is not None and t in points_to.terms:
            weight += w * CONTEXT_WEIGHT
        elif t in nearby:
            weight += w * NEARBY_WEIGHT
        elif t in c.title_terms:
            weight += w * TITLE_WEIGHT
        elif t in in_article:
            weight += w * ARTICLE_WEIGHT
    return weight


def _answer_bonus(
    question: Question, quote: str, spans: list[tuple[int, int]], terms: set[str]
) -> float:
    """How much better a quote answers for the kind of answer it holds."""
    if not spans:
        return 1.0
    if question.unit:
        hit = any(unit_matches(question.unit, quote[a : b + 25]) for a, b in spans)
        return UNIT_BONUS if hit else 1.0
    if question.kind in _NAMED and any(
        _introduced(quote[max(0, a - 40) : a], terms) for a, _ in spans
    ):
        return CUE_BONUS
    if question.kind == REASON and _STRONG_REASON.search(quote):
        return REASON_BONUS
    if question.kind == DATE and all(_YEAR.fullmatch(quote[a:b]) for a, b in spans):
        return 1.0  # a bare year ("SEA Games 2017") is a weak date
    return TYPE_BONUS


def select_answers(
    question: Question,
    hits: Sequence[SearchHit],
    *,
    limit: int = 3,
    frequencies: Mapping[str, int] | None = None,
    documents: int = 0,
) -> list[Answer]:
    """The best quotes answering ``question`` from the hits' articles, best first; [] when
    none is good enough (see the module's docstring). ``frequencies`` (article counts of the
    question's terms) and ``documents`` (articles in the archive) weigh the words by how
    rare they are in the whole archive."""
    terms = sorted({t for t in _terms(question.focus) if t})
    if not terms or not hits or limit < 1:
        return []
    candidates = _build_candidates(hits)
    if not candidates:
        return []
    idf = _weights(terms, candidates, frequencies, documents)
    total = sum(idf.values())
    typed = question.kind in TYPED
    own = frozenset(w.lower() for w in question.focus) | frozenset(terms)
    article_terms: dict[int, set[str]] = {}
    for c in candidates:
        if c.article.id not in article_terms:
            article_terms[c.article.id] = set(c.title_terms).union(*(x.terms for x in c.sentences))

    def answers_in(text: str) -> list[tuple[int, int]]:
        return find_answer(question.kind, text, own)

    scored: list[_Candidate] = []
    for c in candidates:
        sentence = c.sentences[c.index]
        if not sentence.terms.intersection(terms):
            continue
        in_article = article_terms[c.article.id]
        if sum(idf[t] for t in terms if t in in_article) / total < MIN_ARTICLE_COVERAGE:
            continue
        previous = c.sentences[c.index - 1] if c.index > 0 else None
        refers_back = previous is not None and bool(_ANAPHORA.match(sentence.text))
        coverage = _coverage(c, idf, in_article, previous if refers_back else None) / total
        quote = sentence.text
        spans = answers_in(quote)
        type_factor = 1.0
        if refers_back and previous is not None:
            quote = f"{previous.text} {sentence.text}"
            spans = answers_in(quote)
        elif question.kind in _PAIRED and not spans and c.index + 1 < len(c.sentences):
            following = c.sentences[c.index + 1].text
            if answers_in(following) and len(following) <= MAX_SENTENCE_CHARS:
                quote = f"{sentence.text} {following}"
                spans = answers_in(quote)
                type_factor = NEXT_SENTENCE_FACTOR
        elif (
            question.kind in (PROCESS, REASON)
            and _ANNOUNCES.search(sentence.text)
            and c.index + 1 < len(c.sentences)
            and len(c.sentences[c.index + 1].text) <= MAX_SENTENCE_CHARS
        ):
            # "Ada tiga langkah untuk …" / "Caranya:": the steps follow.
            quote = f"{sentence.text} {c.sentences[c.index + 1].text}"
            spans = answers_in(quote)
        if typed and not spans:
            continue  # no answer of the asked type: not this one
        type_factor *= _answer_bonus(question, quote, spans, set(terms))
        c.quote, c.spans, c.coverage = quote, spans, coverage
        c.score = coverage * type_factor * (1 + 0.15 / (c.rank + 1))
        scored.append(c)
    if not scored:
        return []
    scored.sort(key=lambda c: c.score, reverse=True)
    best = scored[0]
    if best.coverage < MIN_COVERAGE:
        return []

    answers: list[Answer] = []
    per_article: Counter[int] = Counter()
    quoted: list[tuple[int, str]] = []
    for c in scored:
        if len(answers) >= limit or c.score < KEEP_SHARE * best.score:
            break
        if per_article[c.article.id] >= MAX_QUOTES_PER_ARTICLE:
            continue
        if any(aid == c.article.id and (c.quote in q or q in c.quote) for aid, q in quoted):
            continue  # the same sentence already quoted as part of a pair
        per_article[c.article.id] += 1
        quoted.append((c.article.id, c.quote))
        answers.append(_answer(c, answers_in if not answers else None))
    return answers


def _answer(c: _Candidate, answers_in: Callable[[str], list[tuple[int, int]]] | None) -> Answer:
    """The quote of a candidate; the answering words marked when ``answers_in`` is given."""
    full = drop_unpaired_quotes(c.quote)
    span = _highlight_span(answers_in(full), full) if answers_in else None
    text = cut_quote(full, QUOTE_MAX, span)
    words = None
    if span is not None:
        words = full[span[0] : span[1]].strip(" ,;:")
        if words not in text:
            words = None
    return Answer(
        sentence=text,
        highlight=words or None,
        title=c.article.title,
        url=c.article.url,
        outlet=c.article.outlet,
        published_at=c.article.published_at,
        score=round(c.score, 4),
        article_id=c.article.id,
        fetched_at=c.article.fetched_at,
    )


# -- the entry point --------------------------------------------------------------------------


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


_INDEX_TOKEN = re.compile(r"[^\W_]+")


def _frequencies(store: Store, terms: Sequence[str]) -> dict[str, int]:
    """Article counts of question terms; "e-ktp" counts as its rarest part ("e", "ktp")."""
    tokens = {t: _INDEX_TOKEN.findall(t.casefold()) for t in terms}
    counts = store.document_frequencies(sorted({x for parts in tokens.values() for x in parts}))
    return {t: min((counts.get(x, 0) for x in parts), default=0) for t, parts in tokens.items()}


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


def ask(store: Store, question: str, *, limit: int = 3, now: datetime | None = None) -> AskResult:
    """Answer ``question`` from the archive in ``store``: the one path of the bot, the CLI and
    the bench. ``now`` is accepted for callers that pin the clock (the ranking reads the
    store's own clock)."""
    text = " ".join(question.split())[:MAX_QUESTION]
    chat = small_talk(text)
    if chat is not None:
        return AskResult(question, False, [], "small_talk", small_talk=chat)
    understood = analyze(text)
    if not understood.focus:
        return AskResult(question, False, [], "not_found")
    understood = _as_archived(store, understood, text)
    hits = store.search(" ".join(understood.focus), limit=SEARCH_LIMIT)
    terms = sorted(_terms(understood.focus) | {stem(w) for w in understood.focus})
    frequencies = _frequencies(store, terms)
    answers = select_answers(
        understood,
        hits,
        limit=max(1, limit),
        frequencies=frequencies,
        documents=store.count_articles(),
    )
    found = bool(answers)
    return AskResult(
        question,
        found,
        answers,
        "answer" if found else "not_found",
        keyword=None if found else follow_keyword(understood, frequencies),
        search=None if found else search_words(understood),
    )


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


def _source(answer: Answer, tz: str) -> str:
    parts = [link(answer.url, shorten(answer.title, 150) or texts.UNTITLED)]
    if answer.outlet.strip():
        parts.append(escape(shorten(answer.outlet, 60)))
    when = answer.published_at or answer.fetched_at
    if when is not None:
        parts.append(escape(format_local_date(when, tz)))
    return texts.ANSWER_SOURCE.format(source=texts.SEPARATOR.join(parts))


def _group_block(group: Sequence[Answer], quote_max: int, tz: str) -> str:
    """The quotes of one article, then its one source line."""
    quotes = [f"<blockquote>{_quote_html(a, quote_max)}</blockquote>" for a in group]
    return "\n".join([*quotes, _source(group[0], tz)])


def render_answer(answers: Sequence[Answer], tz: str) -> str:
    """The reply: the quotes grouped by article, each group with one source line (linked
    title, outlet, date); the answering words of the first quote in bold. Within 4,096
    characters; the polite "no answer" text when there are no answers."""
    if not answers:
        return escape(texts.NO_ANSWER)
    message = ""
    for count in range(len(answers), 0, -1):  # drop the weakest quotes if still too long
        for quote_max in (QUOTE_MAX, 250):
            groups: dict[int, list[Answer]] = {}
            for item in answers[:count]:
                groups.setdefault(item.article_id, []).append(item)
            blocks = [_group_block(group, quote_max, tz) for group in groups.values()]
            message = "\n\n".join([escape(texts.ANSWER_HEADER), *blocks])
            if telegram_length(message) <= MAX_MESSAGE:
                return message
    return split_messages([message])[0]


def render_result(result: AskResult, tz: str) -> str:
    """The whole reply to a question: the answer, the small-talk reply, or the honest "not
    found" with a suggestion (the follow button goes under it: :func:`follow_keyword`)."""
    if result.kind == "small_talk":
        return texts.SMALL_TALK.get(result.small_talk or "", texts.SMALL_TALK["help"])
    if result.found:
        return render_answer(result.answers, tz)
    if not (result.search and result.keyword):
        return escape(texts.NO_ANSWER)
    suggestion = texts.NO_ANSWER_SUGGEST.format(
        query=escape(result.search), keyword=escape(result.keyword)
    )
    return f"{escape(texts.NO_ANSWER_SHORT)}\n\n{suggestion}"
