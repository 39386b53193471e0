"""Which chats should receive an article: topic and keyword subscriptions.

Keywords match as whole stemmed words, consecutive, case-insensitively, in the title, the
bullets or the text (``summaries.stem`` on both sides): "iuran" matches "iuran BPJS naik" and
"Iurannya", but "bpjs" does not match inside "bpjsketenagakerjaan.co.id" (a different word),
and a phrase never spans the end of the title and the start of the text. The parts of a
hyphenated word count as words too: "covid" matches "Covid-19", "BPJS" matches "BPJS-TK".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.models import Article, Subscription
from summaries.normalize import normalize
from summaries.stem import STOP_WORDS, stem, stem_text
from summaries.tokenize import split_words

__all__ = [
    "MAX_KEYWORD_LENGTH",
    "MIN_KEYWORD_LENGTH",
    "PreparedArticle",
    "is_vague_keyword",
    "keyword_stems",
    "match_article",
    "matches",
    "normalise_keyword",
    "prepare_article",
    "title_mentions",
]

MAX_KEYWORD_LENGTH = 64
MIN_KEYWORD_LENGTH = 3  # letters and digits: "a" or "di" would match half the news
# Casual spellings readers type, and words every story has, on top of the stop words.
VAGUE_WORDS = frozenset(
    {"yg", "gak", "ga", "nggak", "ngga", "aja", "sih", "dong", "udah", "dgn", "utk", "tdk"}
    | {"berita", "info", "informasi", "kabar", "terbaru", "hari", "ini", "news"}
)
_WORD = re.compile(r"[^\W_]", re.UNICODE)


def normalise_keyword(text: str) -> str | None:
    """The keyword as it will be stored: trimmed, inner spaces collapsed.

    None when it is empty, has no letter or digit (only punctuation/emoji), or is longer
    than ``MAX_KEYWORD_LENGTH`` characters.
    """
    keyword = " ".join(text.split())
    if not keyword or len(keyword) > MAX_KEYWORD_LENGTH or not _WORD.search(keyword):
        return None
    return keyword


def is_vague_keyword(keyword: str) -> bool:
    """Too short (fewer than ``MIN_KEYWORD_LENGTH`` letters and digits) or made only of stop
    words and words every story has ("yang", "berita terbaru"): it would match nearly
    everything, or "seri A" for "a"."""
    letters = sum(ch.isalnum() for ch in keyword)
    if letters < MIN_KEYWORD_LENGTH:
        return True
    words = [w.casefold() for w in split_words(keyword)]
    return all(w in STOP_WORDS or w in VAGUE_WORDS for w in words)


@functools.lru_cache(maxsize=32_768)
def keyword_stems(keyword: str) -> str:
    """The keyword's stems, space-joined, casual words read in standard form ("dapet bansos"
    matches "dapat bansos"); cached: the same keywords recur for every article."""
    return stem_text(normalize(keyword))


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article stemmed once, ready to be matched against many subscriptions."""

    article: Article
    topics: frozenset[str]
    stems: str  # " stem stem … \n stem … ": a newline between title, bullets and text


def _stem_part(text: str) -> tuple[str, str]:
    """Stems of one part as typed, and with hyphenated words split ("Covid-19" → covid 19)."""
    whole: list[str] = []
    split: list[str] = []
    for word in split_words(text):
        whole.append(stem(word))
        if "-" in word:
            split.extend(stem(piece) for piece in word.split("-") if piece)
        else:
            split.append(whole[-1])
    return " ".join(whole), " ".join(split)


def prepare_article(article: Article) -> PreparedArticle:
    """Stem the title, bullets and text once."""
    whole: list[str] = []
    split: list[str] = []
    for part in (article.title, *article.bullets, article.text):
        if part:
            a, b = _stem_part(part)
            whole.append(a)
            if b != a:
                split.append(b)
    # Hyphen-split variants go after the rest, so "covid" finds "Covid-19" and "pandemi covid"
    # finds "pandemi Covid-19", while the keyword "Covid-19" still matches as typed.
    stems = " \n ".join(whole + split)
    return PreparedArticle(
        article=article,
        topics=frozenset(t.casefold() for t in article.topics),
        stems=f" {stems} ",
    )


def matches(prepared: PreparedArticle, subscription: Subscription) -> bool:
    """Whether one subscription wants the prepared article."""
    if subscription.kind == "topic":
        return subscription.value.casefold() in prepared.topics
    if subscription.kind == "keyword":
        phrase = keyword_stems(subscription.value)
        return bool(phrase) and f" {phrase} " in prepared.stems
    return False


def match_article(
    article: Article | PreparedArticle, subscriptions: Sequence[Subscription]
) -> dict[int, list[Subscription]]:
    """Chats that should get the article, each with the subscriptions that matched (in the
    order given). Chats with no matching subscription are absent."""
    prepared = article if isinstance(article, PreparedArticle) else prepare_article(article)
    result: dict[int, list[Subscription]] = {}
    decided: dict[tuple[str, str], bool] = {}  # many chats share the same topic or keyword
    for subscription in subscriptions:
        key = (subscription.kind, subscription.value)
        wanted = decided.get(key)
        if wanted is None:
            wanted = decided[key] = matches(prepared, subscription)
        if wanted:
            result.setdefault(subscription.chat_id, []).append(subscription)
    return result


def title_mentions(title: str, phrases: Sequence[str]) -> bool:
    """Whether any of the phrases occurs in the title, as whole stemmed words (as keywords
    match: "iuran bpjs" in "Iuran BPJS Naik")."""
    whole, split = _stem_part(title)
    stems = f" {whole} \n {split} "
    for phrase in phrases:
        wanted = keyword_stems(phrase)
        if wanted and f" {wanted} " in stems:
            return True
    return False
