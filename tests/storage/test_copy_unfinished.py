"""A ``warta copy-db`` killed halfway never looks finished: the destination keeps a mark
until its rows and search index are committed, and copy-db, migrate, the other commands,
``open_store`` and ``warta run`` all name it as an unfinished copy. Killed for real
(SIGKILL) in both directions; a completed copy carries no mark."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import ArchiveRow
from bot.storage import IncompleteCopy, Store, open_store
from bot.storage.copy_marker import describe_marker, marker_value
from bot.storage.index import stemmed_fields
from tests.support.fake_telegram import FakeTelegram
from tests.support.postgres import PostgresForTests

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
ARTICLES = 10_000
"""Enough for the copy to go on for about a second after the progress line it is killed at."""

TEXTS = (
    "Direktorat Jenderal Pajak mengingatkan wajib pajak melaporkan SPT Tahunan sebelum akhir "
    "Maret lewat DJP Online.",
    "Kementerian Koperasi dan UKM menggandeng BPJS Ketenagakerjaan untuk memperluas "
    "perlindungan pekerja koperasi.",
)


@pytest.fixture
def server(postgres_server: PostgresForTests | None) -> PostgresForTests:
    if postgres_server is None:
        pytest.skip("PostgreSQL not available: copy-db across backends untested")
    return postgres_server


def fill(store: Store) -> None:
    """A reader with a subscription and ``ARTICLES`` articles (bulk-loaded)."""

    def rows():
        for n in range(ARTICLES):
            title, text, bullets = f"Berita {n}", f"{TEXTS[n % 2]} Nomor {n}.", (f"Poin {n}.",)
            yield ArchiveRow(
                dated_at=NOW - timedelta(minutes=n),
                fetched_at=NOW,
                outlet="Antara",
                title=title,
                url=f"https://berita.example/{n}",
                topics=(),
                bullets=bullets,
                text=text,
                stemmed=stemmed_fields(title, bullets, text),
            )

    store.load_archive(rows())
    store.upsert_chat(11)
    store.add_subscription(11, "keyword", "pajak")


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARTA_", "TELEGRAM_"))}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def run_warta(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def kill_copy_at(source: str, destination: str, line_start: str) -> None:
    """Run ``warta copy-db`` and SIGKILL it as soon as its progress shows ``line_start``."""
    child = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "copy-db", source, destination],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        assert child.stderr is not None
        for line in child.stderr:
            seen.append(line)
            if line.startswith(line_start):
                child.send_signal(signal.SIGKILL)
                break
    finally:
        child.wait(timeout=120)
        if child.stderr is not None:
            child.stderr.close()
    assert child.returncode == -signal.SIGKILL, f"copy-db was not killed mid-way: {seen}"


def assert_named_unfinished(source: str, destination: str, elsewhere: Path) -> None:
    """Every way of opening ``destination`` says it is an unfinished copy from ``source``
    (``elsewhere``: a file path a further copy would go to)."""
    described = f"from {source}"
    with pytest.raises(IncompleteCopy, match="unfinished copy made by copy-db") as refused:
        open_store(destination)
    assert described in str(refused.value) and "--force" in str(refused.value)
    with open_store(destination, allow_incomplete_copy=True) as store:
        assert store.incomplete_copy() is not None

    migrate = run_warta("migrate", WARTA_DATABASE=destination)
    assert migrate.returncode == 2, migrate.stderr
    (line,) = migrate.stderr.strip().splitlines()
    assert "unfinished copy made by copy-db" in line and described in line

    search = run_warta("search", "pajak", WARTA_DATABASE=destination)
    assert search.returncode == 2 and "unfinished copy" in search.stderr

    again = run_warta("copy-db", source, destination)
    assert again.returncode == 1
    assert "is an unfinished copy made by copy-db" in again.stderr and "--force" in again.stderr
    # Nor can an unfinished copy be copied on as if it were whole.
    onward = run_warta("copy-db", destination, str(elsewhere))
    assert onward.returncode == 2 and "unfinished copy" in onward.stderr
    assert not elsewhere.exists()


def assert_started_over(source: str, destination: str) -> None:
    done = run_warta("copy-db", "--force", source, destination)
    assert done.returncode == 0, done.stderr
    with open_store(destination) as store:
        assert store.incomplete_copy() is None
        assert store.count_articles() == ARTICLES
        assert store.search("spt tahunan", limit=1)
        assert [s.value for s in store.subscriptions(11)] == ["pajak"]


def test_sqlite_to_postgresql_killed_while_indexing(
    tmp_path: Path, server: PostgresForTests, fake_telegram: FakeTelegram, bot_token: str
) -> None:
    source = tmp_path / "source.db"
    with open_store(source) as store:
        fill(store)
    target = server.shared()
    kill_copy_at(str(source), target, "search index:")  # every row in, the index half built
    assert_named_unfinished(str(source), target, tmp_path / "onward.db")

    # warta run refuses it at start-up, in one line, exit 2.
    run = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=environment(
            TELEGRAM_BOT_TOKEN=bot_token,
            TELEGRAM_API_URL=fake_telegram.base_url,
            WARTA_DATABASE=target,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert "unfinished copy made by copy-db" in run.stderr and "--force" in run.stderr
    assert bot_token not in run.stderr

    assert_started_over(str(source), target)


def test_postgresql_to_sqlite_killed_while_copying_rows(
    tmp_path: Path, server: PostgresForTests
) -> None:
    source = server.shared()
    with open_store(source) as store:
        fill(store)
    target = tmp_path / "copy" / "warta.db"
    kill_copy_at(source, str(target), "article_bodies:")
    assert_named_unfinished(source, str(target), tmp_path / "onward.db")
    assert_started_over(source, str(target))


def test_a_finished_copy_carries_no_mark_and_copy_db_reads_the_environment(
    tmp_path: Path,
) -> None:
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    with open_store(source) as store:
        store.upsert_chat(11)
        store.add_subscription(11, "keyword", "pajak")
    done = run_warta("copy-db", WARTA_COPY_FROM=str(source), WARTA_COPY_TO=str(target))
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    with open_store(target) as store:  # refused if the mark were left
        assert store.incomplete_copy() is None
        assert [s.value for s in store.subscriptions(11)] == ["pajak"]
    missing = run_warta("copy-db", WARTA_COPY_FROM=str(source))
    assert missing.returncode == 2 and "WARTA_COPY_TO" in missing.stderr


def test_a_password_on_the_command_line_is_warned_about_and_never_shown(tmp_path: Path) -> None:
    done = run_warta("copy-db", str(tmp_path / "none.db"), "postgresql://warta:rahasia@h/warta")
    assert "password on the command line" in done.stderr
    assert "rahasia" not in done.stderr + done.stdout


def test_the_mark_names_the_source_without_its_password() -> None:
    value = marker_value("postgresql://warta:rahasia@db.example.id:5432/warta", NOW)
    assert "rahasia" not in value
    assert describe_marker(value) == (
        "from postgresql://warta:***@db.example.id:5432/warta, started 2026-12-07 08:00 UTC"
    )
