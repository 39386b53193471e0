"""The topic catalogue (``seeds/topics.toml``) and tagging articles with its topics.

Matching rules (:func:`match_topics`):

- A topic's terms are its aliases and keywords (not its display name, which may be a
  generic word). Each term is a sequence of words matched as consecutive words of the article.
  Aliases and keywords count the same; aliases are other names of the subject (JHT, BP
  Jamsostek), keywords the words that signal it (upah minimum, pesangon).
- Words are compared by their stems, with the same Indonesian stemmer as search
  (``summaries.stem.stem``): "berkoperasi" is about "koperasi", "perpajakan" about "pajak".
- Acronyms (a term word of two or more letters written all in capitals, such as JHT, PHK, UMK,
  KIS, BBM) match only a whole word, case-insensitively: "phk" matches PHK, "kisah" does not
  match KIS, "UMKM" does not match UMK. Hyphens split words on both sides, so "BP-Jamsostek"
  matches "BP Jamsostek".
- A topic is tagged when one of its terms appears in the TITLE, or when its terms appear at
  least :data:`MIN_TEXT_MENTIONS` times in the text (all terms of the topic counted together,
  overlapping matches counted once). One passing mention does not tag an article.
- Exclusion phrases (``exclude``) name things that use a topic's term in another sense:
  "Ditjen PKH" (the livestock directorate, not the bansos PKH), "Partai Buruh Inggris", "kesehatan
  hewan". They are matched like terms. A term occurrence inside an exclusion phrase does not
  count, and once an article (title and text together) uses a term inside an exclusion phrase,
  it is read in that sense everywhere in the article: that term no longer counts anywhere, so
  the article needs the topic's other terms (outside the excluded phrases) to be tagged.
- Topics are independent: an article about BPJS Kesehatan mentions "kesehatan" and may carry
  both ``bpjs-kesehatan`` and ``kesehatan``.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.config import ConfigError, read_config_file
from bot.core.models import Topic
from summaries.stem import stem
from summaries.tokenize import split_words

__all__ = [
    "MIN_TEXT_MENTIONS",
    "TopicMatcher",
    "TopicsError",
    "load_topics",
    "match_topics",
    "parse_topics",
]

MIN_TEXT_MENTIONS = 2
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEYS = frozenset({"slug", "name", "description", "aliases", "keywords", "exclude"})


class TopicsError(ConfigError):
    """The topics file is missing or invalid; the message names the file and the problem."""


# -- loading -----------------------------------------------------------------------------------
def fold(text: str) -> str:
    """Case-, width- and spacing-insensitive form of a name, for catalogue look-ups."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_-]+", " ", text).strip()


def load_topics(path: str | Path) -> list[Topic]:
    """Read the topics file: ``[[topic]]`` tables (slug, name, description, aliases, keywords,
    exclude)."""
    text = read_config_file(
        path, what="topics", variable="WARTA_TOPICS", table="topic", error=TopicsError
    )
    return parse_topics(text, source=str(path))


def _string_list(value: object, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TopicsError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse_topics(text: str, source: str = "<topics>") -> list[Topic]:
    """Parse and validate the TOML text of a topics file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TopicsError(f"{source} is not valid TOML: {exc}") from exc
    unknown = set(data) - {"topic"}
    if unknown:
        raise TopicsError(f"{source}: unknown top-level key(s) {sorted(unknown)}; use [[topic]]")
    entries = data.get("topic")
    if not isinstance(entries, list) or not entries:
        raise TopicsError(f"{source} lists no topics: add [[topic]] tables")
    topics: list[Topic] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{source}: topic #{number}"
        if not isinstance(entry, dict):
            raise TopicsError(f"{where} must be a table")
        extra = set(entry) - _KEYS
        if extra:
            raise TopicsError(f"{where}: unknown key(s) {sorted(extra)}")
        slug = entry.get("slug")
        if not isinstance(slug, str) or not _SLUG.match(slug):
            raise TopicsError(f"{where}: slug must be lower-case words joined by '-', got {slug!r}")
        where = f"{source}: topic {slug!r}"
        if slug in seen:
            raise TopicsError(f"{where} is defined twice")
        seen.add(slug)
        for key in ("name", "description"):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                raise TopicsError(f"{where} needs a non-empty {key}")
        topics.append(
            Topic(
                slug=slug,
                name=entry["name"].strip(),
                description=entry["description"].strip(),
                aliases=_string_list(entry.get("aliases"), where, "aliases"),
                keywords=_string_list(entry.get("keywords"), where, "keywords"),
                exclude=_string_list(entry.get("exclude"), where, "exclude"),
            )
        )
    return topics


# -- matching ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Word:
    """One word of a term: an acronym compares the raw lower-cased word, others the stem."""

    value: str
    acronym: bool


def _pieces(text: str) -> list[str]:
    """Words of ``text``, hyphenated words split into their parts."""
    out: list[str] = []
    for word in split_words(text):
        out.extend(part for part in word.split("-") if any(ch.isalnum() for ch in part))
    return out


def _is_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _compile_term(term: str) -> tuple[_Word, ...]:
    return tuple(
        _Word(word.lower(), True) if _is_acronym(word) else _Word(stem(word), False)
        for word in _pieces(term)
    )


class _Doc:
    """A text's words (raw lower-case and stems) with an index of where each appears."""

    def __init__(self, text: str) -> None:
        words = _pieces(text)
        self.raw = [w.lower() for w in words]
        self.stems = [stem(w) for w in words]
        self.index: dict[str, list[int]] = {}
        for i, (raw, stemmed) in enumerate(zip(self.raw, self.stems, strict=True)):
            self.index.setdefault(raw, []).append(i)
            if stemmed != raw:
                self.index.setdefault(stemmed, []).append(i)

    def _word_at(self, i: int, word: _Word) -> bool:
        if i >= len(self.raw):
            return False
        return self.raw[i] == word.value if word.acronym else self.stems[i] == word.value

    def spans(self, term: tuple[_Word, ...]) -> set[tuple[int, int]]:
        """Positions (start, end) where the term occurs."""
        found: set[tuple[int, int]] = set()
        for start in self.index.get(term[0].value, ()):
            if all(self._word_at(start + k, w) for k, w in enumerate(term)):
                found.add((start, start + len(term)))
        return found


def _count(spans: Iterable[tuple[int, int]]) -> int:
    """Number of non-overlapping matches (longest first at each position)."""
    count, end = 0, -1
    for start, stop in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= end:
            count += 1
            end = stop
    return count


_Term = tuple[_Word, ...]
_Spans = set[tuple[int, int]]


def _inside(span: tuple[int, int], excluded: _Spans) -> bool:
    return any(start <= span[0] and span[1] <= stop for start, stop in excluded)


@dataclass(frozen=True, slots=True)
class _CompiledTopic:
    slug: str
    terms: tuple[_Term, ...]
    exclude: tuple[_Term, ...]


class TopicMatcher:
    """Topics compiled once for tagging many articles."""

    def __init__(self, topics: Sequence[Topic], min_text_mentions: int = MIN_TEXT_MENTIONS):
        self.min_text_mentions = min_text_mentions
        self._topics: list[_CompiledTopic] = []
        for topic in topics:
            terms = {_compile_term(t) for t in (*topic.aliases, *topic.keywords)}
            exclude = {_compile_term(t) for t in topic.exclude}
            self._topics.append(
                _CompiledTopic(
                    topic.slug, tuple(t for t in terms if t), tuple(t for t in exclude if t)
                )
            )

    def match(self, title: str | None, text: str | None) -> tuple[str, ...]:
        """Slugs of the topics the article is about, in catalogue order."""
        head, body = _Doc(title or ""), _Doc(text or "")
        slugs: list[str] = []
        for topic in self._topics:
            if not topic.exclude:  # the common case: stop at the first title match
                if any(head.spans(term) for term in topic.terms):
                    slugs.append(topic.slug)
                    continue
                body_spans = [body.spans(term) for term in topic.terms]
            else:
                head_spans, body_spans = self._term_spans(topic, head, body)
                if any(head_spans):
                    slugs.append(topic.slug)
                    continue
            spans: _Spans = set()
            for found in body_spans:
                spans |= found
            if _count(spans) >= self.min_text_mentions:
                slugs.append(topic.slug)
        return tuple(slugs)

    @staticmethod
    def _term_spans(
        topic: _CompiledTopic, head: _Doc, body: _Doc
    ) -> tuple[list[_Spans], list[_Spans]]:
        """Where each term occurs in the title and the text, exclusions applied (module rules)."""
        head_spans = [head.spans(term) for term in topic.terms]
        body_spans = [body.spans(term) for term in topic.terms]
        if not topic.exclude or not any(head_spans + body_spans):
            return head_spans, body_spans
        head_excluded: _Spans = set()
        body_excluded: _Spans = set()
        for phrase in topic.exclude:
            head_excluded |= head.spans(phrase)
            body_excluded |= body.spans(phrase)
        if not head_excluded and not body_excluded:
            return head_spans, body_spans
        for i, (in_head, in_body) in enumerate(zip(head_spans, body_spans, strict=True)):
            claimed = any(_inside(span, head_excluded) for span in in_head) or any(
                _inside(span, body_excluded) for span in in_body
            )
            if claimed:  # the article uses this term in the excluded sense: it counts nowhere
                head_spans[i], body_spans[i] = set(), set()
        return head_spans, body_spans


@functools.lru_cache(maxsize=8)
def _matcher(topics: tuple[Topic, ...]) -> TopicMatcher:
    return TopicMatcher(topics)


def match_topics(title: str | None, text: str | None, topics: Sequence[Topic]) -> tuple[str, ...]:
    """Slugs of the ``topics`` an article (title and text) is about (see the module rules)."""
    return _matcher(tuple(topics)).match(title, text)
