"""Fit the answer ranker (``summaries/passages.py``) on the BPJS question set's fit part.

Every question of ``bench/data/bpjs-questions.jsonl`` whose ``split`` is ``fit`` is asked
against the BPJS archive (``../shared/eval/bpjs-dev.jsonl``, ingested as ``bench/answers.py``
does; ``--db`` keeps it between runs). Each candidate passage ``bot.chat.answer.explain``
weighs is one example: positive when its quote holds the question's answer span. A logistic
model (L2-regularised, Newton's method, numpy) is fitted on them; then the answer threshold is
chosen on the same questions: the lowest probability at which the best passage is quoted such
that confident wrong answers (a quote without the span, or any answer to an unanswerable
question) stay at most ``--max-wrong`` of the questions. Writes
``summaries/data/answer_ranker.json`` with the figures it was fitted to.

    python -m bench.train_answer_ranker [--db /tmp/warta-bpjs.db] [--max-wrong 0.03]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.answer_sets import MissingArchive, load_archive, load_questions
from bench.answers import answered_in, cached_archive
from bot.chat.answer import KEEP_GAP, MAX_QUOTES, explain
from bot.storage import open_store
from summaries.passages import CALIBRATION, FEATURES, calibration_inputs, lead, load_ranker

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "summaries" / "data" / "answer_ranker.json"
L2 = 0.01
RELATED_THRESHOLD = 0.6  # article coverage for "related news" (not fitted: a reading aid)


def placeholder_model() -> None:
    """A neutral model for the current features, so that ``explain`` runs while fitting
    after the features changed (the fitted one replaces it)."""
    try:
        load_ranker()
    except (ValueError, KeyError):
        neutral = {
            "features": list(FEATURES),
            "weights": [0.0] * len(FEATURES),
            "calibration_inputs": list(CALIBRATION),
            "calibration": [0.0] * len(CALIBRATION),
            "answer_threshold": 1.0,
            "related_threshold": RELATED_THRESHOLD,
        }
        OUT.write_text(json.dumps(neutral) + "\n", encoding="utf-8")
        load_ranker.cache_clear()


def examples(db: Path, questions: list[dict]) -> list[tuple[dict, np.ndarray, np.ndarray, list]]:
    """Per question: (question, feature matrix, labels, passages) of its candidates."""
    out = []
    with open_store(db) as store:
        for q in questions:
            explained = explain(store, q["question"])
            ranked = explained.selection.ranked if explained else []
            x = np.array([p.features for p in ranked], dtype=float).reshape(-1, len(FEATURES))
            y = np.array([answered_in(q, p.quote) for p in ranked], dtype=float)
            out.append((q, x, y, ranked))
    return out


def fit_ranking(data, l2: float, rounds: int = 400, rate: float = 0.05) -> np.ndarray:
    """Weights of a conditional logit: for each question with an answering passage, the
    softmax over its passages should put the weight on the answering ones (Adam, L2)."""
    groups = [(x, y) for q, x, y, _ in data if len(y) and y.any() and q["answerable"]]
    w = np.zeros(len(FEATURES))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for step in range(1, rounds + 1):
        gradient = l2 * w
        for x, y in groups:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = p * y
            q /= q.sum()
            gradient += x.T @ (p - q) / len(groups)
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient**2
        w -= rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.01, rounds: int = 100) -> np.ndarray:
    """Plain logistic regression by Newton's method (last column: the constant)."""
    w = np.zeros(x.shape[1])
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + l2 * w
        hessian = (x.T * (p * (1 - p))) @ x + l2 * np.eye(x.shape[1])
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def tops(data, w: np.ndarray) -> list[tuple[list[float], bool | None]]:
    """Per question: (the calibration inputs of its best passage, whether it holds the span;
    None when the question is unanswerable)."""
    result = []
    for q, x, y, passages in data:
        if len(y) == 0:
            continue  # nothing to quote: declined whatever the model says
        s = x @ w
        order = np.argsort(-s)
        ranked = [passages[i] for i in order]
        for i, p in zip(order, ranked, strict=True):
            p.score = float(s[i])
        # Right when a quote of the reply holds the answer: the best passage and the next
        # ones scoring within KEEP_GAP of it, as bot.chat.answer quotes them.
        chosen = [i for i in order[:MAX_QUOTES] if s[i] >= s[order[0]] - KEEP_GAP]
        ok = bool(any(y[i] for i in chosen)) if q["answerable"] else None
        result.append((calibration_inputs(float(s[order[0]]), lead(ranked), x[order[0]]), ok))
    return result


def calibrate(top: list[tuple[list[float], bool | None]]) -> np.ndarray:
    """Weights of P(the best passage answers) = sigmoid(w · calibration inputs)."""
    x = np.array([inputs for inputs, _ in top])
    y = np.array([1.0 if ok else 0.0 for _, ok in top])
    return logistic(x, y, l2=0.1)


def probabilities(top, calibration: np.ndarray) -> list[tuple[float, bool | None]]:
    return [
        (float(1 / (1 + np.exp(-np.clip(np.dot(calibration, inputs), -30, 30)))), ok)
        for inputs, ok in top
    ]


def threshold(
    results: list[tuple[float, bool | None]], max_wrong: float, n: int
) -> tuple[float, dict]:
    """The lowest answer threshold whose wrong answers stay within ``max_wrong`` of the
    ``n`` questions."""
    best = (1.0, {"answered": 0, "wrong": 0, "n": n})
    for t in sorted({round(p, 4) for p, _ in results} | {1.0}, reverse=True):
        answered = sum(1 for p, ok in results if p >= t and ok)
        wrong = sum(1 for p, ok in results if p >= t and not ok)
        if wrong <= max_wrong * n:
            best = (t, {"answered": answered, "wrong": wrong, "n": n})
        else:
            break
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="keep the ingested archive here (reused)")
    parser.add_argument("--max-wrong", type=float, default=0.10)
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument(
        "--indosum-db",
        type=Path,
        help="also fit on the IndoSum questions, on this archive (as bench.answers --db keeps)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the model")
    args = parser.parse_args()
    started = time.perf_counter()
    placeholder_model()
    questions = load_questions("bpjs", "fit")
    try:
        articles = load_archive("bpjs", 0, questions)
    except MissingArchive as exc:
        print(f"skipped: {exc}")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="warta-ranker-"))
    try:
        db = tmp / "archive.db"
        cached_archive(db, articles, args.db)
        data = examples(db, questions)
        if args.indosum_db:
            indosum = load_questions("indosum")
            cached_archive(
                tmp / "indosum.db", load_archive("indosum", 1000, indosum), args.indosum_db
            )
            data += examples(tmp / "indosum.db", indosum)
            questions += indosum
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    y = np.concatenate([y for _, _, y, _ in data if len(y)])
    w = fit_ranking(data, args.l2)
    top = tops(data, w)
    calibration = calibrate(top)
    t, figures = threshold(probabilities(top, calibration), args.max_wrong, len(questions))
    first = sum(1 for _, ok in top if ok)
    reachable = sum(1 for q, _, y, _ in data if q["answerable"] and y.any())
    print(f"fit questions: {len(questions)}; passages: {len(y)} ({int(y.sum())} hold the span)")
    print(f"answerable questions with a passage holding the span: {reachable}")
    print(f"best passage holds the span: {first}")
    print(
        f"answer threshold {t:.3f}: answered {figures['answered']}/{figures['n']}, "
        f"wrong {figures['wrong']}/{figures['n']}"
    )
    probs = probabilities(top, calibration)
    print("threshold: answered / wrong of the fit questions (with a passage)")
    for cut in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        right = sum(1 for p, ok in probs if p >= cut and ok)
        wrong = sum(1 for p, ok in probs if p >= cut and not ok)
        print(f"  {cut:.1f}: {right:>4} / {wrong:>4}")
    for name, weight in sorted(zip(FEATURES, w, strict=True), key=lambda p: -abs(p[1])):
        print(f"  {name:<20} {weight:+.3f}")
    model = {
        "features": list(FEATURES),
        "weights": [round(float(v), 5) for v in w],
        "calibration_inputs": list(CALIBRATION),
        "calibration": [round(float(v), 5) for v in calibration],
        "answer_threshold": round(t, 4),
        "related_threshold": RELATED_THRESHOLD,
        "fitted_on": {
            "questions": "bench/data/bpjs-questions.jsonl (split=fit)",
            "n_questions": len(questions),
            "n_passages": len(y),
            "max_wrong": args.max_wrong,
            "l2": args.l2,
            **figures,
        },
    }
    if not args.dry_run:
        OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
