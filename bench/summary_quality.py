"""ROUGE of every summarization method on the IndoSum dev file (bullets=3 for all)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rouge_score import rouge_scorer

from bench.corpus import DEV_FILE, read_records, slug_title
from summaries.summarize import METHODS, SummaryError

DEFAULT_METHODS = ("lead3", "lexrank", "textrank", "lsa", "luhn", "sumbasic", "warta")
SLUG_TITLE = "warta+slug-title"


def score_method(name: str, records: list[dict], bullets: int) -> tuple[float, float, float, float]:
    """Mean ROUGE-1/2/L F1 x 100 and seconds taken for one method."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
    method = METHODS["warta" if name == SLUG_TITLE else name]
    totals = [0.0, 0.0, 0.0]
    start = time.perf_counter()
    for rec in records:
        title = slug_title(rec["id"]) if name == SLUG_TITLE else None
        try:
            system = "\n".join(method(rec["text"], title=title, bullets=bullets))
        except SummaryError:
            system = ""
        scores = scorer.score("\n".join(rec["summary_sentences"]), system)
        for i, key in enumerate(("rouge1", "rouge2", "rougeL")):
            totals[i] += scores[key].fmeasure
    seconds = time.perf_counter() - start
    n = max(len(records), 1)
    return totals[0] * 100 / n, totals[1] * 100 / n, totals[2] * 100 / n, seconds


def main(argv: list[str] | None = None) -> int:
    """Print the ROUGE table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEV_FILE)
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--bullets", type=int, default=3)
    ap.add_argument(
        "--methods",
        default=",".join(DEFAULT_METHODS),
        help=f"comma-separated, from {sorted(METHODS)} and {SLUG_TITLE!r}",
    )
    args = ap.parse_args(argv)
    records = read_records(args.data, args.limit)
    names = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in names if m not in METHODS and m != SLUG_TITLE]
    if unknown:
        ap.error(f"unknown methods: {unknown}")
    print(f"{args.data.name}: {len(records)} articles, bullets={args.bullets}, F1 x 100")
    print(f"| {'method':<17} | {'R1':>6} | {'R2':>6} | {'RL':>6} | {'seconds':>7} |")
    print(f"|{'-' * 19}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 9}|")
    for name in names:
        r1, r2, rl, secs = score_method(name, records, args.bullets)
        print(f"| {name:<17} | {r1:6.2f} | {r2:6.2f} | {rl:6.2f} | {secs:7.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
