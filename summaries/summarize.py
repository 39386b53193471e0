"""Extractive Indonesian news summarizer: a few bullet sentences per article."""

from __future__ import annotations

import functools
import html
import json
import logging
import re
from collections import Counter
from collections.abc import Callable
from importlib import resources
from typing import Any

import numpy as np

from summaries.clauses import cut
from summaries.clean import clean_text, strip_dateline
from summaries.features import FEATURE_NAMES, Candidate, sentence_features
from summaries.standalone import Repair, find_opener, repair
from summaries.stem import STOP_WORDS, Stemmer, content_stems
from summaries.tokenize import IndonesianTokenizer, split_sentences, split_words

__all__ = [
    "BULLET_LIMIT",
    "BULLET_MAX",
    "DEFAULT_BULLETS",
    "MAX_BULLETS",
    "MAX_INPUT_CHARS",
    "MAX_SENTENCES",
    "METHODS",
    "SummaryError",
    "prepare",
    "select",
    "select_bullets",
    "summarize",
]

logger = logging.getLogger(__name__)

DEFAULT_BULLETS = 3
MAX_BULLETS = 5
# Work caps: only the first MAX_INPUT_CHARS characters of the raw text are cleaned and split,
# and only the first MAX_SENTENCES sentences are scored (news puts the gist up front).
MAX_INPUT_CHARS = 40_000
MAX_SENTENCES = 60
# Two sentences whose word sets share more than this fraction (of the smaller set) are
# near-duplicates; only the better-scored one is kept.
DUPLICATE_OVERLAP = 0.6
# A "sentence" longer than this many words is re-split on line breaks, then chunked.
_LONG_RUN_WORDS = 80
_CHUNK_WORDS = 40
_MIN_WORDS = 4
# A bullet longer than BULLET_LIMIT characters is cut at a clause boundary when it has one;
# a sentence still longer than BULLET_MAX is taken only when there is nothing else.
BULLET_LIMIT = 200
BULLET_MAX = 300
# Selection prefers sentences that fit: a sentence that must be cut to BULLET_LIMIT loses
# CUT_PENALTY from its score, one that stays over it OVER_PENALTY (the scorer's log-odds
# units; chosen on dev, see bench/README.md).
CUT_PENALTY = 0.5
OVER_PENALTY = 1.0

_MODEL_FILE = "warta_scorer.json"
_TAG = re.compile(r"<[^>]{0,2000}>")
_WORD = re.compile(r"\w", re.UNICODE)
_SPACE = re.compile(r"\s+")
_FINAL = ".!?…\"”’')]"
# A sentence that is only a link, maybe after a label: "Video: https://youtu.be/x".
_LINK_LINE = re.compile(r"(?:[^\s:]{1,30}(?:\s[^\s:]{1,30}){0,3}\s*:\s*)?(?:https?://|www\.)\S+")


class SummaryError(ValueError):
    """Raised when a text has nothing that can be summarized."""


def _strip_markup(text: str) -> str:
    """Remove HTML tags and decode entities (cheap pre-pass before clean_text)."""
    if "<" in text:
        text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", text)
        text = re.sub(r"(?i)<\s*(br|/p|/div|/li|/h\d)\b[^>]*>", "\n\n", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def _truncate(text: str, limit: int) -> str:
    """Cut text to at most limit characters, at a line or word break when possible."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", limit // 2, limit)
    if cut < 0:
        cut = text.rfind(" ", limit // 2, limit)
    return text[: cut if cut > 0 else limit]


def _pieces(sentence: str) -> list[str]:
    """Split an over-long run (text without punctuation) into line or word chunks."""
    words = sentence.split()
    if len(words) <= _LONG_RUN_WORDS:
        return [sentence]
    out: list[str] = []
    for line in sentence.splitlines():
        lw = line.split()
        if not lw:
            continue
        if len(lw) <= _LONG_RUN_WORDS:
            out.append(line.strip())
        else:
            out.extend(" ".join(lw[i : i + _CHUNK_WORDS]) for i in range(0, len(lw), _CHUNK_WORDS))
    return out


def _words(sentence: str) -> list[str]:
    """Lower-cased word tokens (letters or digits) of a sentence."""
    return [w.lower() for w in split_words(sentence) if _WORD.search(w)]


def prepare(text: str, title: str | None = None) -> list[Candidate]:
    """Clean, split and annotate the text into candidate sentences (capped at MAX_SENTENCES)."""
    if not isinstance(text, str) or not _WORD.search(text):
        raise SummaryError("Nothing to summarize: the text is empty or has no words.")
    raw = _strip_markup(_truncate(text, MAX_INPUT_CHARS))
    cleaned = clean_text(raw, title=title)
    if not _WORD.search(cleaned):
        cleaned = raw
    cands: list[Candidate] = []
    paragraphs = [p for p in re.split(r"\n\s*\n", cleaned) if p.strip()]
    for p_idx, para in enumerate(paragraphs):
        pos = 0
        for sent in split_sentences(para):
            for piece in _pieces(sent):
                piece = _SPACE.sub(" ", piece).strip()
                if pos == 0:
                    piece = strip_dateline(piece).strip()
                words = _words(piece)
                if not words:
                    continue
                cands.append(Candidate(piece, len(cands), p_idx, pos, words, content_stems(piece)))
                pos += 1
                if len(cands) >= MAX_SENTENCES:
                    return cands
    if not cands:
        raise SummaryError("Nothing to summarize: no sentence with words was found.")
    return cands


def _overlap(a: set[str], b: set[str]) -> float:
    """Shared fraction of the smaller word set."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _is_lead_in(text: str) -> bool:
    """Whether a sentence only introduces what follows ("… sebagai berikut:", "Video: https://…")."""
    text = text.rstrip()
    return text.endswith(":") or _LINK_LINE.fullmatch(text) is not None


def select(cands: list[Candidate], scores: np.ndarray | list[float], k: int) -> list[Candidate]:
    """Pick the k best-scored candidates without near-duplicates, in article order.

    Short sentences and lead-ins (a colon at the end, a bare link) are taken only when there
    is nothing else.
    """
    order = sorted(range(len(cands)), key=lambda i: (-float(scores[i]), i))
    chosen: list[int] = []
    sets: list[set[str]] = []
    for strict in (True, False):
        min_words = _MIN_WORDS if strict else 1
        for i in order:
            if len(chosen) >= k:
                break
            c = cands[i]
            if i in chosen or len(c.words) < min_words or (strict and _is_lead_in(c.text)):
                continue
            ws = set(c.words)
            if any(_overlap(ws, s) > DUPLICATE_OVERLAP for s in sets):
                continue
            chosen.append(i)
            sets.append(ws)
    return [cands[i] for i in sorted(chosen)]


def _in_any(i: int, chosen: dict[int, tuple[int, str, set[str]]], firsts: list[int]) -> bool:
    """Whether sentence i lies in one of the chosen bullets that start at ``firsts``."""
    return any(f <= i <= chosen[f][0] for f in firsts)


def _stands_alone(text: str) -> bool:
    """Whether a shortened text still opens without a connective or back-pointing word."""
    return find_opener(text) is None


def select_bullets(
    cands: list[Candidate],
    scores: np.ndarray | list[float],
    k: int,
    limit: int | None = BULLET_LIMIT,
    counts: Counter[str] | None = None,
) -> list[str]:
    """Pick up to k bullets that stand alone: best-scored first, shown in article order.

    Like ``select``, but each sentence is repaired first (``summaries.standalone``: no opening
    connective or back-pointing pronoun, maybe joined with the sentence before) and a sentence
    longer than ``limit`` characters is cut at a clause boundary (``summaries.clauses``;
    ``None``: never cut). Sentences that need a cut, or stay over ``limit``, are ranked lower
    (CUT_PENALTY, OVER_PENALTY), so cuts happen only where the best sentences need them. A
    sentence that cannot be made to stand alone is taken only right after the bullet that
    ends with the sentence it leans on, or when there is nothing else; one over BULLET_MAX
    characters only when there is nothing else. ``counts``, when given, is updated with how
    each bullet was made (``_how``) and why sentences were passed over.
    """

    def shorten(text: str, most: int | None = limit) -> str:
        if most is None or len(text) <= most:
            return text
        # A part joined after its antecedent may keep its back-pointing opener.
        accept = _stands_alone if find_opener(text) is None else lambda short: True
        return cut(text, most, accept=accept)

    adjusted = np.array(scores, dtype=np.float64)
    if limit is not None:
        for i, c in enumerate(cands):
            if len(c.text) > limit:
                adjusted[i] -= OVER_PENALTY if len(shorten(c.text)) > limit else CUT_PENALTY
    order = sorted(range(len(cands)), key=lambda i: (-float(adjusted[i]), i))
    chosen: dict[int, tuple[int, str, set[str]]] = {}  # first index -> (last, text, words)
    hows: dict[int, str] = {}

    def covered(i: int) -> bool:
        return any(first <= i <= last for first, (last, _, _) in chosen.items())

    for strict in (True, False):
        min_words = _MIN_WORDS if strict else 1
        for i in order:
            if len(chosen) >= k:
                break
            c = cands[i]
            if covered(i) or len(c.words) < min_words or (strict and _is_lead_in(c.text)):
                continue
            fixed = repair(cands, i, join=strict, shorten=shorten)
            text = shorten(fixed.text) if fixed.first == fixed.last else fixed.text
            # A sentence that leans on the one before may follow it when that one is a bullet.
            follows = any(last == i - 1 for last, _, _ in chosen.values())
            if strict and ((not fixed.standalone and not follows) or len(text) > BULLET_MAX):
                if counts is not None:
                    counts["passed over: " + ("leans" if not fixed.standalone else "too long")] += 1
                continue
            ws = {w for j in range(fixed.first, fixed.last + 1) for w in cands[j].words}
            # A join may take in a sentence already chosen on its own: it replaces that bullet.
            inside = [f for f, (last, _, _) in chosen.items() if fixed.first <= f <= last <= i]
            if any(covered(j) for j in range(fixed.first, i) if not _in_any(j, chosen, inside)):
                continue
            others = [s for f, (_, _, s) in chosen.items() if f not in inside]
            if any(_overlap(ws, s) > DUPLICATE_OVERLAP for s in others):
                continue
            for f in inside:
                del chosen[f]
            chosen[fixed.first] = (fixed.last, text, ws)
            hows[fixed.first] = _how(c.text, fixed, text, strict)
    if counts is not None:
        counts.update(hows[first] for first in chosen)
    return [_bullet(chosen[first][1]) for first in sorted(chosen)]


def _how(sentence: str, fixed: Repair, text: str, strict: bool) -> str:
    """How a bullet was made from its sentence (for the bench's counts)."""
    opener = find_opener(sentence)
    if fixed.first != fixed.last:
        how = "joined"
    elif not fixed.standalone:
        how = "leaning, after its antecedent" if strict else "leaning"
    elif opener is not None:
        how = "connective dropped" if opener.kind == "connective" else "pronoun named"
    else:
        how = "as is"
    if fixed.first == fixed.last and text != fixed.text:
        how += ", cut"
    if len(text) > BULLET_LIMIT:
        how += ", over limit"
    return how if strict else how + " (fallback)"


def _balance_quotes(text: str) -> str:
    """Close or open the quotation a sentence split out of a longer quote leaves unbalanced.

    '"Kami siap.' gets its closing quote; 'Kami menang," kata Budi.' gets its opening one.
    """
    opening, closing = text.count("“"), text.count("”")
    if opening > closing:
        text += "”"
    elif closing > opening:
        text = "“" + text
    if text.count('"') % 2:
        first = text.index('"')
        opens = (first == 0 or text[first - 1] in " ([") and text[first + 1 : first + 2].strip()
        text = text + '"' if opens else '"' + text
    return text


def _bullet(text: str) -> str:
    """Format one sentence as a bullet: single spaces, final punctuation, balanced quotes."""
    text = _SPACE.sub(" ", text).strip()
    if text.endswith(":"):
        text = text[:-1].rstrip()
    if text and text[-1] not in _FINAL:
        text += "."
    return _balance_quotes(text) if text else text


@functools.cache
def _model() -> tuple[float, list[tuple[int, np.ndarray, np.ndarray]]]:
    """Load the shipped boosted-stump scorer once: bias and (feature, cut points, values)."""
    data = json.loads(resources.files("summaries").joinpath("data", _MODEL_FILE).read_text("utf-8"))
    if tuple(data["features"]) != FEATURE_NAMES:
        raise RuntimeError(f"{_MODEL_FILE} does not match summaries.features.FEATURE_NAMES")
    parts = [
        (j, np.asarray(edges, dtype=np.float64), np.asarray(values, dtype=np.float64))
        for j, (edges, values) in enumerate(zip(data["edges"], data["values"], strict=True))
        if any(values)
    ]
    return float(data["bias"]), parts


def warta_scores(cands: list[Candidate], title: str | None = None) -> np.ndarray:
    """Score candidates with the shipped model (higher is more summary-worthy)."""
    bias, parts = _model()
    title_stems = content_stems(title) if title and title.strip() else None
    x = sentence_features(cands, title_stems)
    scores = np.full(len(cands), bias)
    for j, edges, values in parts:
        scores += values[np.searchsorted(edges, x[:, j], side="right")]
    return scores


def _rank_warta(cands: list[Candidate], title: str | None) -> np.ndarray:
    """Scores of the default supervised method."""
    return warta_scores(cands, title)


def _rank_lead(cands: list[Candidate], title: str | None) -> np.ndarray:
    """Scores that prefer earlier sentences."""
    return -np.arange(len(cands), dtype=np.float64)


@functools.cache
def _sumy_summarizer(name: str) -> Any:
    """Build a sumy summarizer with our stemmer and stop words."""
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "sumbasic": SumBasicSummarizer,
    }
    summarizer = classes[name](Stemmer())
    summarizer.stop_words = STOP_WORDS
    return summarizer


def sumy_document(cands: list[Candidate]) -> Any:
    """Build a sumy document from candidates, keeping paragraphs."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = IndonesianTokenizer()
    paragraphs: list[list[Any]] = []
    last = None
    for c in cands:
        if c.paragraph != last:
            paragraphs.append([])
            last = c.paragraph
        paragraphs[-1].append(Sentence(c.text, tokenizer))
    return ObjectDocumentModel(tuple(Paragraph(p) for p in paragraphs))


def _sumy_ranker(name: str) -> Callable[[list[Candidate], str | None], np.ndarray]:
    """Scores from a sumy summarizer's full sentence ranking."""

    def rank(cands: list[Candidate], title: str | None) -> np.ndarray:
        document = sumy_document(cands)
        ranked: list[Any] = []

        def capture(infos: list[Any]) -> list[Any]:
            ranked.extend(infos)
            return infos

        _sumy_summarizer(name)(document, capture)
        scores = np.full(len(cands), -1e9)
        for place, info in enumerate(ranked):
            scores[info.order] = -place
        return scores

    return rank


_RANKERS: dict[str, Callable[[list[Candidate], str | None], np.ndarray]] = {
    "warta": _rank_warta,
    "lead3": _rank_lead,
    **{n: _sumy_ranker(n) for n in ("lexrank", "textrank", "lsa", "luhn", "sumbasic")},
}


def _check_bullets(bullets: int) -> int:
    """Validate the bullet count (1..MAX_BULLETS)."""
    if isinstance(bullets, bool) or not isinstance(bullets, int):
        raise TypeError("bullets must be an int")
    if not 1 <= bullets <= MAX_BULLETS:
        raise ValueError(f"bullets must be between 1 and {MAX_BULLETS}, got {bullets}")
    return bullets


def summarize(
    text: str, title: str | None = None, bullets: int = DEFAULT_BULLETS, method: str = "warta"
) -> list[str]:
    """Summarize an Indonesian news text into 1-5 bullet sentences in article order."""
    k = _check_bullets(bullets)
    ranker = _RANKERS.get(method)
    if ranker is None:
        raise ValueError(f"unknown method {method!r}; choose one of {sorted(_RANKERS)}")
    cands = prepare(text, title)
    if len(cands) <= k:
        return select_bullets(cands, -np.arange(len(cands), dtype=np.float64), k)
    return select_bullets(cands, ranker(cands, title), k)


def _method(name: str) -> Callable[..., list[str]]:
    """A summarize() bound to one method."""

    def run(text: str, title: str | None = None, bullets: int = DEFAULT_BULLETS) -> list[str]:
        return summarize(text, title=title, bullets=bullets, method=name)

    run.__name__ = f"summarize_{name}"
    run.__doc__ = f"Summarize with the {name!r} method."
    return run


METHODS: dict[str, Callable[..., list[str]]] = {name: _method(name) for name in _RANKERS}
