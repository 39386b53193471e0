"""The default catalogues (seeds/) are found wherever ``warta`` runs from, installed or not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WARTA = Path(sys.executable).with_name("warta")
OVERRIDES = ("WARTA_FEEDS", "WARTA_TOPICS", "WARTA_SITES", "WARTA_DATABASE", "PYTHONPATH")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in OVERRIDES}
    env.update(extra)
    return env


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.skipif(not WARTA.exists(), reason="the warta script is not installed beside python")
def test_warta_feeds_from_another_folder_finds_the_default_catalogue(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run([str(WARTA), "feeds"], elsewhere, clean_env(WARTA_DATABASE=str(tmp_path / "w.db")))
    assert done.returncode == 0, done.stderr
    assert "not found" not in done.stderr
    assert "antaranews.com" in done.stdout


@pytest.mark.skipif(not WARTA.exists(), reason="the warta script is not installed beside python")
def test_warta_feeds_file_still_overrides_the_default(tmp_path: Path) -> None:
    feeds = tmp_path / "mine.toml"
    feeds.write_text('[[feed]]\nname = "Lokal"\nurl = "https://lokal.example.id/rss"\n')
    env = clean_env(WARTA_DATABASE=str(tmp_path / "w.db"), WARTA_FEEDS=str(feeds))
    done = run([str(WARTA), "feeds"], tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert "lokal.example.id" in done.stdout and "antaranews.com" not in done.stdout


def test_an_installed_wheel_carries_the_seeds_and_finds_them(tmp_path: Path) -> None:
    """Build the wheel as the Dockerfile does, install it elsewhere, run it from a third
    folder: the catalogues come from the installed package, not from a source tree."""
    pytest.importorskip("setuptools")
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("bot", "summaries", "seeds"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    env = clean_env(PIP_NO_INDEX="1")
    built = run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", "dist", "."], source, env
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (source / "dist").glob("warta-*.whl")
    site = tmp_path / "site"
    installed = run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], source, env)
    assert installed.returncode == 0, installed.stderr
    assert (site / "seeds" / "feeds.toml").is_file() and (site / "seeds" / "topics.toml").is_file()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_env(PYTHONPATH=str(site), WARTA_DATABASE=str(tmp_path / "w.db"))
    where = run(
        [
            sys.executable,
            "-c",
            "from bot.core import config; print(config.__file__, config.SEEDS_DIR)",
        ],
        elsewhere,
        env,
    )
    module, seeds = where.stdout.split()
    assert Path(module).is_relative_to(site), "the installed copy, not the source tree"
    assert Path(seeds) == site / "seeds"
    done = run([sys.executable, "-m", "bot", "feeds"], elsewhere, env)
    assert done.returncode == 0, done.stderr
    assert "antaranews.com" in done.stdout
