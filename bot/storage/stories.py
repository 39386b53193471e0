"""Backend-neutral article logic: validation, the news date, MinHash packing and the story
clustering decision (which stored story a new article joins)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np

from bot.core import dedupe
from bot.core.models import NewArticle
from bot.core.urls import image_url
from bot.storage.errors import StoreError
from bot.storage.index import stemmed_fields
from bot.storage.values import aware_utc, nonempty

STORY_WINDOW = timedelta(days=7)
"""Only articles fetched this recently are candidates for joining a story."""

STORY_CANDIDATES = 200
"""Most articles compared (MinHash) when assigning a story."""

BAND_PRUNE_EVERY = 256
"""Every this-many article ids, band keys of articles too old to join a story are dropped."""


def pack_minhash(signature: Sequence[int]) -> bytes | None:
    """A MinHash signature as 5 bytes per value (values are below 2**33), lossless."""
    if not signature:
        return None
    values = np.asarray(signature, dtype="<u8")
    return values.view(np.uint8).reshape(-1, 8)[:, :5].tobytes()


def unpack_minhash(blob: bytes | None) -> tuple[int, ...]:
    if not blob:
        return ()
    raw = np.frombuffer(bytes(blob), dtype=np.uint8).reshape(-1, 5)
    padded = np.zeros((raw.shape[0], 8), dtype=np.uint8)
    padded[:, :5] = raw
    return tuple(int(v) for v in padded.view("<u8").ravel())


def band_key_ints(signature: Sequence[int]) -> list[int]:
    """``bot.core.dedupe.band_keys`` folded into signed 64-bit integers (compact index keys)."""
    out = []
    for key in dedupe.band_keys(tuple(signature)):
        band, _, digest = key.partition(":")
        value = (int(digest, 16) ^ (int(band) << 56)) & 0xFFFFFFFFFFFFFFFF
        out.append(value - (1 << 64) if value >= 1 << 63 else value)
    return out


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """A new article checked and normalized, with everything computed outside the lock."""

    article: NewArticle  # url, canonical_url, outlet, title stripped
    fetched_at: datetime  # UTC
    published_at: datetime | None  # UTC
    dated_at: datetime  # the news date: used for ranking and search's ``since``
    text_hash: str | None
    signature: tuple[int, ...]
    band_keys: list[int]
    indexed: tuple[str, str, str]  # stemmed title, bullets, text
    topics: list[str]


def prepare_article(article: NewArticle, now: datetime) -> PreparedArticle:
    """Check ``article`` (StoreError) and compute its hash, MinHash, date and stems."""
    nonempty("url", article.url)
    nonempty("canonical_url", article.canonical_url)
    nonempty("outlet", article.outlet)
    if not (article.title.strip() or article.text.strip()):
        raise StoreError(f"article {article.canonical_url} has neither title nor text")
    published = None if article.published_at is None else aware_utc(article.published_at)
    fetched_at = aware_utc(article.fetched_at or now)
    if article.minhash and len(article.minhash) != dedupe.NUM_PERM:
        raise StoreError(f"minhash must have {dedupe.NUM_PERM} values, got {len(article.minhash)}")
    article = replace(
        article,
        url=article.url.strip(),
        canonical_url=article.canonical_url.strip(),
        outlet=article.outlet.strip(),
        title=article.title.strip(),
        image_url=image_url(article.image_url),  # a broken one is dropped, never refused
    )
    text_hash = article.text_hash
    if text_hash is None and dedupe.normalized_words(article.text):
        text_hash = dedupe.text_hash(article.text)
    signature = tuple(article.minhash) or dedupe.minhash_signature(article.text)
    # The publication time, unless missing or implausibly far in the future of the fetch.
    dated = published if published and published <= fetched_at + timedelta(days=1) else None
    return PreparedArticle(
        article=article,
        fetched_at=fetched_at,
        published_at=published,
        dated_at=dated or fetched_at,
        text_hash=text_hash,
        signature=signature,
        band_keys=band_key_ints(signature),
        indexed=stemmed_fields(article.title, article.bullets, article.text),
        topics=list(dict.fromkeys(t.strip() for t in article.topics if t.strip())),
    )


def best_story(
    signature: tuple[int, ...], candidates: Iterable[tuple[int, bytes | None]]
) -> int | None:
    """The story of the most similar candidate ``(story_id, packed minhash)``, if similar
    enough to be the same story (``bot.core.dedupe.SAME_STORY``)."""
    best, best_story_id = 0.0, None
    for story_id, blob in candidates:
        score = dedupe.similarity(signature, unpack_minhash(blob))
        if score > best:
            best, best_story_id = score, story_id
    return best_story_id if best >= dedupe.SAME_STORY else None
