"""The words readers use and the words the news uses for the same thing, as concepts.

A reader asks about *jht*, *bpjs kes*, *kemo* or *faskes 1*; an article writes *Jaminan Hari
Tua*, *BPJS Kesehatan*, *kemoterapi*, *fasilitas kesehatan tingkat pertama* (or the same short
form). ``data/bpjs-vocabulary.txt`` lists them: each line is a concept with the forms that
express it. :func:`concepts` turns a question's words into concepts; a sentence *holds* a
concept when it holds every stem of one of its forms. Pure text: no network, no database.

:func:`learn_expansions` adds forms the list does not have from the archive's own text: an
article that writes "Jaminan Kehilangan Pekerjaan (JKP)" teaches that *jkp* is that phrase.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from summaries.stem import STOP_WORDS, stem
from summaries.tokenize import split_words

__all__ = ["Concept", "concepts_of", "learn_expansions", "terms_of", "vocabulary", "word_stem"]

MAX_PHRASE = 3  # words of the longest phrase a reader may type for one concept


def word_stem(word: str) -> str:
    """The stem of one word ("Covid-19" → "covid-19"); "" for a stop word."""
    lowered = word.lower()
    return "" if lowered in STOP_WORDS else stem(lowered)


def terms_of(words: Iterable[str]) -> frozenset[str]:
    """Stems of the content words; "Covid-19" also counts as "covid" and "19"."""
    terms: set[str] = set()
    for word in words:
        lowered = word.lower()
        if lowered in STOP_WORDS:
            continue
        terms.add(word_stem(lowered))
        if "-" in lowered:
            terms.update(stem(p) for p in lowered.split("-") if p and p not in STOP_WORDS)
    terms.discard("")
    return frozenset(terms)


@dataclass(frozen=True, slots=True)
class Concept:
    """One thing a question asks about: as typed, and the stem sets that express it."""

    typed: str
    forms: tuple[frozenset[str], ...]  # the typed words' own stems first

    def held_by(self, terms: frozenset[str] | set[str]) -> bool:
        """Whether a sentence with these stems expresses the concept."""
        return any(form <= terms for form in self.forms if form)

    @property
    def stems(self) -> frozenset[str]:
        """Every stem of every form (for the archive's word counts)."""
        return frozenset().union(*self.forms)

    def with_forms(self, extra: Iterable[frozenset[str]]) -> Concept:
        """The concept with more forms (new ones only)."""
        forms = list(self.forms)
        forms += [f for f in extra if f and f not in forms]
        return Concept(self.typed, tuple(forms))


@functools.cache
def vocabulary() -> dict[str, tuple[str, ...]]:
    """Reader's word or phrase → the archive's forms, from ``data/bpjs-vocabulary.txt``."""
    text = resources.files("summaries").joinpath("data/bpjs-vocabulary.txt").read_text("utf-8")
    table: dict[str, tuple[str, ...]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if "=" not in line:
            continue
        key, _, forms = line.partition("=")
        key = " ".join(key.lower().split())
        table[key] = tuple(" ".join(f.lower().split()) for f in forms.split("|") if f.strip())
    return table


def _concept(typed: str) -> Concept:
    forms = [terms_of(typed.split())]
    forms += [terms_of(form.split()) for form in vocabulary().get(typed, ())]
    return Concept(typed, tuple(dict.fromkeys(f for f in forms if f)))


def concepts_of(words: Sequence[str], focus: Sequence[str]) -> list[Concept]:
    """The concepts of a question: ``words`` is the whole normalized question in order (so
    phrases such as "bpjs kes" or "cuci darah" are found across stop words), ``focus`` its
    content words. Each focus word belongs to one concept; a phrase of the vocabulary takes
    its words together."""
    table = vocabulary()
    lowered = [w.lower() for w in words]
    wanted = {w.lower() for w in focus}
    found: list[Concept] = []
    taken: set[str] = set()
    i = 0
    while i < len(lowered):
        for size in range(min(MAX_PHRASE, len(lowered) - i), 1, -1):
            phrase = " ".join(lowered[i : i + size])
            if phrase in table and any(w in wanted for w in lowered[i : i + size]):
                found.append(_concept(phrase))
                taken.update(lowered[i : i + size])
                i += size
                break
        else:
            word = lowered[i]
            if word in wanted and word not in taken:
                concept = _concept(word)
                if concept.forms:
                    found.append(concept)
                taken.add(word)
            i += 1
    unique: dict[str, Concept] = {}
    for concept in found:
        unique.setdefault(concept.typed, concept)
    return list(unique.values())


_DEFINED = re.compile(r"((?:[A-Z][\w-]*\s+){1,6}?(?:[A-Z][\w-]*))\s+\(([A-Z][A-Za-z-]{1,9})\)")


def learn_expansions(texts: Iterable[str], short_forms: Iterable[str]) -> dict[str, frozenset[str]]:
    """Long forms the archive gives for short forms: "Jaminan Kehilangan Pekerjaan (JKP)"
    → {"jkp": stems of "jaminan kehilangan pekerjaan"}. Only for the ``short_forms`` asked
    (lower case); a long form must start with the short form's first letter."""
    wanted = {s.lower() for s in short_forms}
    learned: dict[str, frozenset[str]] = {}
    if not wanted:
        return learned
    for text in texts:
        for m in _DEFINED.finditer(text):
            short = m.group(2).lower()
            if short not in wanted or short in learned:
                continue
            words = split_words(m.group(1))
            initials = [w for w in words if w.lower() not in STOP_WORDS]
            # Keep the last words whose initials spell the short form ("... Jaminan Hari Tua").
            keep = initials[-len(short) :] if len(initials) >= len(short) else initials
            if keep and keep[0][0].lower() == short[0]:
                learned[short] = terms_of(keep)
    return learned
