"""The topic catalogue (``seeds/topics.toml``) and tagging articles with its topics.

Matching rules (:func:`match_topics`):

- A topic's terms are its aliases and keywords (not its display name, which may be a
  generic word), plus its broad words (``broad``). Each term is a sequence of words matched as
  consecutive words of the article. Aliases and keywords count the same; aliases are other names
  of the subject (JHT, BP Jamsostek), keywords the words that signal it (upah minimum, pesangon).
- Words are compared by their stems, with the same Indonesian stemmer as search
  (``summaries.stem.stem``): "berkoperasi" is about "koperasi", "perpajakan" about "pajak".
- Acronyms (a term word with two or more capitals and no lower-case letter before its last
  capital: JHT, PHK, KRIS, PPh) match only a whole word written as in the catalogue, or all in
  capitals ("PPH" for PPh): "phk" and "Kris" do not count, "kisah" does not match KIS, "UMKM"
  does not match UMK. A term written in lower case ("phk") matches in any case: that is how the
  catalogue lets an acronym through in lower case. Hyphens split words on both sides, so
  "BP-Jamsostek" matches "BP Jamsostek".
- A longer term of another topic claims its words: "kesehatan" inside "BPJS Kesehatan" and
  "peserta BPJS" inside "peserta BPJS Ketenagakerjaan" do not count for their own topic, unless
  that topic has the longer term too ("Kemenkop UKM" is koperasi and UMKM).
- A topic is tagged when one of its aliases or keywords appears in the TITLE, or when its terms
  are mentioned more than :data:`MIN_TEXT_MENTIONS` times, or exactly that many with one in the
  text's first :data:`LEAD_WORDS` words. Mentions are counted in the title and the text together;
  different terms at most :data:`MENTION_GAP` words apart are one mention ("Jaminan Kesehatan
  Nasional (JKN)"), and overlapping matches count once. One passing mention does not tag an
  article, and neither do two far down a long text.
- Broad words ("buruh", a bare "BPJS", "faskes") are mentions only beside a specific signal: they
  never tag by themselves, not even in the title; an article needs one of the topic's aliases or
  keywords in its text (or title) before its broad words count.
- Exclusion phrases (``exclude``) name things that use a topic's term in another sense:
  "Ditjen PKH" (the livestock directorate, not the bansos PKH), "Partai Buruh Inggris", "kesehatan
  hewan". They are matched like terms. A term occurrence inside an exclusion phrase does not
  count, and once an article (title and text together) uses a term inside an exclusion phrase,
  it is read in that sense everywhere in the article: that term no longer counts anywhere, so
  the article needs the topic's other terms (outside the excluded phrases) to be tagged.
- Topics are independent: an article about BPJS Kesehatan that also covers hospitals may carry
  both ``bpjs-kesehatan`` and ``kesehatan``.

Precision and recall per topic on hand-labelled news: ``python -m bench.topics``.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.config import ConfigError, read_config_file
from bot.core.models import Topic
from summaries.stem import stem
from summaries.tokenize import split_words

__all__ = [
    "LEAD_WORDS",
    "MENTION_GAP",
    "MIN_TEXT_MENTIONS",
    "CatalogueTopic",
    "TopicMatcher",
    "TopicsError",
    "load_topics",
    "match_topics",
    "parse_topics",
]

MIN_TEXT_MENTIONS = 2
LEAD_WORDS = 60  # the lead: two mentions tag when one of them is in the text's first words
MENTION_GAP = 2  # words between two occurrences that are still one mention ("JKN (KIS)")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEYS = frozenset({"slug", "name", "description", "aliases", "keywords", "broad", "exclude"})


class TopicsError(ConfigError):
    """The topics file is missing or invalid; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class CatalogueTopic(Topic):
    """A catalogue topic with its broad words (used for tagging only,
    so the shared ``Topic`` model stays as the rest of the bot knows it)."""

    broad: tuple[str, ...] = ()


# -- loading -----------------------------------------------------------------------------------
def fold(text: str) -> str:
    """Case-, width- and spacing-insensitive form of a name, for catalogue look-ups."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s_-]+", " ", text).strip()


def load_topics(path: str | Path) -> list[Topic]:
    """Read the topics file: ``[[topic]]`` tables (slug, name, description, aliases, keywords,
    broad, exclude)."""
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
            CatalogueTopic(
                slug=slug,
                name=entry["name"].strip(),
                description=entry["description"].strip(),
                aliases=_string_list(entry.get("aliases"), where, "aliases"),
                keywords=_string_list(entry.get("keywords"), where, "keywords"),
                exclude=_string_list(entry.get("exclude"), where, "exclude"),
                broad=_string_list(entry.get("broad"), where, "broad"),
            )
        )
    return topics


# -- matching ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Word:
    """One word of a term: an acronym compares the word as written, others the stem."""

    value: str  # the stem, or the acronym as written in the catalogue ("JHT", "PPh")
    acronym: bool


def _pieces(text: str) -> list[str]:
    """Words of ``text``, hyphenated words split into their parts."""
    out: list[str] = []
    for word in split_words(text):
        out.extend(part for part in word.split("-") if any(ch.isalnum() for ch in part))
    return out


def _is_acronym(word: str) -> bool:
    """Two or more capitals and no lower-case letter before the last capital: JHT, PPh, BPJS."""
    capitals = [i for i, ch in enumerate(word) if ch.isupper()]
    if len(capitals) < 2:
        return False
    return not any(ch.islower() for ch in word[: capitals[-1]])


def _compile_term(term: str) -> tuple[_Word, ...]:
    return tuple(
        _Word(word, True) if _is_acronym(word) else _Word(stem(word), False)
        for word in _pieces(term)
    )


class _Doc:
    """A text's words (as written, lower-case and stems) with an index of where each appears."""

    def __init__(self, text: str) -> None:
        self.words = _pieces(text)
        self.raw = [w.lower() for w in self.words]
        self.stems = [stem(w) for w in self.words]
        self.index: dict[str, list[int]] = {}
        for i, (raw, stemmed) in enumerate(zip(self.raw, self.stems, strict=True)):
            self.index.setdefault(raw, []).append(i)
            if stemmed != raw:
                self.index.setdefault(stemmed, []).append(i)

    def _word_at(self, i: int, word: _Word) -> bool:
        if i >= len(self.raw):
            return False
        if word.acronym:  # as written, or in a text set all in capitals ("PPH 21")
            return self.words[i] == word.value or self.words[i] == word.value.upper()
        return self.stems[i] == word.value

    def spans(self, term: tuple[_Word, ...]) -> set[tuple[int, int]]:
        """Positions (start, end) where the term occurs."""
        first = term[0].value.lower() if term[0].acronym else term[0].value
        found: set[tuple[int, int]] = set()
        for start in self.index.get(first, ()):
            if all(self._word_at(start + k, w) for k, w in enumerate(term)):
                found.add((start, start + len(term)))
        return found


_Term = tuple[_Word, ...]
_Span = tuple[int, int]
_Spans = set[_Span]


def _mentions(spans_of_terms: Sequence[_Spans], gap: int) -> int:
    """Number of mentions: occurrences of different terms at most ``gap`` words apart are one
    mention ("Jaminan Kesehatan Nasional (JKN)"); a term said again is another mention."""
    found = sorted(
        (start, stop, term) for term, spans in enumerate(spans_of_terms) for start, stop in spans
    )
    count, end, terms = 0, -(gap + 2), set[int]()
    for start, stop, term in found:
        if start > end + gap or term in terms:
            count += 1
            terms = set()
        terms.add(term)
        end = max(end, stop)
    return count


def _inside(span: _Span, excluded: _Spans) -> bool:
    return any(start <= span[0] and span[1] <= stop for start, stop in excluded)


@dataclass(frozen=True, slots=True)
class _CompiledTopic:
    slug: str
    terms: tuple[_Term, ...]  # aliases and keywords first, then the broad words
    specific: int  # how many of ``terms`` are aliases and keywords
    exclude: tuple[_Term, ...]


@dataclass(slots=True)
class _Found:
    """Where one topic's terms occur in an article's title and text."""

    head: list[_Spans]  # per term, as _CompiledTopic.terms
    body: list[_Spans]


class TopicMatcher:
    """Topics compiled once for tagging many articles."""

    def __init__(
        self,
        topics: Sequence[Topic],
        min_text_mentions: int = MIN_TEXT_MENTIONS,
        mention_gap: int = MENTION_GAP,
        lead_words: int = LEAD_WORDS,
    ):
        self.min_text_mentions = min_text_mentions
        self.mention_gap = mention_gap
        self.lead_words = lead_words
        self._topics: list[_CompiledTopic] = []
        for topic in topics:
            specific = [t for t in dict.fromkeys(map(_compile_term, topic.aliases)) if t]
            specific += [t for t in dict.fromkeys(map(_compile_term, topic.keywords)) if t]
            specific = list(dict.fromkeys(specific))
            broad = [_compile_term(t) for t in getattr(topic, "broad", ())]
            broad = [t for t in dict.fromkeys(broad) if t and t not in specific]
            exclude = {_compile_term(t) for t in topic.exclude}
            self._topics.append(
                _CompiledTopic(
                    topic.slug,
                    tuple(specific + broad),
                    len(specific),
                    tuple(t for t in exclude if t),
                )
            )

    def match(self, title: str | None, text: str | None) -> tuple[str, ...]:
        """Slugs of the topics the article is about, in catalogue order."""
        head, body = _Doc(title or ""), _Doc(text or "")
        found = [self._term_spans(topic, head, body) for topic in self._topics]
        _drop_claimed([f.head for f in found])
        _drop_claimed([f.body for f in found])
        slugs: list[str] = []
        for topic, spans in zip(self._topics, found, strict=True):
            n = topic.specific
            if any(spans.head[:n]):
                slugs.append(topic.slug)
                continue
            if not any(spans.body[:n]):  # broad words count only beside a specific term
                continue
            mentions = _mentions(spans.head, self.mention_gap)
            mentions += _mentions(spans.body, self.mention_gap)
            if mentions > self.min_text_mentions or (
                mentions == self.min_text_mentions
                and any(start < self.lead_words for found in spans.body for start, _ in found)
            ):
                slugs.append(topic.slug)
        return tuple(slugs)

    @staticmethod
    def _term_spans(topic: _CompiledTopic, head: _Doc, body: _Doc) -> _Found:
        """Where each term occurs in the title and the text, exclusions applied (module rules)."""
        head_spans = [head.spans(term) for term in topic.terms]
        body_spans = [body.spans(term) for term in topic.terms]
        if not topic.exclude or not any(head_spans + body_spans):
            return _Found(head_spans, body_spans)
        head_excluded: _Spans = set()
        body_excluded: _Spans = set()
        for phrase in topic.exclude:
            head_excluded |= head.spans(phrase)
            body_excluded |= body.spans(phrase)
        if not head_excluded and not body_excluded:
            return _Found(head_spans, body_spans)
        for i, (in_head, in_body) in enumerate(zip(head_spans, body_spans, strict=True)):
            claimed = any(_inside(span, head_excluded) for span in in_head) or any(
                _inside(span, body_excluded) for span in in_body
            )
            if claimed:  # the article uses this term in the excluded sense: it counts nowhere
                head_spans[i], body_spans[i] = set(), set()
        return _Found(head_spans, body_spans)


def _drop_claimed(per_topic: list[list[_Spans]]) -> None:
    """Drop, in place, each occurrence that lies inside a longer term of another topic which
    its own topic does not cover as well ("kesehatan" inside "BPJS Kesehatan")."""
    cover: dict[int, list[tuple[int, int, int]]] = {}  # position -> (start, end, topic)
    for k, spans_of_terms in enumerate(per_topic):
        for spans in spans_of_terms:
            for start, end in spans:
                if end - start > 1:
                    for p in range(start, end):
                        cover.setdefault(p, []).append((start, end, k))
    if not cover:
        return
    for k, spans_of_terms in enumerate(per_topic):
        own = [span for spans in spans_of_terms for span in spans]
        for spans in spans_of_terms:
            for span in list(spans):
                start, end = span
                for s2, e2, other in cover.get(start, ()):
                    if (
                        other != k
                        and s2 <= start
                        and end <= e2
                        and e2 - s2 > end - start
                        and not any(s3 <= s2 and e2 <= e3 for s3, e3 in own)
                    ):
                        spans.discard(span)
                        break


@functools.lru_cache(maxsize=8)
def _matcher(topics: tuple[Topic, ...]) -> TopicMatcher:
    return TopicMatcher(topics)


def match_topics(title: str | None, text: str | None, topics: Sequence[Topic]) -> tuple[str, ...]:
    """Slugs of the ``topics`` an article (title and text) is about (see the module rules)."""
    return _matcher(tuple(topics)).match(title, text)
