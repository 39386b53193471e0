"""Fit the Warta sentence scorer on the IndoSum train file and write summaries/data/."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from bench.corpus import slug_title
from summaries.features import FEATURE_NAMES, sentence_features
from summaries.stem import content_stems
from summaries.summarize import SummaryError, prepare, select

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TRAIN = ROOT.parent / "shared" / "eval" / "indosum-train.jsonl"
DEFAULT_OUT = ROOT / "summaries" / "data" / "warta_scorer.json"
_ROUGE_TOKEN = re.compile(r"[a-z0-9]+")


def rouge_tokens(text: str) -> list[str]:
    """Tokens as rouge-score sees them (lower-case ASCII letters and digits)."""
    return _ROUGE_TOKEN.findall(text.lower())


def _ngrams(tokens: list[str], n: int) -> Counter:
    """Counter of the n-grams of tokens."""
    return Counter(zip(*(tokens[i:] for i in range(n)), strict=False))


def _f1(sys_counts: Counter, ref_counts: Counter) -> float:
    """ROUGE-N F1 from n-gram counters."""
    overlap = sum((sys_counts & ref_counts).values())
    if not overlap:
        return 0.0
    p = overlap / sum(sys_counts.values())
    r = overlap / sum(ref_counts.values())
    return 2 * p * r / (p + r)


def oracle(sentences: list[list[str]], reference: list[str], max_k: int) -> list[int]:
    """Greedy extractive oracle: indices maximising ROUGE-1 + ROUGE-2 F1 vs the reference."""
    ref1, ref2 = _ngrams(reference, 1), _ngrams(reference, 2)
    grams = [(_ngrams(s, 1), _ngrams(s, 2)) for s in sentences]
    chosen: list[int] = []
    cur1, cur2 = Counter(), Counter()
    best = 0.0
    while len(chosen) < max_k:
        pick, pick_score = -1, best
        for i, (g1, g2) in enumerate(grams):
            if i in chosen:
                continue
            score = _f1(cur1 + g1, ref1) + _f1(cur2 + g2, ref2)
            if score > pick_score:
                pick, pick_score = i, score
        if pick < 0:
            break
        chosen.append(pick)
        cur1 += grams[pick][0]
        cur2 += grams[pick][1]
        best = pick_score
    return chosen


def build_documents(
    path: Path, title_rate: float, seed: int, limit: int | None = None
) -> list[dict]:
    """Per usable train article: training features (title for a seeded share), no-title
    features, oracle labels, candidates and the reference summary."""
    rng = np.random.default_rng(seed)
    docs = []
    with path.open(encoding="utf-8") as fh:
        for doc_id, line in enumerate(fh):
            if limit is not None and doc_id >= limit:
                break
            rec = json.loads(line)
            title = slug_title(rec["id"]) if rng.random() < title_rate else None
            try:
                cands = prepare(rec["text"], title)
            except SummaryError:
                continue
            reference = rouge_tokens(" ".join(rec["summary_sentences"]))
            picked = oracle([rouge_tokens(c.text) for c in cands], reference, 3)
            label = np.zeros(len(cands))
            label[picked] = 1.0
            x_plain = sentence_features(cands, None)
            x = sentence_features(cands, content_stems(title)) if title else x_plain
            docs.append(
                {
                    "id": doc_id,
                    "x": x,
                    "x_plain": x_plain,
                    "y": label,
                    "cands": cands,
                    "reference": "\n".join(rec["summary_sentences"]),
                }
            )
    return docs


def stack(docs: list[dict]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, oracle labels and document ids of the given documents, stacked."""
    x = np.vstack([d["x"] for d in docs])
    y = np.concatenate([d["y"] for d in docs])
    groups = np.concatenate([np.full(len(d["y"]), d["id"]) for d in docs])
    return x, y, groups


def build_dataset(
    path: Path, title_rate: float, seed: int, limit: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, oracle labels and document ids for every usable train sentence."""
    return stack(build_documents(path, title_rate, seed, limit))


def _edges(x: np.ndarray, max_bins: int) -> list[np.ndarray]:
    """Per-feature cut points at the data's quantiles."""
    qs = np.linspace(0.0, 1.0, max_bins + 1)[1:-1]
    return [np.unique(np.quantile(x[:, j], qs)) for j in range(x.shape[1])]


def fit_stumps(
    x: np.ndarray,
    y: np.ndarray,
    rounds: int = 600,
    lr: float = 0.1,
    lam: float = 1.0,
    max_bins: int = 32,
    min_hess: float = 5.0,
) -> tuple[list[np.ndarray], list[np.ndarray], float]:
    """Gradient-boosted decision stumps under logistic loss (an additive step-function model).

    Returns per-feature cut points, per-feature bin values and the bias; the score of a row is
    bias + sum_j values[j][searchsorted(edges[j], x_j, side="right")].
    """
    n, d = x.shape
    edges = _edges(x, max_bins)
    nb = max(len(e) for e in edges) + 1
    bins = np.stack([np.searchsorted(e, x[:, j], side="right") for j, e in enumerate(edges)], 1)
    flat = (bins + np.arange(d) * nb).ravel()
    tables = [np.zeros(len(e) + 1) for e in edges]
    prior = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    bias = float(np.log(prior / (1 - prior)))
    f = np.full(n, bias)
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-f))
        g_hist = np.bincount(flat, np.repeat(p - y, d), minlength=d * nb).reshape(d, nb)
        h_hist = np.bincount(flat, np.repeat(p * (1 - p), d), minlength=d * nb).reshape(d, nb)
        gl, hl = np.cumsum(g_hist, 1)[:, :-1], np.cumsum(h_hist, 1)[:, :-1]
        gt, ht = g_hist.sum(1, keepdims=True), h_hist.sum(1, keepdims=True)
        gr, hr = gt - gl, ht - hl
        gain = gl**2 / (hl + lam) + gr**2 / (hr + lam) - gt**2 / (ht + lam)
        gain[(hl < min_hess) | (hr < min_hess)] = -1.0
        j, t = np.unravel_index(np.argmax(gain), gain.shape)
        if gain[j, t] <= 0:
            break
        left = -gl[j, t] / (hl[j, t] + lam) * lr
        right = -gr[j, t] / (hr[j, t] + lam) * lr
        tables[j][: t + 1] += left
        tables[j][t + 1 :] += right
        f += np.where(bins[:, j] <= t, left, right)
    return edges, tables, bias


def predict(
    edges: list[np.ndarray], tables: list[np.ndarray], bias: float, x: np.ndarray
) -> np.ndarray:
    """Scores of feature rows under a fitted model (as summaries.summarize.warta_scores)."""
    scores = np.full(len(x), bias)
    for j, (e, t) in enumerate(zip(edges, tables, strict=True)):
        scores += t[np.searchsorted(e, x[:, j], side="right")]
    return scores


def cross_validate(
    docs: list[dict], folds: int, seed: int, k: int = 3, **fit_args: float
) -> tuple[float, float, float, float, float, float]:
    """K-fold ROUGE-1/2/L F1 x 100 on train (no title, k bullets, the dev-bench convention):
    the fitted scorer, then LEAD-k under the same pipeline."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=False)
    fold = np.random.default_rng(seed).permutation(len(docs)) % folds
    totals = np.zeros(6)
    for f in range(folds):
        train = [d for d, g in zip(docs, fold, strict=True) if g != f]
        held = [d for d, g in zip(docs, fold, strict=True) if g == f]
        edges, tables, bias = fit_stumps(*stack(train)[:2], **fit_args)
        for d in held:
            lead = -np.arange(len(d["cands"]), dtype=np.float64)
            scores = lead if len(d["cands"]) <= k else predict(edges, tables, bias, d["x_plain"])
            for col, s in ((0, scores), (3, lead)):
                system = "\n".join(c.text for c in select(d["cands"], s, k))
                got = scorer.score(d["reference"], system)
                totals[col : col + 3] += [got[m].fmeasure for m in ("rouge1", "rouge2", "rougeL")]
        print(f"fold {f + 1}/{folds} done", file=sys.stderr, flush=True)
    r = totals * 100 / len(docs)
    return tuple(float(v) for v in r)  # type: ignore[return-value]


def main(argv: list[str] | None = None) -> int:
    """Train and write the model file."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--rounds", type=int, default=600)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--title-rate", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument(
        "--cv",
        type=int,
        default=0,
        metavar="K",
        help="also print K-fold train cross-validation ROUGE (no title, 3 bullets) vs LEAD-3",
    )
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = build_documents(args.train, args.title_rate, args.seed, args.limit)
    if args.cv:
        r = cross_validate(docs, args.cv, args.seed, rounds=args.rounds, lr=args.lr)
        print(f"{args.cv}-fold train CV over {len(docs)} articles, bullets=3, no title, F1 x 100")
        print(f"  warta R1/R2/RL {r[0]:.2f} / {r[1]:.2f} / {r[2]:.2f}")
        print(f"  lead3 R1/R2/RL {r[3]:.2f} / {r[4]:.2f} / {r[5]:.2f}", flush=True)
    x, y, groups = stack(docs)
    t1 = time.perf_counter()
    edges, tables, bias = fit_stumps(x, y, rounds=args.rounds, lr=args.lr)
    t2 = time.perf_counter()
    model = {
        "model": "gradient-boosted decision stumps (logistic loss) over sentence features",
        "trained_on": args.train.name,
        "oracle": "greedy ROUGE-1+ROUGE-2 F1, up to 3 sentences",
        "documents": len(np.unique(groups)),
        "sentences": len(y),
        "positives": int(y.sum()),
        "rounds": args.rounds,
        "lr": args.lr,
        "title_rate": args.title_rate,
        "seed": args.seed,
        "features": list(FEATURE_NAMES),
        "bias": round(bias, 6),
        "edges": [[round(float(v), 6) for v in e] for e in edges],
        "values": [[round(float(v), 6) for v in t] for t in tables],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(
        f"{model['documents']} documents, {len(y)} sentences, {int(y.sum())} oracle positives; "
        f"features {t1 - t0:.1f}s, fit {t2 - t1:.2f}s; wrote {args.out}",
        file=sys.stderr,
    )
    spans = [float(t.max() - t.min()) for t in tables]
    for name, span in sorted(zip(FEATURE_NAMES, spans, strict=True), key=lambda t: -t[1]):
        print(f"{name:>18} range {span:.3f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
