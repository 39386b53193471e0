"""The two question sets of ``bench/answers.py`` and the archives they are asked against.

- ``indosum``: ``bench/data/questions.jsonl`` on 1,000 IndoSum articles of mixed news (all in
  ``bench/data``); no split (the set was written while the engine was tuned).
- ``bpjs``: ``bench/data/bpjs-questions.jsonl`` on the 1,104 BPJS articles of
  ``../shared/eval/bpjs-dev.jsonl``, an archive about one subject. The article texts belong
  to their publishers and stay out of this repository: the bench reads them from
  ``../shared/eval`` and says so when they are not there. Each question has a ``split``:
  ``fit`` (the answer ranker is fitted on it, ``bench/train_answer_ranker.py``) or
  ``report`` (the figures in the README).

Every archive record is normalised to: ``id``, ``title``, ``text``, ``outlet``, ``section``,
``published`` (an aware datetime, or None when the source gives no date).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from bench.corpus import DEV_FILE, read_records, slug_title

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
INDOSUM_QUESTIONS = DATA / "questions.jsonl"
INDOSUM_ARTICLES = DATA / "questions-articles.jsonl"
BPJS_QUESTIONS = DATA / "bpjs-questions.jsonl"
BPJS_ARCHIVE = ROOT.parent / "shared" / "eval" / "bpjs-dev.jsonl"
ARCHIVE_END = datetime(2026, 11, 25, tzinfo=UTC)  # as bench/search.py END
WIB = timezone(timedelta(hours=7))
SETS = ("indosum", "bpjs")
PARTS = ("fit", "report", "all")


class MissingArchive(Exception):
    """The set's archive is not on this machine (``../shared/eval`` absent)."""


def load_questions(name: str, part: str = "all") -> list[dict]:
    """The questions of set ``name``; for ``bpjs`` only those of ``part`` unless "all"."""
    path = INDOSUM_QUESTIONS if name == "indosum" else BPJS_QUESTIONS
    with path.open(encoding="utf-8") as lines:
        questions = [json.loads(line) for line in lines if line.strip()]
    if name == "bpjs" and part != "all":
        questions = [q for q in questions if q["split"] == part]
    return questions


def load_archive(name: str, size: int, questions: list[dict]) -> list[dict]:
    """The normalised archive records of set ``name`` (every answering article included)."""
    if name == "bpjs":
        return _bpjs_archive()
    return _indosum_archive(size, questions)


# -- IndoSum ------------------------------------------------------------------------------------


def written(record: dict) -> datetime:
    """IndoSum ids start with the article's Unix time (2016-2018)."""
    return datetime.fromtimestamp(int(record["id"].split("-", 1)[0]), UTC)


def _dater(records: list[dict]) -> Callable[[dict], datetime]:
    """Publication dates moved forward so that the newest article is dated ``ARCHIVE_END``
    (intervals kept): the archive then spans the same recent years as the synthetic articles
    of the large archive, as in a running bot, instead of being years older than all of them."""
    shift = ARCHIVE_END - max(written(r) for r in records)
    return lambda record: written(record) + shift


def _indosum_archive(size: int, questions: list[dict]) -> list[dict]:
    """``size`` IndoSum records (at least every answering one): dev first, then the copied
    train articles."""
    records = list(read_records(DEV_FILE)) + list(read_records(INDOSUM_ARTICLES))
    needed = {q["article_id"] for q in questions if q["answerable"]}
    chosen = [r for r in records if r["id"] in needed]
    for record in records:
        if len(chosen) >= size:
            break
        if record["id"] not in needed:
            chosen.append(record)
    missing = needed - {r["id"] for r in chosen}
    if missing:
        raise SystemExit(f"answering articles missing from bench/data: {sorted(missing)[:5]}")
    dated = _dater(chosen)
    return [
        {
            "id": r["id"],
            "title": slug_title(r["id"]).capitalize(),
            "text": r["text"],
            "outlet": r.get("outlet", "").title() or "IndoSum",
            "section": r.get("category", ""),
            "published": dated(r),
        }
        for r in chosen
    ]


# -- BPJS ---------------------------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?")


def _published(value: object) -> datetime | None:
    """An ISO date or date-time of the file (local time of Indonesia's west) as aware UTC."""
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    when = datetime.fromisoformat(_DATE.match(value).group())  # type: ignore[union-attr]
    return (when if when.tzinfo else when.replace(tzinfo=WIB)).astimezone(UTC)


def _bpjs_archive() -> list[dict]:
    if not BPJS_ARCHIVE.exists():
        raise MissingArchive(
            f"{BPJS_ARCHIVE} is not here: the BPJS archive is read from ../shared/eval "
            "(evaluation only, not in this repository)"
        )
    records = []
    for line in BPJS_ARCHIVE.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        outlet = r.get("outlet") or r.get("outlet_inferred") or "Arsip BPJS"
        records.append(
            {
                "id": r["id"],
                "title": r["title"],
                "text": r["text"],
                "outlet": outlet,
                "section": "bpjs",
                "published": _published(r.get("published")),
            }
        )
    return records
