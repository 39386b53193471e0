"""Rank passages of many articles as answers to one question, with a learned model.

In an archive about one subject nearly every sentence shares words with a question: word
overlap finds the subject, not the answer. So every sentence of every retrieved article is a
candidate *passage* (the sentence with its neighbours), described by features of what the
question asks for (:data:`FEATURES`): how much of the question it holds and how close
together, whether it holds a value of the asked type near the asked words and with the asked
qualifiers ("kelas 2", "2021"), the cue words of a yes/no answer, a how-to or a reason, the
article's rank and date. A logistic model fitted on our own BPJS questions
(``bench/train_answer_ranker.py`` → ``data/answer_ranker.json``) turns them into the
probability that the passage answers. Pure functions: no network, no database.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources

from summaries.question import (
    CLASS,
    DATE,
    ENTITY,
    PERSON,
    PLACE,
    PROCESS,
    REASON,
    TYPED,
    YEAR,
    YES_NO,
    Question,
    class_number,
    find_answer,
    unit_matches,
)
from summaries.tokenize import split_sentences, split_words
from summaries.vocabulary import Concept, terms_of, word_stem

__all__ = [
    "CALIBRATION",
    "FEATURES",
    "Document",
    "Passage",
    "Ranker",
    "answer_value",
    "calibration_inputs",
    "concept_weights",
    "lead",
    "load_ranker",
    "passages",
    "quotable",
]

MIN_SENTENCE_CHARS = 25
MAX_SENTENCE_CHARS = 600
MAX_TEXT_CHARS = 30_000  # only the start of a (huge) article is read
WIDE_WEIGHT = 0.8  # ... only in the two sentences before or after (the wide window)
NEARBY_WEIGHT = 0.5  # a question word found only in the sentence before or after
TITLE_WEIGHT = 0.5  # ... only in the title
ARTICLE_WEIGHT = 0.25  # ... only elsewhere in the article
WIDE_ARTICLE_WEIGHT = 0.3  # the same, for the wide window's coverage
MAX_CANDIDATES = 120  # passages per question given the full features, by coverage
MIN_DOCUMENTS = 1000  # archive size below which word rarity is read as if it were this big

FEATURES: tuple[str, ...] = (
    "bias",
    "coverage_sentence",
    "coverage_quote",
    "coverage_passage",
    "coverage_wide",
    "coverage_article",
    "coverage_title",
    "rarest_missing",
    "proximity",
    "phrase",
    "rarest_held",
    "predicate",
    "typed_coverage",
    "typed_answer",
    "typed_in_sentence",
    "named_after_asked_word",
    "bare_year_only",
    "answer_near_words",
    "unit",
    "qualifier_match",
    "qualifier_conflict",
    "yes_no_cue",
    "condition_cue",
    "process_cue",
    "reason_cue",
    "points_back",
    "pair",
    "previous_coverage",
    "next_coverage",
    "novelty",
    "position",
    "newest",
    "search_rank",
    "length",
    "speech",
    "kind_typed",
    "kind_yes_no",
    "kind_process",
    "kind_reason",
)


@dataclass(frozen=True, slots=True)
class Document:
    """A retrieved article: its key (article id), text, search rank and news date."""

    key: int
    title: str
    text: str
    rank: int
    dated: datetime | None


@dataclass(slots=True)
class Passage:
    """One candidate answer: a sentence of a document (with the sentence it needs)."""

    document: Document
    index: int
    quote: str
    spans: list[tuple[int, int]]
    features: list[float] = field(default_factory=list)
    coverage: float = 0.0
    score: float = 0.0  # the model's linear score: ranks the passages of one question
    probability: float = 0.0


@dataclass(slots=True)
class _Sentence:
    text: str
    terms: frozenset[str]
    stems: tuple[str, ...]  # each word's stem in order ("" for a stop word)
    usable: bool


# -- what may be quoted -----------------------------------------------------------------------

_NOT_QUOTABLE = re.compile(
    r"\b(?:baca\s+(?:juga|pula)|simak\s+(?:juga|video|breaking)|tonton\s+(?:juga|video)|"
    r"infogra(?:fis|fik)|whatsapp\s+channel|google\s+news|klik\s+(?:di\s*)?sini|"
    r"download\s+aplikasi|unduh\s+aplikasi\s+\w+\s+(?:news|com)|follow\s+(?:us|akun)|"
    r"scroll\s+to\s+continue|advertisement|pilih\s+saluran|berita\s+pilihan\s+kami)\b"
    r"|https?://|www\.\w|\bfoto\s*:|\[gambas|<[a-z/][^>]*>|\{\{|\}\}",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")


def quotable(sentence: str) -> bool:
    """Whether a sentence may be quoted as an answer: a whole sentence of readable length,
    not a link prompt, caption, infographic, promotion or markup."""
    return (
        MIN_SENTENCE_CHARS <= len(sentence) <= MAX_SENTENCE_CHARS
        and len(split_words(sentence)) >= 4
        and bool(_SENTENCE_END.search(sentence))
        and not _NOT_QUOTABLE.search(sentence)
        and not sentence.rstrip("\"”’') ").endswith("?")  # the article asking, not answering
    )


@functools.lru_cache(maxsize=4096)
def _split(
    title: str, text: str
) -> tuple[tuple[str, str, frozenset[str], tuple[str, ...], bool], ...]:
    """An article's sentences as (text, folded key, stems, stems in order, quotable),
    cached: the same articles answer many questions."""
    title_key = " ".join(split_words(title.casefold()))
    out = []
    for sentence in split_sentences(text[:MAX_TEXT_CHARS]):
        key = " ".join(split_words(sentence.casefold()))
        usable = quotable(sentence) and not (
            len(title_key) > 20 and (key == title_key or key.startswith(title_key + " "))
        )
        words = split_words(sentence)
        out.append((sentence, key, terms_of(words), tuple(map(word_stem, words)), usable))
    return tuple(out)


def _sentences(document: Document, seen: set[str]) -> list[_Sentence]:
    """The document's sentences; one already seen in another document is not quoted twice."""
    out: list[_Sentence] = []
    for text, key, terms, stems, usable in _split(document.title, document.text):
        out.append(_Sentence(text, terms, stems, usable and key not in seen))
        seen.add(key)
    return out


# -- cues ---------------------------------------------------------------------------------------

_ANAPHORA = re.compile(
    r"^\W*(?:ia|dia|hal (?:itu|ini|tersebut)|tersebut|mereka|beliau|namun|sementara itu|"
    r"selain itu|adapun|(?:oleh )?(?:karena|sebab) itu|untuk itu|akibatnya|maka|"
    r"(?:[^\W\d_]+\s){1,3}(?:tersebut|itu))\b",
    re.IGNORECASE,
)
_YES_NO_CUE = re.compile(
    r"\b(?:tidak|tak|belum|bukan|tanpa|dilarang|bisa|dapat|boleh|wajib|harus|tetap|"
    r"ditanggung|dijamin|menanggung|menjamin|dicover|gratis|berhak|termasuk|dikecualikan|"
    r"hoaks|hoax|benar|resmi)\b",
    re.IGNORECASE,
)
_CONDITION_CUE = re.compile(
    r"\b(?:jika|apabila|bila|asalkan|asal|selama|dengan syarat|sepanjang|kecuali|"
    r"sesuai (?:ketentuan|indikasi)|indikasi medis|hanya)\b",
    re.IGNORECASE,
)
_PROCESS_CUE = re.compile(
    r"\b(?:melalui|lewat|via|dengan cara|caranya|cara|langkah|tahap|syarat|persyaratan|"
    r"mendaftar|mengisi|mengunggah|membawa|mengakses|datang ke|mengunjungi|aplikasi|laman|"
    r"situs|kemudian|selanjutnya|lalu|pertama|kedua|terakhir|klik|pilih|masukkan|siapkan|"
    r"lampirkan|dokumen)\b",
    re.IGNORECASE,
)
_REASON_CUE = re.compile(
    r"\b(?:karena|dikarenakan|sebab|disebabkan|akibat|lantaran|dipicu|alasan|alasannya|"
    r"imbas|mengingat|agar|supaya|guna|untuk memastikan|untuk mencegah|untuk menghindari|"
    r"bertujuan|tujuannya)\b(?!\s+itu\b)",
    re.IGNORECASE,
)
_ANNOUNCES = re.compile(
    r"(?:\b(?:ada|terdapat|berikut|beberapa|sejumlah)\b.*\b(?:cara|langkah|tips|tahap|hal|"
    r"syarat|dokumen|alasan|penyebab|faktor)\b|\b(?:caranya|berikut ini|sebagai berikut|"
    r"antara lain|di antaranya|yakni|yaitu)\b|:\W*$)",
    re.IGNORECASE,
)
_SPEECH = re.compile(r"^[\"“]|[\"”],?\s+(?:kata|ujar|ungkap|tutur|jelas|tegas|sebut)", re.I)


@dataclass(frozen=True, slots=True)
class _Qualifiers:
    classes: frozenset[str]
    years: frozenset[str]

    @classmethod
    def of(cls, text: str) -> _Qualifiers:
        return cls(
            frozenset(class_number(m) for m in CLASS.finditer(text)), frozenset(YEAR.findall(text))
        )

    def __bool__(self) -> bool:
        return bool(self.classes or self.years)


# -- weights ------------------------------------------------------------------------------------


def concept_weights(
    concepts: Sequence[Concept], frequencies: Mapping[str, int], documents: int
) -> dict[str, float]:
    """IDF of each concept (by its typed form): its most used form's article count, a form
    counting as its rarest stem. A concept no article holds weighs the most."""
    n = max(documents, MIN_DOCUMENTS)
    weights: dict[str, float] = {}
    for concept in concepts:
        df = max(
            (min((frequencies.get(t, 0) for t in form), default=0) for form in concept.forms),
            default=0,
        )
        weights[concept.typed] = math.log(1 + (n - min(df, n) + 0.5) / (df + 0.5))
    return weights


# -- features -----------------------------------------------------------------------------------


def _proximity(words: Sequence[str], concepts: Sequence[Concept]) -> float:
    """1 when the question's words held by a sentence (its stems in order) stand together,
    less when spread."""
    positions = []
    for concept in concepts:
        stems = concept.stems
        hits = [i for i, w in enumerate(words) if w in stems]
        if hits:
            positions.append(hits[0])
    if len(positions) < 2:
        return 1.0 if positions else 0.0
    spread = max(positions) - min(positions) + 1
    return len(positions) / spread


def _phrase(stems: Sequence[str], pairs: Sequence[tuple[str, str]]) -> float:
    """Share of the question's adjacent word pairs a sentence (its stems in order) also has
    side by side."""
    if not pairs:
        return 0.0
    present = set(itertools.pairwise(stems))
    return sum(1 for pair in pairs if pair in present) / len(pairs)


def _near(quote: str, spans: list[tuple[int, int]], concepts: Sequence[Concept]) -> float:
    """How close the first answer span is to a word of the question (1 adjacent, → 0 far)."""
    if not spans:
        return 0.0
    start, end = spans[0]
    stems = frozenset().union(*(c.stems for c in concepts)) if concepts else frozenset()
    best = len(quote)
    for m in re.finditer(r"[^\W_]+(?:-[^\W_]+)*", quote):
        if word_stem(m.group()) in stems:
            gap = start - m.end() if m.end() <= start else m.start() - end
            best = min(best, max(0, gap))
    return 1 / (1 + best / 40)


_DIGITS = re.compile(r"\d+")
_PREDICATE = re.compile(
    r"^(?:di|me|ber|ter|ke)\w{3,}$|^(?:bisa|dapat|boleh|wajib|harus|naik|turun|cair)$"
)


def _coverage(
    concepts: Sequence[Concept],
    weights: Mapping[str, float],
    found: tuple[Sequence[Concept], frozenset[str], Sequence[Concept]],
    around: frozenset[str],
    around_weight: float,
    article_weight: float,
) -> float:
    """The question's words a passage holds, weighted by rarity: in the sentence itself in
    full, around it (``around``), in the title, or elsewhere in the article for less.
    ``found``: the concepts the sentence holds, the title's terms, those the article holds."""
    held, title_terms, held_article = found
    covered = 0.0
    for c in concepts:
        w = weights[c.typed]
        if c in held:
            covered += w
        elif c.held_by(around):
            covered += w * around_weight
        elif c.held_by(title_terms):
            covered += w * TITLE_WEIGHT
        elif c in held_article:
            covered += w * article_weight
    return covered


def _predicates(concepts: Sequence[Concept]) -> list[Concept]:
    """The concepts that are acts ("ditanggung", "dicairkan", "mendaftar", "naik")."""
    return [c for c in concepts if " " not in c.typed and _PREDICATE.match(c.typed)]


def _answer_spans(question: Question, text: str, own: frozenset[str]) -> list[tuple[int, int]]:
    """Answer spans of the asked type, leaving out values the question itself names (the
    year in "lebaran 2023 buka tgl brp", the "64/2020" of a regulation)."""
    spans = find_answer(question.kind, text, own)
    if question.kind not in TYPED:
        return spans
    asked = set(_DIGITS.findall(question.text))
    if not asked:
        return spans
    kept = []
    for a, b in spans:
        digits = set(_DIGITS.findall(text[a:b]))
        if not digits or not digits <= asked:
            kept.append((a, b))
    return kept


_NAMING_CUES = frozenset(
    [
        *("oleh", "bernama", "yakni", "yaitu", "adalah", "ialah", "dipimpin", "kata", "ujar"),
        *("asal", "di", "ke", "dari", "kepada"),
    ]
)


def _introduced(before: str, own: frozenset[str]) -> bool:
    """Whether the words just before a name introduce it: a word of the question ("pelatih
    Martin Schmidt" for "siapa pelatih …") or a naming cue ("bernama", "oleh")."""
    words = split_words(before)[-3:]
    return any(w.lower() in _NAMING_CUES or terms_of([w]) & own for w in words)


def _held_share(
    sentences: Sequence[_Sentence],
    index: int,
    concepts: Sequence[Concept],
    weights: Mapping[str, float],
) -> float:
    """The question's weight the sentence at ``index`` holds (0 outside the article)."""
    if not 0 <= index < len(sentences):
        return 0.0
    terms = sentences[index].terms
    return sum(weights[c.typed] for c in concepts if c.held_by(terms))


def passages(
    question: Question,
    concepts: Sequence[Concept],
    documents: Sequence[Document],
    weights: Mapping[str, float],
) -> list[Passage]:
    """Every usable sentence of ``documents`` holding a word of the question, as a passage
    with its features (best coverage first; at most ``MAX_CANDIDATES``)."""
    total = sum(weights.values())
    if not concepts or not documents or total <= 0:
        return []
    seen: set[str] = set()
    asked = _Qualifiers.of(question.text)
    own = frozenset(w.lower() for w in question.focus) | frozenset().union(
        *(c.stems for c in concepts)
    )
    dated = sorted({d.dated for d in documents if d.dated is not None})
    rarest = max(weights.values())
    top = sorted(concepts, key=lambda c: weights[c.typed], reverse=True)[:2]
    asked_stems = [word_stem(w) for w in question.focus]
    pairs = [(a, b) for a, b in itertools.pairwise(asked_stems) if a and b]
    acts = _predicates(concepts)
    candidates: list[tuple[float, Passage, list[_Sentence], frozenset[str], float, float]] = []
    for document in documents:
        sentences = _sentences(document, seen)
        title_terms = terms_of(split_words(document.title))
        article_terms = title_terms.union(*(s.terms for s in sentences))
        held_article = [c for c in concepts if c.held_by(article_terms)]
        coverage_article = sum(weights[c.typed] for c in held_article) / total
        missing = [weights[c.typed] for c in concepts if c not in held_article]
        rarest_missing = max(missing, default=0.0) / rarest if rarest else 0.0
        coverage_title = sum(weights[c.typed] for c in concepts if c.held_by(title_terms)) / total
        for i, sentence in enumerate(sentences):
            if not sentence.usable:
                continue
            held = [c for c in concepts if c.held_by(sentence.terms)]
            if not held:
                continue
            nearby = frozenset().union(*(s.terms for s in sentences[max(0, i - 1) : i + 2]))
            cov_s = sum(weights[c.typed] for c in held) / total
            found = (held, title_terms, held_article)
            cov_p = _coverage(concepts, weights, found, nearby, NEARBY_WEIGHT, ARTICLE_WEIGHT)
            cov_p /= total
            wide = frozenset().union(*(s.terms for s in sentences[max(0, i - 2) : i + 3]))
            cov_w = _coverage(concepts, weights, found, wide, WIDE_WEIGHT, WIDE_ARTICLE_WEIGHT)
            cov_w /= total
            passage = Passage(document, i, sentence.text, [], coverage=cov_p)
            candidates.append(
                (cov_p, passage, sentences, article_terms, coverage_article, coverage_title)
            )

            asked_terms = frozenset().union(*(c.stems for c in held))
            novelty = len(sentence.terms - asked_terms) / max(1, len(sentence.terms))
            passage.features = [  # completed below
                cov_s,
                rarest_missing,
                _held_share(sentences, i - 1, concepts, weights) / total,
                _held_share(sentences, i + 1, concepts, weights) / total,
                novelty,
                i / max(1, len(sentences) - 1),
                cov_w,
            ]
    candidates.sort(key=lambda c: c[0], reverse=True)
    out: list[Passage] = []
    for cov_p, passage, sentences, _article_terms, cov_a, cov_t in candidates:
        if len(out) >= MAX_CANDIDATES:
            break
        cov_s, rarest_missing, previous_cov, next_cov, novelty, position, cov_w = passage.features
        _build_quote(question, passage, sentences, own)
        if question.kind in TYPED and not passage.spans:
            continue  # no figure, date, name or place: not an answer
        document = passage.document
        line = sentences[passage.index].text
        sentence_terms = sentences[passage.index].terms
        quote = passage.quote
        spans = passage.spans
        typed = question.kind in TYPED
        in_sentence = typed and bool(_answer_spans(question, line, own))
        here = _Qualifiers.of(quote)
        context = _Qualifiers.of(f"{document.title} {document.text[:2000]}")
        if document.dated is not None:
            context = _Qualifiers(context.classes, context.years | {str(document.dated.year)})
        match = conflict = 0.0
        if asked:
            wanted = len(asked.classes) + len(asked.years)
            got = len(asked.classes & here.classes) + len(
                asked.years & (here.years | context.years)
            )
            match = got / wanted
            conflict = float(
                bool(asked.classes and here.classes and not asked.classes & here.classes)
                or bool(asked.years and here.years and not asked.years & (here.years))
            )
        newest = 0.5
        if document.dated is not None and len(dated) > 1:
            newest = dated.index(document.dated) / (len(dated) - 1)
        kind = question.kind
        quote_terms = terms_of(split_words(quote)) if quote != line else sentence_terms
        cov_q = sum(weights[c.typed] for c in concepts if c.held_by(quote_terms)) / total
        passage.features = [
            1.0,
            cov_s,
            cov_q,
            cov_p,
            cov_w,
            cov_a,
            cov_t,
            rarest_missing,
            _proximity(sentences[passage.index].stems, concepts),
            _phrase(sentences[passage.index].stems, pairs),
            sum(1 for c in top if c.held_by(sentence_terms)) / len(top),
            (sum(1 for c in acts if c.held_by(sentence_terms)) / len(acts)) if acts else 0.5,
            cov_s * float(bool(spans)),
            float(typed and bool(spans)),
            float(in_sentence),
            float(
                kind in (PERSON, PLACE, ENTITY)
                and any(_introduced(quote[max(0, a - 40) : a], own) for a, _ in spans)
            ),
            float(
                kind == DATE and bool(spans) and all(YEAR.fullmatch(quote[a:b]) for a, b in spans)
            ),
            _near(quote, spans, concepts) if typed else 0.0,
            float(
                bool(question.unit)
                and any(unit_matches(question.unit or "", quote[a : b + 25]) for a, b in spans)
            ),
            match,
            conflict,
            float(kind == YES_NO and bool(_YES_NO_CUE.search(quote))),
            float(kind == YES_NO and bool(_CONDITION_CUE.search(quote))),
            float(kind == PROCESS) * min(1.0, len(_PROCESS_CUE.findall(quote)) / 2),
            float(kind == REASON and bool(_REASON_CUE.search(quote))),
            float(bool(_ANAPHORA.match(line))),
            float(quote != line),
            previous_cov,
            next_cov,
            novelty,
            position,
            newest,
            1 / (1 + document.rank),
            min(1.0, len(quote) / 300),
            float(bool(_SPEECH.search(line))),
            float(typed),
            float(kind == YES_NO),
            float(kind == PROCESS),
            float(kind == REASON),
        ]
        out.append(passage)
    return out


def _build_quote(
    question: Question, passage: Passage, sentences: list[_Sentence], own: frozenset[str]
) -> None:
    """The quote of a passage: the sentence; with the one before when it points back to it;
    with the one after when only that holds the asked value, or when the sentence announces
    steps, a list or a reason that follow."""
    i = passage.index
    sentence = sentences[i].text
    quote = sentence
    spans = _answer_spans(question, quote, own)
    following = sentences[i + 1] if i + 1 < len(sentences) else None
    if i > 0 and _ANAPHORA.match(sentence) and len(sentences[i - 1].text) <= MAX_SENTENCE_CHARS:
        quote = f"{sentences[i - 1].text} {sentence}"
        spans = _answer_spans(question, quote, own)
    elif (
        question.kind in (*TYPED, REASON, PROCESS)
        and not spans
        and following is not None
        and following.usable
        and _answer_spans(question, following.text, own)
    ) or (
        question.kind in (PROCESS, REASON)
        and _ANNOUNCES.search(sentence)
        and following is not None
        and len(following.text) <= MAX_SENTENCE_CHARS
    ):
        quote = f"{sentence} {following.text}"
        if question.kind == PROCESS:
            quote = _with_steps(quote, sentences, i + 2)
        spans = _answer_spans(question, quote, own)
    elif (
        question.kind == PROCESS
        and following is not None
        and (following.text.rstrip().endswith(":") or _ANNOUNCES.search(following.text))
        and len(following.text) <= MAX_SENTENCE_CHARS
    ):
        # "… lewat aplikasi JMO. Caranya sebagai berikut: 1. … 2. …"
        quote = _with_steps(f"{sentence} {following.text}", sentences, i + 2)
        spans = _answer_spans(question, quote, own)
    passage.quote, passage.spans = quote, spans


_STEP = re.compile(r"^\W{0,2}(?:\d{1,2}[.)]|[-•–]|[a-h][.)]\s)")
MAX_STEPS_QUOTED = 6
MAX_STEPS_CHARS = 700


def _with_steps(quote: str, sentences: Sequence[_Sentence], start: int) -> str:
    """A how-to quote continued through the list items that follow it ("1. Buka aplikasi
    …", "2. Pilih menu …"), as long as they look like steps."""
    for item in sentences[start : start + MAX_STEPS_QUOTED]:
        if not _STEP.match(item.text) or len(quote) + len(item.text) > MAX_STEPS_CHARS:
            break
        quote = f"{quote} {item.text}"
    return quote


# -- the model ----------------------------------------------------------------------------------


CALIBRATION: tuple[str, ...] = (
    "score",
    "lead",
    "coverage_sentence",
    "coverage_passage",
    "coverage_article",
    "typed_answer",
    "kind_typed",
    "kind_yes_no",
    "kind_process",
    "kind_reason",
    "constant",
)
"""What the confidence in the best passage is read from: its score and lead over the
next, how much of the question it and its article hold, and the asked kind."""


def calibration_inputs(score: float, lead: float, features: Sequence[float]) -> list[float]:
    """The values of :data:`CALIBRATION` for a passage."""
    named = dict(zip(FEATURES, features, strict=True))
    values = {"score": score, "lead": min(MAX_LEAD, lead), "constant": 1.0}
    return [values[n] if n in values else named[n] for n in CALIBRATION]


@dataclass(frozen=True, slots=True)
class Ranker:
    """The fitted model: a linear score of a passage's features (which ranks the passages of
    one question), and a calibration (:data:`CALIBRATION`) into the probability that the
    best one answers, with the probability an answer needs."""

    weights: tuple[float, ...]
    calibration: tuple[float, ...]
    answer_threshold: float
    related_threshold: float  # article coverage above which titles are offered as related

    def score(self, features: Sequence[float]) -> float:
        return sum(w * x for w, x in zip(self.weights, features, strict=True))

    def rank(self, candidates: list[Passage]) -> list[Passage]:
        """The candidates best first; the first with the probability that it answers (the
        answer's confidence), the others with their share of it by score."""
        scored = sorted(((self.score(p.features), p) for p in candidates), key=lambda x: -x[0])
        ranked = [p for _, p in scored]
        for value, passage in scored:
            passage.score = value
        if ranked:
            best = ranked[0]
            inputs = calibration_inputs(best.score, lead(ranked), best.features)
            z = sum(w * x for w, x in zip(self.calibration, inputs, strict=True))
            best.probability = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            for p in ranked[1:]:
                p.probability = best.probability * math.exp(min(0.0, p.score - best.score))
        return ranked


MAX_LEAD = 5.0


def answer_value(passage: Passage) -> str:
    """The passage's first answer value, folded ("Rp42.000" → "rp42000"); "" when none."""
    if not passage.spans:
        return ""
    a, b = passage.spans[0]
    return re.sub(r"\W+", "", passage.quote[a:b].casefold())


def lead(ranked: Sequence[Passage]) -> float:
    """How far the best passage scores above its first real rival: a passage quoting other
    sentences with another answer (the same sentence quoted with its neighbour, or the same
    value from elsewhere, agrees with it rather than competes)."""
    if not ranked:
        return 0.0
    best = ranked[0]
    sentence = best.quote
    value = answer_value(best)
    for p in ranked[1:]:
        same_text = p.document.key == best.document.key and (
            sentence in p.quote or p.quote in sentence
        )
        if same_text or (value and answer_value(p) == value):
            continue
        return min(MAX_LEAD, best.score - p.score)
    return MAX_LEAD


@functools.cache
def load_ranker() -> Ranker:
    """The model of ``data/answer_ranker.json`` (written by bench/train_answer_ranker.py)."""
    text = resources.files("summaries").joinpath("data/answer_ranker.json").read_text("utf-8")
    data = json.loads(text)
    names = tuple(data["features"])
    if names != FEATURES:
        raise ValueError("answer_ranker.json was fitted on other features: refit it")
    if tuple(data["calibration_inputs"]) != CALIBRATION:
        raise ValueError("answer_ranker.json was calibrated on other inputs: refit it")
    return Ranker(
        weights=tuple(float(w) for w in data["weights"]),
        calibration=tuple(float(v) for v in data["calibration"]),
        answer_threshold=float(data["answer_threshold"]),
        related_threshold=float(data["related_threshold"]),
    )
