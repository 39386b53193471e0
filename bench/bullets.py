"""Do the bullets stand alone? Openers, lengths and ROUGE on the IndoSum dev file, in one run.

Rows: LEAD-3 and the Warta scorer with the sentences as selected (the bullets before issue 16:
``select`` and plain formatting); Warta's bullets repaired by ``summaries.standalone`` but not
cut; and LEAD-3 and Warta through ``summarize()`` as shipped (repaired, and cut past
BULLET_LIMIT characters by ``summaries.clauses``). Columns: ROUGE F1 x 100
(the convention of bench/summary_quality.py), the share of bullets that open with a
connective or back-pointing pronoun (``summaries/data/openers-id.txt``), the share that open
with a demonstrative phrase ("Peristiwa ini …", for information), and bullet lengths in
characters. Then how Warta's shipped bullets were made: kept as is, connective dropped,
pronoun named, joined, cut, left over the limit, and the sentences passed over.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from bench.corpus import DEV_FILE, read_records
from summaries.standalone import find_opener
from summaries.summarize import (
    BULLET_LIMIT,
    BULLET_MAX,
    SummaryError,
    _bullet,
    prepare,
    select,
    select_bullets,
    summarize,
    warta_scores,
)

_DEMONSTRATIVE = re.compile(r"^\W*(?:\w+[\s-]){1,3}(?:ini|itu|tersebut)\b", re.IGNORECASE)


def _as_selected(method: str) -> Callable[[str], list[str]]:
    """The bullets before issue 16: selected sentences, formatted, nothing repaired or cut."""

    def run(text: str) -> list[str]:
        cands = prepare(text)
        if len(cands) <= 3 or method == "lead3":
            scores = -np.arange(len(cands), dtype=np.float64)
        else:
            scores = warta_scores(cands)
        return [_bullet(c.text) for c in select(cands, scores, 3)]

    return run


def _uncut(text: str) -> list[str]:
    """Warta bullets repaired to stand alone but never cut (what the length cut costs)."""
    cands = prepare(text)
    if len(cands) <= 3:
        return select_bullets(cands, -np.arange(len(cands), dtype=np.float64), 3, limit=None)
    return select_bullets(cands, warta_scores(cands), 3, limit=None)


def _shipped(method: str) -> Callable[[str], list[str]]:
    def run(text: str) -> list[str]:
        return summarize(text, bullets=3, method=method)

    return run


def how_made(records: list[dict]) -> Counter[str]:
    """How Warta's shipped bullets were made (as is, repaired, joined, cut) and what was passed
    over, counted over the records (``select_bullets(counts=...)``)."""
    counts: Counter[str] = Counter()
    for rec in records:
        try:
            cands = prepare(rec["text"])
        except SummaryError:
            continue
        if len(cands) <= 3:
            select_bullets(cands, -np.arange(len(cands), dtype=np.float64), 3, counts=counts)
        else:
            select_bullets(cands, warta_scores(cands), 3, counts=counts)
    return counts


ROWS: dict[str, Callable[[str], list[str]]] = {
    "lead3 as selected": _as_selected("lead3"),
    "warta as selected": _as_selected("warta"),
    "lead3 shipped": _shipped("lead3"),
    "warta uncut": _uncut,
    "warta shipped": _shipped("warta"),
}


def measure(run: Callable[[str], list[str]], records: list[dict]) -> dict[str, float]:
    """ROUGE, opener shares and length figures of one way of making bullets."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
    totals = [0.0, 0.0, 0.0]
    lengths: list[int] = []
    openers = demonstratives = 0
    for rec in records:
        try:
            bullets = run(rec["text"])
        except SummaryError:
            bullets = []
        scores = scorer.score("\n".join(rec["summary_sentences"]), "\n".join(bullets))
        for i, key in enumerate(("rouge1", "rouge2", "rougeL")):
            totals[i] += scores[key].fmeasure
        for bullet in bullets:
            lengths.append(len(bullet))
            if find_opener(bullet) is not None:
                openers += 1
            elif _DEMONSTRATIVE.match(bullet):
                demonstratives += 1
    n = max(len(records), 1)
    m = max(len(lengths), 1)
    lens = np.asarray(lengths or [0])
    return {
        "r1": totals[0] * 100 / n,
        "r2": totals[1] * 100 / n,
        "rl": totals[2] * 100 / n,
        "bullets": len(lengths),
        "openers": openers * 100 / m,
        "demonstratives": demonstratives * 100 / m,
        "p50": float(np.percentile(lens, 50)),
        "p95": float(np.percentile(lens, 95)),
        "max": float(lens.max()),
        "over_limit": int((lens > BULLET_LIMIT).sum()),
        "over_max": int((lens > BULLET_MAX).sum()),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEV_FILE)
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    args = ap.parse_args(argv)
    records = read_records(args.data, args.limit)
    print(f"{args.data.name}: {len(records)} articles, bullets=3, ROUGE F1 x 100")
    print(
        "| bullets           |     R1 |     R2 |     RL | n    | opener % | demonstr. % "
        f"| p50 | p95 | max | >{BULLET_LIMIT} | >{BULLET_MAX} |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, run in ROWS.items():
        f = measure(run, records)
        print(
            f"| {name:<17} | {f['r1']:6.2f} | {f['r2']:6.2f} | {f['rl']:6.2f} "
            f"| {f['bullets']:<4} | {f['openers']:8.1f} | {f['demonstratives']:11.1f} "
            f"| {f['p50']:3.0f} | {f['p95']:3.0f} | {f['max']:3.0f} "
            f"| {f['over_limit']:4} | {f['over_max']:4} |",
            flush=True,
        )
    print("\nwarta shipped, how each bullet was made (and sentences passed over):")
    for how, n in how_made(records).most_common():
        print(f"  {n:5}  {how}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
