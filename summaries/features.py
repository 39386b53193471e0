"""Cheap per-sentence features for the Warta sentence scorer."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

__all__ = ["FEATURE_NAMES", "Candidate", "sentence_features"]

_QUOTE_CHARS = "\"“”'‘’"
_SAID_WORDS = (
    "kata katanya ujar ujarnya ucap ucapnya tutur tuturnya jelas jelasnya ungkap ungkapnya "
    "papar paparnya tegas tegasnya imbuh imbuhnya tambah tambahnya sebut sebutnya terang "
    "terangnya menurut mengatakan menjelaskan mengungkapkan menuturkan menyebutkan "
    "menegaskan menambahkan said"
)
_SAID = frozenset(_SAID_WORDS.split())
_ANAPHORA_WORDS = (
    "ia dia mereka namun sementara selain itu hal tersebut oleh karena sehingga kemudian "
    "bahkan padahal adapun meski meskipun tak tidak dan tapi tetapi"
)
_ANAPHORA = frozenset(_ANAPHORA_WORDS.split())
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class Candidate:
    """One candidate sentence with the data the scorer needs."""

    text: str
    index: int
    paragraph: int
    para_pos: int
    words: list[str]
    stems: list[str]


FEATURE_NAMES: tuple[str, ...] = (
    "pos0",
    "pos1",
    "pos2",
    "pos3",
    "pos4",
    "pos5_7",
    "pos8_plus",
    "rel_pos",
    "log_pos",
    "para0",
    "para1",
    "para2",
    "para3_plus",
    "first_in_para",
    "log_len",
    "len_lt6",
    "len_6_10",
    "len_10_15",
    "len_15_25",
    "len_25_40",
    "len_gt40",
    "centroid_cos",
    "centroid_rank",
    "degree",
    "degree_rank",
    "first_sim",
    "has_title",
    "title_overlap",
    "title_cos",
    "starts_quote",
    "has_quote",
    "said_word",
    "starts_anaphora",
    "digit_frac",
    "question",
    "colon_end",
    "cap_frac",
    "log_doc_len",
    "pos0_x_log_len",
    "pos0_x_doc_short",
)


def _len_bucket(n_words: int) -> int:
    """Length bucket 0..5 for <6, 6-9, 10-14, 15-24, 25-40, >40 words."""
    for bucket, upper in enumerate((6, 10, 15, 25, 41)):
        if n_words < upper:
            return bucket
    return 5


def _unit_rows(cands: list[Candidate], vocab: dict[str, int]) -> np.ndarray:
    """L2-normalised term-frequency rows for the candidates over vocab."""
    mat = np.zeros((len(cands), len(vocab)), dtype=np.float64)
    for i, c in enumerate(cands):
        for s, k in Counter(c.stems).items():
            mat[i, vocab[s]] = k
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return mat / norms


def _rank01(values: np.ndarray) -> np.ndarray:
    """Descending rank of each value scaled to 0 (best) .. 1 (worst)."""
    n = len(values)
    if n <= 1:
        return np.zeros(n)
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(n)
    ranks[order] = np.arange(n)
    return ranks / (n - 1)


def sentence_features(cands: list[Candidate], title_stems: list[str] | None) -> np.ndarray:
    """Return the (n_sentences, n_features) feature matrix in FEATURE_NAMES order."""
    n = len(cands)
    feats = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    if n == 0:
        return feats
    vocab: dict[str, int] = {}
    for c in cands:
        for s in c.stems:
            vocab.setdefault(s, len(vocab))
    title_set = set(title_stems or ())
    for s in title_set:
        vocab.setdefault(s, len(vocab))
    unit = _unit_rows(cands, vocab)
    centroid = unit.sum(axis=0)
    cnorm = np.linalg.norm(centroid)
    centroid_cos = unit @ centroid / cnorm if cnorm else np.zeros(n)
    sims = unit @ unit.T
    np.fill_diagonal(sims, 0.0)
    degree = sims.sum(axis=1) / max(n - 1, 1)
    first_sim = sims[0].copy()
    first_sim[0] = 1.0
    if title_set:
        tvec = np.zeros(len(vocab))
        for s in title_set:
            tvec[vocab[s]] = 1.0
        title_cos = unit @ (tvec / np.linalg.norm(tvec))
    else:
        title_cos = np.zeros(n)
    centroid_rank = _rank01(centroid_cos)
    degree_rank = _rank01(degree)
    log_doc_len = math.log1p(n)
    for i, c in enumerate(cands):
        row = feats[i]
        idx = c.index
        row[idx if idx < 5 else 5 if idx < 8 else 6] = 1.0
        row[7] = idx / max(n - 1, 1)
        row[8] = math.log1p(idx)
        p = c.paragraph
        row[9 + min(p, 3)] = 1.0
        row[13] = 1.0 if c.para_pos == 0 else 0.0
        nw = len(c.words)
        row[14] = math.log1p(nw)
        row[15 + _len_bucket(nw)] = 1.0
        row[21] = centroid_cos[i]
        row[22] = centroid_rank[i]
        row[23] = degree[i]
        row[24] = degree_rank[i]
        row[25] = first_sim[i]
        if title_set:
            row[26] = 1.0
            row[27] = len(title_set.intersection(c.stems)) / len(title_set)
            row[28] = title_cos[i]
        text = c.text
        row[29] = 1.0 if text[:1] in _QUOTE_CHARS else 0.0
        row[30] = 1.0 if any(q in text for q in _QUOTE_CHARS) else 0.0
        row[31] = 1.0 if any(w in _SAID for w in c.words) else 0.0
        row[32] = 1.0 if c.words and c.words[0] in _ANAPHORA else 0.0
        row[33] = len(_DIGIT.findall(text)) / max(len(text), 1)
        stripped = text.rstrip(_QUOTE_CHARS + " )")
        row[34] = 1.0 if stripped.endswith("?") else 0.0
        row[35] = 1.0 if stripped.endswith(":") else 0.0
        raw = text.split()
        row[36] = sum(1 for w in raw if w[:1].isupper()) / max(len(raw), 1)
        row[37] = log_doc_len
        row[38] = row[14] if idx == 0 else 0.0
        row[39] = 1.0 if idx == 0 and n <= 6 else 0.0
    return feats
