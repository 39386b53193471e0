"""The benches' shared corpus: real Indonesian news from the IndoSum dev file in bench/data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot.core.models import Article

ROOT = Path(__file__).resolve().parent.parent
DEV_FILE = ROOT / "bench" / "data" / "indosum-dev.jsonl"


def read_records(path: Path = DEV_FILE, limit: int | None = None) -> list[dict]:
    """Up to ``limit`` JSON-lines records (IndoSum fields: id, text, summary_sentences…)."""
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return records[:limit] if limit else records


def slug_title(record_id: str) -> str:
    """A rough title from an IndoSum id ('<timestamp>-<title-slug>'): the slug, spaced."""
    return record_id.split("-", 1)[-1].replace("-", " ")


def as_article(
    number: int,
    record: dict,
    *,
    outlet: str = "IndoSum",
    topics: Sequence[str] = (),
    published_at: datetime | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """A stored-article stand-in for a record; its bullets are the reference summary."""
    return Article(
        id=number,
        url=f"https://contoh.id/berita/{number}",
        canonical_url=f"https://contoh.id/berita/{number}",
        outlet=outlet,
        title=slug_title(record["id"]).capitalize(),
        text=record["text"],
        bullets=tuple(record.get("summary_sentences", ()))[:3],
        topics=tuple(topics),
        story_id=number,
        published_at=published_at,
        fetched_at=fetched_at or datetime.now(UTC),
    )
