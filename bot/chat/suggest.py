"""What a reader probably meant: catalogue topics a keyword names, close spellings of a
keyword with no match in the archive, and known commands close to a mistyped one.

Closeness is ``difflib``'s similarity ratio (a normalised edit distance) on lower-case text.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta

from bot.core.match import matches, prepare_article
from bot.core.models import Subscription, Topic
from bot.core.topics import fold
from bot.storage import Store
from summaries.tokenize import split_words

PHRASE_CUTOFF = 0.8  # "bpjs kesehatn" ~ "bpjs kesehatan"
WORD_CUTOFF = 0.8  # one mistyped word among known words
COMMAND_CUTOFF = 0.6  # "cri" ~ "cari", "langanan" ~ "langganan"
MAX_SUGGESTIONS = 3
ARCHIVE_WINDOW = timedelta(days=30)  # titles whose words count as known
ARCHIVE_TITLES = 500


def topics_named(keyword: str, topics: Sequence[Topic]) -> list[Topic]:
    """Topics whose name or an alias contains the keyword as whole words ("bpjs" names both
    BPJS topics), in catalogue order."""
    wanted = f" {fold(keyword)} "
    found = []
    for topic in topics:
        names = (topic.name, topic.slug.replace("-", " "), *topic.aliases)
        if any(wanted in f" {fold(name)} " for name in names):
            found.append(topic)
    return found


def has_matches(store: Store, keyword: str, *, limit: int = 20) -> bool:
    """Whether any archived story really contains the keyword (as subscriptions match)."""
    sub = Subscription(chat_id=0, kind="keyword", value=keyword)
    return any(
        matches(prepare_article(hit.article), sub) for hit in store.search(keyword, limit=limit)
    )


def _words(texts: Iterable[str]) -> set[str]:
    return {w.casefold() for text in texts for w in split_words(text) if len(w) >= 3}


def correct_word(word: str, vocabulary: Collection[str]) -> str:
    """The known word closest to a mistyped one ("kesehtan" → "kesehatan"), or the word
    itself when it is known, short, or nothing is close enough. Used for /langganan keywords
    and for the words of questions."""
    if word in vocabulary or len(word) < 3:
        return word
    close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=WORD_CUTOFF)
    return close[0] if close else word


def close_terms(store: Store, keyword: str, topics: Sequence[Topic], *, now: datetime) -> list[str]:
    """Spellings close to ``keyword`` that the catalogue knows or the archive has stories
    for; [] when none. The caller checks first that the keyword itself finds nothing."""
    typed = " ".join(w.casefold() for w in split_words(keyword))
    phrases = {fold(p) for t in topics for p in (t.name, *t.aliases, *t.keywords)}
    candidates = difflib.get_close_matches(typed, phrases, n=MAX_SUGGESTIONS, cutoff=PHRASE_CUTOFF)
    titles = [a.title for a in store.articles_since(now - ARCHIVE_WINDOW, limit=ARCHIVE_TITLES)]
    vocabulary = _words(phrases) | _words(titles)
    words = typed.split()
    fixed = [correct_word(word, vocabulary) for word in words]
    if fixed != words:
        candidates.append(" ".join(fixed))
    result: list[str] = []
    for candidate in candidates:
        if candidate == typed or candidate in result:
            continue
        if candidate in phrases or has_matches(store, candidate):
            result.append(candidate)
    return result[:MAX_SUGGESTIONS]


def close_command(command: str, known: Iterable[str]) -> str | None:
    """The known command closest to a mistyped one ("cri" → "cari"), if close enough."""
    found = difflib.get_close_matches(command.casefold(), list(known), n=1, cutoff=COMMAND_CUTOFF)
    return found[0] if found else None
