"""``warta ingest``, ``warta search`` and ``warta feeds`` as an operator runs them."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.commands.ingest import ProgressBar
from tests.support.feedserver import FeedServer, article_page, rss_feed, rss_item

ROOT = Path(__file__).resolve().parent.parent.parent
SUMMARY = re.compile(
    r"^feeds: (\d+) ok, (\d+) failed; new articles: (\d+); duplicates: (\d+); stories: (\d+)$"
)
KOPERASI = [
    "Kementerian Koperasi menggandeng BPJS Ketenagakerjaan untuk memperluas perlindungan "
    "jaminan sosial bagi anggota koperasi di seluruh Indonesia.",
    "Menteri Koperasi mengatakan baru sebagian kecil anggota koperasi yang terdaftar sebagai "
    "peserta BPJS Ketenagakerjaan, padahal risiko kecelakaan kerja tetap ada.",
    "Melalui kerja sama ini, koperasi dapat mendaftarkan anggotanya secara kolektif sehingga "
    "iuran jaminan kecelakaan kerja dan jaminan kematian lebih mudah dibayarkan.",
]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        running.set("/berita/1", article_page("Koperasi gandeng BPJS Ketenagakerjaan", KOPERASI))
        running.set(
            "/rss",
            rss_feed([rss_item("Koperasi gandeng BPJS Ketenagakerjaan", running.url("/berita/1"))]),
        )
        yield running


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: FeedServer) -> dict[str, str]:
    """A working directory and environment pointing Warta at the local server."""
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        f'[[feed]]\nname = "Lokal"\nurl = "{server.url("/rss")}"\n\n'
        f'[[feed]]\nname = "Rusak"\nurl = "{server.url("/missing")}"\n'
    )
    values = {
        "WARTA_DATABASE": str(tmp_path / "data" / "warta.db"),
        "WARTA_FEEDS": str(feeds),
        "WARTA_POLL_INTERVAL": "10",
    }
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


# -- warta ingest ------------------------------------------------------------------------------
def test_ingest_once_ends_with_the_summary_line(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", "--once"]) == 0
    out, err = capsys.readouterr()
    assert last_line(out) == "feeds: 1 ok, 1 failed; new articles: 1; duplicates: 0; stories: 1"
    assert "error: Rusak" in err and "HTTP 404" in err
    assert "[#" not in err  # stderr is not a terminal here: no progress bar

    assert main(["ingest", "--once"]) == 0
    out, _ = capsys.readouterr()
    assert SUMMARY.match(last_line(out))
    assert "new articles: 0" in last_line(out)


def test_ingest_once_fails_when_every_feed_fails(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], server: FeedServer
) -> None:
    Path(env["WARTA_FEEDS"]).write_text(
        f'[[feed]]\nname = "Rusak"\nurl = "{server.url("/missing")}"\n'
    )
    assert main(["ingest", "--once"]) == 1
    out, _ = capsys.readouterr()
    assert last_line(out) == "feeds: 0 ok, 1 failed; new articles: 0; duplicates: 0; stories: 0"


def test_missing_feeds_file_is_a_clear_error(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WARTA_FEEDS", "/nonexistent/feeds.toml")
    assert main(["ingest", "--once"]) == 2
    err = capsys.readouterr().err
    assert "feeds file not found: /nonexistent/feeds.toml" in err and "WARTA_FEEDS" in err
    assert not Path(env["WARTA_DATABASE"]).exists()  # nothing created on the way out


def test_invalid_feeds_file_is_a_clear_error(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    Path(env["WARTA_FEEDS"]).write_text("[[feed]]\nname = 'Tanpa URL'\n")
    assert main(["ingest", "--once"]) == 2
    assert "needs a url" in capsys.readouterr().err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_shown_on_a_terminal_unless_disabled(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["ingest", "--once"]) == 0
    assert "2/2 feeds" in terminal.getvalue() and "[#" in terminal.getvalue()
    assert SUMMARY.match(last_line(capsys.readouterr().out))

    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main(["ingest", "--once", "--no-progress"]) == 0
    assert "feeds  " not in quiet.getvalue()


def test_progress_bar_draws_in_place_and_clears() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar(1, 4, "Antara")
    bar(4, 4, "Kompas")
    bar.finish()
    text = stream.getvalue()
    assert "[##--------] 1/4 feeds  Antara" in text
    assert "[##########] 4/4 feeds  Kompas" in text
    assert text.endswith("\r\x1b[K")


# -- warta feeds -------------------------------------------------------------------------------
def test_feeds_table_shows_health(env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feeds"]) == 0  # before any poll: the catalogue, never polled
    out = capsys.readouterr().out
    assert "Lokal" in out and "never" in out

    main(["ingest", "--once"])
    capsys.readouterr()
    assert main(["feeds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0]
    for column in ("FEED", "LAST SUCCESS", "LAST ERROR", "FAILURES", "NEXT POLL"):
        assert column in header
    lokal = next(line for line in lines if line.startswith("Lokal"))
    rusak = next(line for line in lines if line.startswith("Rusak"))
    assert "never" not in lokal and "HTTP 404" not in lokal
    assert "never" in rusak and "HTTP 404 Not Found" in rusak
    assert re.search(r"\s1\s+\d{4}-\d\d-\d\d \d\d:\d\d$", rusak)  # 1 failure, next poll time


# -- warta search ------------------------------------------------------------------------------
def test_search_json_lists_the_stored_article(
    env: dict[str, str], server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["ingest", "--once"])
    capsys.readouterr()
    assert main(["search", "koperasi", "BPJS", "--json", "--limit", "3"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert len(results) == 1
    (hit,) = results
    assert set(hit) == {"title", "url", "outlet", "published_at", "bullets", "topics"}
    assert hit["title"] == "Koperasi gandeng BPJS Ketenagakerjaan"
    assert hit["url"] == server.url("/berita/1") and hit["outlet"] == "Lokal"
    assert datetime.fromisoformat(hit["published_at"]).utcoffset() is not None
    assert hit["bullets"] and "koperasi" in hit["topics"]


def test_search_plain_output_is_a_readable_list(
    env: dict[str, str], server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["ingest", "--once"])
    capsys.readouterr()
    assert main(["search", "iuran jaminan kecelakaan kerja"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. Koperasi gandeng BPJS Ketenagakerjaan\n")
    assert "Lokal · 2026-11-25 14:00 WIB" in out
    assert "   • " in out and server.url("/berita/1") in out

    assert main(["search", "tidak ada yang cocok xyzzy"]) == 0
    assert "No results" in capsys.readouterr().out


def test_search_refuses_bad_input_clearly(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "koperasi"]) == 1  # nothing ingested yet: no database
    assert "no database" in capsys.readouterr().err
    assert not Path(env["WARTA_DATABASE"]).exists()
    assert main(["search", "koperasi", "--limit", "0"]) == 2
    assert "--limit must be between 1 and 100" in capsys.readouterr().err
    assert main(["search", "  "]) == 2
    assert "empty" in capsys.readouterr().err


# -- the real command line ---------------------------------------------------------------------
def _command(env: dict[str, str], *args: str) -> tuple[list[str], dict[str, str]]:
    full_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    full_env.pop("TELEGRAM_BOT_TOKEN", None)
    return [sys.executable, "-m", "bot", *args], full_env


def test_warta_ingest_keeps_polling_until_stopped(env: dict[str, str]) -> None:
    command, full_env = _command(env, "ingest", "--no-progress")
    process = subprocess.Popen(
        command, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert SUMMARY.match(first) and "new articles: 1" in first
        assert process.poll() is None  # still running, waiting for the next poll
    finally:
        process.terminate()
        process.wait(timeout=30)
