"""Indonesian stemming (PySastrawi behind a bounded cache) and stop words."""

from __future__ import annotations

import functools
import logging
from importlib import resources

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer as _SastrawiStemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from summaries.tokenize import split_words

__all__ = [
    "CACHE_SIZE",
    "STOP_WORDS",
    "Stemmer",
    "content_stems",
    "get_stop_words",
    "stem",
    "stem_text",
]

logger = logging.getLogger(__name__)

CACHE_SIZE = 50_000
"""Most distinct words kept in the stem cache (a few MB at most)."""


@functools.cache
def _sastrawi() -> _SastrawiStemmer:
    """Build Sastrawi's stemmer once, without its unbounded ArrayCache wrapper."""
    words = StemmerFactory().get_words()
    logger.debug("loaded %d Sastrawi root words", len(words))
    return _SastrawiStemmer(ArrayDictionary(words))


def _is_stemmable(word: str) -> bool:
    """Whether Sastrawi should see the word: ASCII letters, maybe hyphenated, not an acronym."""
    letters = word.replace("-", "")
    return letters.isascii() and letters.isalpha() and not (len(letters) > 1 and word.isupper())


_PARTICLES = ("nya", "lah", "kah", "pun")


@functools.cache
def _overrides() -> dict[str, str]:
    """Words Sastrawi over-stems ("peserta" -> "serta"), from the packaged overrides file."""
    text = resources.files("summaries").joinpath("data/stem-overrides.txt").read_text("utf-8")
    pairs = (line.split("#", 1)[0].split() for line in text.splitlines())
    return {pair[0].lower(): pair[1].lower() for pair in pairs if len(pair) == 2}


def _override(word: str) -> str | None:
    """The overriding stem of ``word`` (also with a particle suffix), if any."""
    overrides = _overrides()
    if word in overrides:
        return overrides[word]
    for particle in _PARTICLES:
        if word.endswith(particle) and word[: -len(particle)] in overrides:
            return overrides[word[: -len(particle)]]
    return None


@functools.lru_cache(maxsize=CACHE_SIZE)
def stem(word: str) -> str:
    """Return the lower-case Sastrawi stem of one word; other tokens just lower-cased."""
    if not _is_stemmable(word):
        return word.lower()
    lowered = word.lower().strip("-")
    if not lowered:
        return word.lower()
    return _override(lowered) or _sastrawi().stem_word(lowered) or lowered


class Stemmer:
    """Callable ``str -> str`` stemmer, the seam sumy's summarizers expect."""

    language = "indonesian"

    def __call__(self, word: str) -> str:
        """Stem one word."""
        return stem(word)


def _load_stop_words() -> frozenset[str]:
    """Read the packaged stop-word list."""
    text = resources.files("summaries").joinpath("data/stopwords-id.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(word for word in words if word)


STOP_WORDS: frozenset[str] = _load_stop_words()


def get_stop_words() -> frozenset[str]:
    """Return the Indonesian stop words (lower case)."""
    return STOP_WORDS


def stem_text(text: str) -> str:
    """Return the text as space-joined lower-case stems of all its words, stop words kept."""
    return " ".join(stem(word) for word in split_words(text))


def content_stems(text: str) -> list[str]:
    """Return the stems of the words of the text that are not stop words."""
    return [stem(word) for word in split_words(text) if word.lower() not in STOP_WORDS]
