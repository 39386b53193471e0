"""`warta ask`: the bot's own answering path from the command line, as a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import NewArticle
from bot.storage import open_store

SEED = Path(__file__).resolve().parents[2] / "seeds" / "articles"
TEXT = (
    "BPJS Kesehatan menaikkan iuran peserta mandiri kelas III. Iuran kelas III naik dari "
    "Rp35.000 menjadi Rp42.000 per bulan mulai 1 Januari 2026. Kenaikan itu diumumkan "
    "Direktur Utama BPJS Kesehatan Ali Ghufron Mukti di Jakarta."
)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "warta.db"
    store = open_store(path)
    when = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    store.add_article(
        NewArticle(
            url="https://contoh.id/iuran",
            canonical_url="https://contoh.id/iuran",
            outlet="Antara",
            title="Iuran BPJS Kesehatan kelas III naik",
            text=TEXT,
            bullets=("Iuran kelas III naik.",),
            topics=(),
            published_at=when,
            fetched_at=when,
            text_hash=text_hash(TEXT),
            minhash=minhash_signature(TEXT),
        )
    )
    store.close()
    return path


def warta(*args: str, database: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARTA_", "TELEGRAM_"))}
    env["WARTA_DATABASE"] = str(database)
    return subprocess.run(
        [sys.executable, "-m", "bot", "ask", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def test_json_answer_has_exactly_the_documented_schema(database: Path, tmp_path: Path) -> None:
    done = warta("iuran bpjs kelas 3 dinaikin brp?", "--json", database=database, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"question", "found", "answers"}
    assert result["question"] == "iuran bpjs kelas 3 dinaikin brp?"
    assert result["found"] is True
    first = result["answers"][0]
    assert set(first) == {
        "sentence",
        "highlight",
        "title",
        "url",
        "outlet",
        "published_at",
        "score",
    }
    assert "Rp42.000" in first["sentence"]
    assert "Rp42.000" in first["highlight"]
    assert first["url"] == "https://contoh.id/iuran"
    assert datetime.fromisoformat(first["published_at"]) == datetime(2026, 11, 20, 3, tzinfo=UTC)
    assert isinstance(first["score"], float)


def test_json_decline_and_exit_codes(database: Path, tmp_path: Path) -> None:
    done = warta("harga tiket whoosh brp?", "--json", database=database, cwd=tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout) == {
        "question": "harga tiket whoosh brp?",
        "found": False,
        "answers": [],
    }
    assert warta("iuran naik?", "--limit", "1", database=database, cwd=tmp_path).returncode == 0
    assert warta("iuran", "--limit", "0", database=database, cwd=tmp_path).returncode == 2
    assert warta("iuran", "--limit", "x", database=database, cwd=tmp_path).returncode == 2
    assert warta(database=database, cwd=tmp_path).returncode == 2  # no question
    assert warta("   ", database=database, cwd=tmp_path).returncode == 2


def test_plain_output_and_small_talk(database: Path, tmp_path: Path) -> None:
    done = warta("kapan iuran kelas 3 naik?", database=database, cwd=tmp_path)
    assert done.returncode == 0
    assert "1 Januari 2026" in done.stdout
    chat = warta("makasih", "--json", database=database, cwd=tmp_path)
    assert json.loads(chat.stdout)["found"] is False
