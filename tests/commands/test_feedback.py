"""``warta feedback --export FILE``: every answer with its vote as JSON lines, no chat ids."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import NewAnswerRecord
from bot.storage import open_store

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:AAHfake-token_abcdefghijklmnopqrstuvwxyz0"
ASKED = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
CHATS = (987654321, 987654322, -1001234567890)


def warta(*args: str, database: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARTA_", "TELEGRAM_"))}
    env.update(WARTA_DATABASE=database, TELEGRAM_BOT_TOKEN=TOKEN, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bot", "feedback", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def fill(database: str, answers: int) -> list[int]:
    """``answers`` answers in three chats; the first voted up then down, the second up."""
    with open_store(database) as store:
        ids = [
            store.save_answer(
                NewAnswerRecord(
                    chat_id=CHATS[n % 3],
                    question=f"berapa iuran bpjs kelas {n}?",
                    sentences=(f"Iuran kelas {n} naik “jadi” Rp42.000.", "Mulai Januari."),
                    article_ids=(n + 1,),
                    article_urls=(f"https://contoh.id/berita/{n}",),
                    asked_at=ASKED + timedelta(minutes=n),
                )
            )
            for n in range(answers)
        ]
        store.vote_answer(CHATS[0], ids[0], "up", at=ASKED + timedelta(hours=1))
        store.vote_answer(CHATS[0], ids[0], "down", at=ASKED + timedelta(hours=2))
        store.vote_answer(CHATS[1], ids[1], "up", at=ASKED + timedelta(hours=3))
    return ids


def test_export_writes_every_answer_with_its_vote_and_no_chat_id(
    database_url: str, tmp_path: Path
) -> None:
    ids = fill(database_url, 1203)  # more than one page of the store
    target = tmp_path / "out" / "feedback.jsonl"
    done = warta("--export", str(target), database=database_url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"wrote 1,203 answers to {target}: 1 up, 1 down, 1,201 without a vote"
    )
    text = target.read_text(encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    assert [row["id"] for row in lines] == ids
    assert all(
        set(row) == {"id", "asked_at", "question", "sentences", "article_urls", "vote", "voted_at"}
        for row in lines
    )
    first, second, third = lines[:3]
    assert first == {
        "id": ids[0],
        "asked_at": "2026-11-25T08:00:00+00:00",
        "question": "berapa iuran bpjs kelas 0?",
        "sentences": ["Iuran kelas 0 naik “jadi” Rp42.000.", "Mulai Januari."],
        "article_urls": ["https://contoh.id/berita/0"],
        "vote": "down",
        "voted_at": "2026-11-25T10:00:00+00:00",
    }
    assert (second["vote"], second["voted_at"]) == ("up", "2026-11-25T11:00:00+00:00")
    assert (third["vote"], third["voted_at"]) == (None, None)
    assert "“jadi”" in text  # written as UTF-8, not escaped
    for secret in (*map(str, CHATS), TOKEN, "chat"):
        assert secret not in text and secret not in done.stdout + done.stderr


def test_export_to_standard_output_and_of_an_empty_database(
    database_url: str, tmp_path: Path
) -> None:
    with open_store(database_url):
        pass
    done = warta("--export", "-", database=database_url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "wrote 0 answers to standard output" in done.stderr
    fill(database_url, 2)
    done = warta("--export", "-", database=database_url, cwd=tmp_path)
    assert [json.loads(line)["vote"] for line in done.stdout.splitlines()] == ["down", "up"]
    assert "wrote 2 answers to standard output: 1 up, 1 down, 0 without a vote" in done.stderr


@pytest.mark.parametrize("args", [(), ("--export",)])
def test_bad_usage_exits_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = warta(*args, database=str(tmp_path / "warta.db"), cwd=tmp_path)
    assert done.returncode == 2 and "--export" in done.stderr


def test_a_missing_database_or_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    missing = warta("--export", "x.jsonl", database=str(tmp_path / "none.db"), cwd=tmp_path)
    assert missing.returncode == 1 and "no database" in missing.stderr
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "x.jsonl").exists()
    database = tmp_path / "warta.db"
    fill(str(database), 2)
    folder = warta("--export", str(tmp_path), database=str(database), cwd=tmp_path)
    assert folder.returncode == 2 and "folder" in folder.stderr
    assert all(p.name.startswith("warta.db") for p in tmp_path.iterdir())  # nothing written
