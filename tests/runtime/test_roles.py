"""``warta run --role``: what each role may run on, and the election of the one sender."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.config import load_settings
from bot.runtime.app import build_application, post_stop
from bot.runtime.runner import check_role, is_server_database, lifecycle
from bot.runtime.worker import RENEW_EVERY
from tests.runtime.test_webhook import NO_FEEDS
from tests.support.fake_telegram import TOKEN, FakeTelegram
from tests.support.harness import make_settings, wait_until
from tests.support.loop_guard import unguarded

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("role", ["bot", "worker"])
def test_sqlite_with_a_split_role_is_refused_with_exit_2(tmp_path: Path, role: str) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": "123456:ABC-not-used",
        "WARTA_DATABASE": str(tmp_path / "warta.db"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--role", role],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert f"--role {role} needs a PostgreSQL database" in done.stderr
    assert "warta run" in done.stderr  # says what to do instead
    assert "ABC-not-used" not in done.stderr
    assert not (tmp_path / "warta.db").exists()  # refused before anything was opened


def test_role_checks() -> None:
    sqlite = load_settings({"WARTA_DATABASE": "data/warta.db"}, dotenv=None)
    server = load_settings({"WARTA_DATABASE": "postgresql://warta@db:5432/warta"}, dotenv=None)
    assert check_role(sqlite, "all") is None
    assert check_role(server, "worker") is None and check_role(server, "bot") is None
    assert "unknown role" in (check_role(server, "admin") or "")
    assert is_server_database("postgres://warta@db/warta")
    assert not is_server_database("sqlite:///data/warta.db")


def test_one_elected_worker_sends_and_a_standby_takes_over(tmp_path: Path) -> None:
    """Two worker processes' worth of application on one database (in one test process):
    exactly one sends; when it stops, the other takes over and sends the rest, once each."""

    async def scenario(telegram: FakeTelegram) -> None:
        settings = make_settings(tmp_path, telegram, NO_FEEDS)
        first, second = (build_application(settings, role="worker") for _ in range(2))
        async with lifecycle(first), lifecycle(second) as standby:
            workers = [first.bot_data.worker, second.bot_data.worker]
            await wait_until(lambda: any(w.leading for w in workers), what="an election")
            await asyncio.sleep(2 * RENEW_EVERY)
            assert sum(w.leading for w in workers) == 1
            leader_app = first if workers[0].leading else second
            other_app = second if leader_app is first else first
            store = unguarded(other_app.bot_data.store)  # the test's own writes
            for chat_id in range(1, 21):
                store.upsert_chat(chat_id)
                store.enqueue(chat_id, "push", f"Kabar {chat_id}", dedupe_key=f"a:{chat_id}")
            await telegram.wait_for_messages(20, timeout=20)

            await post_stop(leader_app)  # the leader stops (and gives the lease up)
            await wait_until(lambda: other_app.bot_data.worker.leading, timeout=15)
            for chat_id in range(21, 31):
                store.upsert_chat(chat_id)
                store.enqueue(chat_id, "push", f"Kabar {chat_id}", dedupe_key=f"a:{chat_id}")
            sent = await telegram.wait_for_messages(30, timeout=20)
            assert sorted(m.chat_id for m in sent) == list(range(1, 31))  # each exactly once
            assert standby is second

    with FakeTelegram() as telegram:
        asyncio.run(scenario(telegram))


def test_unreachable_database_at_start_is_one_line_and_exit_2(tmp_path: Path) -> None:
    pytest.importorskip("bot.storage.postgres", reason="PostgreSQL backend not importable")
    try:
        from bot.storage.postgres import PostgresStore  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"PostgreSQL backend not importable: {exc}")
    with FakeTelegram() as telegram:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_URL": telegram.base_url,
            "WARTA_DATABASE": "postgresql://warta:rahasia-sekali@127.0.0.1:1/warta",
            "WARTA_FEEDS": str(make_settings(tmp_path, telegram, NO_FEEDS).feeds_file),
        }
        done = subprocess.run(
            [sys.executable, "-m", "bot", "run", "--role", "worker"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("warta:")]
    assert len(errors) == 1 and "127.0.0.1" in errors[0]
    assert "Traceback" not in done.stderr
    assert "rahasia-sekali" not in done.stderr
