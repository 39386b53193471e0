"""Duplicate and near-duplicate detection: exact text hashes and MinHash signatures.

The same story told by several outlets shares most of its word shingles; MinHash estimates
that overlap (Jaccard similarity) from a short signature, and locality-sensitive hashing
(bands of the signature) finds candidate stories without comparing every pair.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
SAME_STORY = 0.35  # estimated Jaccard of word 3-shingles above which two texts are one story

_PRIME = np.uint64(4294967311)  # smallest prime above 2**32
_rng = np.random.default_rng(20261125)  # fixed: signatures are stored, so they must be stable
_A = _rng.integers(1, 2**31 - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 2**31 - 1, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"\w+", re.UNICODE)


def normalized_words(text: str) -> list[str]:
    """Lower-cased words of ``text`` after Unicode NFKC normalisation."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def text_hash(text: str) -> str:
    """A stable hash of the text's words: equal for texts that differ only in spacing/case."""
    return hashlib.sha256(" ".join(normalized_words(text)).encode()).hexdigest()


def minhash_signature(text: str) -> tuple[int, ...]:
    """MinHash signature (``NUM_PERM`` ints) of the text's word shingles; () if no words."""
    words = normalized_words(text)
    if not words:
        return ()
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    hashes = np.fromiter((zlib.crc32(s.encode()) for s in shingles), dtype=np.uint64)
    permuted = (np.outer(hashes, _A) + _B) % _PRIME
    return tuple(int(v) for v in permuted.min(axis=0))


def band_keys(signature: tuple[int, ...]) -> list[str]:
    """LSH band keys of a signature: two texts sharing any key are candidate duplicates."""
    if len(signature) != NUM_PERM:
        return []
    return [
        f"{band}:"
        + hashlib.blake2b(
            repr(signature[band * ROWS : (band + 1) * ROWS]).encode(), digest_size=8
        ).hexdigest()
        for band in range(BANDS)
    ]


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures (0.0 when either is empty)."""
    if len(a) != NUM_PERM or len(b) != NUM_PERM:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / NUM_PERM
