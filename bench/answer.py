"""Question answering: speed and how often the right sentence comes first.

From the IndoSum dev articles in bench/data (real Indonesian news), each trial picks a sentence
of one article, asks a question built from three of its content words (with "berapa" when the
sentence has a number), and gives ``answer_question`` ten hits: that article among nine others.
It also asks questions the hits cannot answer, made of content words of an article outside the
hits: none of the three words in the hits, or only one of them (plus two absent words), and
counts how often the answer is rightly empty. Prints the time per question and the rates.

Run: python bench/answer.py [--trials 200] [--seed 11]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import as_article, read_records  # noqa: E402

from bot.answer import answer_question, render_answer  # noqa: E402
from bot.models import Article, SearchHit  # noqa: E402
from summaries.stem import STOP_WORDS  # noqa: E402
from summaries.tokenize import split_sentences, split_words  # noqa: E402


def load_articles() -> list[Article]:
    return [as_article(number, record) for number, record in enumerate(read_records())]


def content_words(sentence: str) -> list[str]:
    return [w for w in split_words(sentence) if w.lower() not in STOP_WORDS and len(w) > 3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    articles = load_articles()
    answer_question("pemanasan stemmer", [SearchHit(articles[0], 1.0)])  # load the stemmer

    times, found_first, found_any, asked = [], 0, 0, 0
    empty_right, unrelated_asked = 0, 0
    partial_right, partial_asked = 0, 0
    for _ in range(args.trials):
        target = rng.choice(articles)
        others = rng.sample([a for a in articles if a.id != target.id], 9)
        sentences = [s for s in split_sentences(target.text) if len(content_words(s)) >= 5]
        if not sentences:
            continue
        sentence = rng.choice(sentences)
        words = rng.sample(content_words(sentence), 3)
        wh = "berapa" if any(ch.isdigit() for ch in sentence) else "apakah"
        question = f"{wh} {' '.join(words)}?"
        hits = [SearchHit(a, 1.0) for a in others]
        hits.insert(rng.randrange(len(hits) + 1), SearchHit(target, 1.0))
        start = time.perf_counter()
        evidence = answer_question(question, hits)
        render_answer(evidence, "Asia/Jakarta")
        times.append((time.perf_counter() - start) * 1000)
        asked += 1
        quoted = [e.sentence for e in evidence]
        found_first += bool(quoted) and quoted[0] == sentence
        found_any += sentence in quoted

        # A question about another article, asked of hits that do not contain it.
        outside = rng.choice([a for a in articles if a not in (target, *others)])
        outside_sentences = [s for s in split_sentences(outside.text) if content_words(s)]
        pool = {w.lower() for a in (target, *others) for w in split_words(a.text)}
        foreign = [w for s in outside_sentences for w in content_words(s) if w.lower() not in pool]
        if len(foreign) >= 3:
            unrelated_asked += 1
            empty_right += answer_question(f"apakah {' '.join(foreign[:3])}?", hits) == []
            shared = [w for w in content_words(sentence) if w not in words]
            if shared:
                partial_asked += 1
                question = f"apakah {shared[0]} {' '.join(foreign[:2])}?"
                partial_right += answer_question(question, hits) == []

    q = statistics.quantiles(times, n=20)
    print(f"questions: {asked} (10 hits each, IndoSum dev articles)")
    print(
        f"time per question (answer + render): median {statistics.median(times):.2f} ms, "
        f"p95 {q[-1]:.2f} ms, max {max(times):.2f} ms"
    )
    print(f"source sentence quoted first: {found_first / asked:.1%}")
    print(f"source sentence quoted at all: {found_any / asked:.1%}")
    print(
        f"questions with no word in the hits answered with nothing: "
        f"{empty_right}/{unrelated_asked} ({empty_right / max(1, unrelated_asked):.1%})"
    )
    print(
        f"questions with one word of three in the hits answered with nothing: "
        f"{partial_right}/{partial_asked} ({partial_right / max(1, partial_asked):.1%})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
