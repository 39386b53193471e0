"""Topic tagging against hand labels: precision and recall per catalogue topic.

The labels (``bench/data/topic-labels.jsonl``, see ``bench/data/README.md``) name articles of
``../shared/eval`` by id: real BPJS news from ``bpjs-dev.jsonl`` (evaluation only, its texts
never copied here) and mixed IndoSum news (``indosum-train.jsonl``, ``indosum-dev.jsonl``), so
that both missed tags and false tags on general news show. The texts are read from
``../shared/eval`` at run time; without it the bench says so and exits 0.

Each label has a ``part``: ``tune`` (the sample the matching rules and the catalogue were
adjusted on) and ``check`` (BPJS articles labelled afterwards, before the tagger saw them);
the bench prints a table for each and for both together.

The tagger gets what ingestion gives it: the title and the text. IndoSum records have no title
(their id holds only a lower-case slug), so those articles are tagged from their text alone.

Run: python -m bench.topics [--errors] [--part tune|check|all] [--topics FILE] [--eval DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.config import SEEDS_DIR
from bot.core.topics import TopicMatcher, load_topics

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "topic-labels.jsonl"
EVAL_DIR = ROOT.parent / "shared" / "eval"
SOURCES = {
    "bpjs-dev": "bpjs-dev.jsonl",
    "indosum-train": "indosum-train.jsonl",
    "indosum-dev": "indosum-dev.jsonl",
}


@dataclass
class Score:
    """Counts for one topic."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_tags: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        tagged = self.tp + self.fp
        return self.tp / tagged if tagged else None

    @property
    def recall(self) -> float | None:
        labelled = self.tp + self.fn
        return self.tp / labelled if labelled else None


def read_labels(path: Path = LABELS) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read_texts(labels: Iterable[dict], eval_dir: Path) -> dict[tuple[str, str], dict]:
    """The labelled records of each source file, by (source, id)."""
    wanted: dict[str, set[str]] = {}
    for label in labels:
        wanted.setdefault(label["source"], set()).add(label["id"])
    records: dict[tuple[str, str], dict] = {}
    for source, ids in wanted.items():
        path = eval_dir / SOURCES[source]
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    record = json.loads(line)
                    if record["id"] in ids:
                        records[(source, record["id"])] = record
    return records


def score(matcher: TopicMatcher, slugs: list[str], labels: list[dict], records: dict) -> dict:
    """Per-topic counts of the tagger's output against the labels."""
    scores = {slug: Score() for slug in slugs}
    for label in labels:
        record = records[(label["source"], label["id"])]
        title = record.get("title") if label["source"] == "bpjs-dev" else None
        found = set(matcher.match(title, record["text"]))
        wanted = set(label["topics"])
        name = f"{label['id']}  {(title or record['id'])[:90]}"
        for slug in slugs:
            s = scores[slug]
            if slug in found and slug in wanted:
                s.tp += 1
            elif slug in found:
                s.fp += 1
                s.false_tags.append(name)
            elif slug in wanted:
                s.fn += 1
                s.missed.append(name)
    return scores


def _print_table(part: str, slugs: list[str], scores: dict[str, Score], labels: list[dict]) -> None:
    by_source: dict[str, int] = {}
    for label in labels:
        by_source[label["source"]] = by_source.get(label["source"], 0) + 1
    sources = ", ".join(f"{n} {s}" for s, n in sorted(by_source.items()))
    print(f"\npart {part}: {len(labels)} hand-labelled articles ({sources})")
    print(
        f"{'topic':<22} {'labelled':>8} {'tagged':>6} {'TP':>4} {'FP':>4} {'FN':>4}  prec.  recall"
    )
    for slug in slugs:
        s = scores[slug]
        print(
            f"{slug:<22} {s.tp + s.fn:>8} {s.tp + s.fp:>6} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
            f"{_pct(s.precision)} {_pct(s.recall)}"
        )
    total = Score(
        tp=sum(s.tp for s in scores.values()),
        fp=sum(s.fp for s in scores.values()),
        fn=sum(s.fn for s in scores.values()),
    )
    print(
        f"{'all (micro)':<22} {total.tp + total.fn:>8} {total.tp + total.fp:>6} {total.tp:>4} "
        f"{total.fp:>4} {total.fn:>4} {_pct(total.precision)} {_pct(total.recall)}"
    )


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=Path, default=SEEDS_DIR / "topics.toml")
    parser.add_argument("--eval", type=Path, default=EVAL_DIR, help="folder of the eval files")
    parser.add_argument("--errors", action="store_true", help="list false and missed tags")
    parser.add_argument("--part", choices=("tune", "check", "all"), default="all")
    args = parser.parse_args(argv)

    labels = read_labels()
    missing = sorted(
        {SOURCES[x["source"]] for x in labels if not (args.eval / SOURCES[x["source"]]).exists()}
    )
    if missing:
        print(
            f"skipped: {', '.join(missing)} not found in {args.eval}; the labelled texts are "
            "read from ../shared/eval at run time (evaluation only, not in this repository)"
        )
        return 0
    records = read_texts(labels, args.eval)
    absent = [x["id"] for x in labels if (x["source"], x["id"]) not in records]
    if absent:
        print(f"error: {len(absent)} labelled articles are not in the eval files: {absent[:5]}")
        return 1

    topics = load_topics(args.topics)
    slugs = [t.slug for t in topics]
    matcher = TopicMatcher(topics)
    print(f"catalogue {args.topics}")
    parts = ("tune", "check", "all") if args.part == "all" else (args.part,)
    for part in parts:
        chosen = [x for x in labels if part == "all" or x["part"] == part]
        scores = score(matcher, slugs, chosen, records)
        _print_table(part, slugs, scores, chosen)
    if args.errors:
        for slug in slugs:
            s = scores[slug]
            for kind, names in (("false tag", s.false_tags), ("missed", s.missed)):
                for name in names:
                    print(f"  {slug}: {kind}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
