"""Fan-out from the database cursor: whoever stored an article, it is pushed exactly once."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import NewArticle, Topic
from bot.delivery.digest_queue import queue_digest
from bot.delivery.fanout import fan_out
from bot.runtime.app import build_application
from bot.storage import open_store
from tests.support.fake_telegram import FakeTelegram
from tests.support.feedserver import FeedServer
from tests.support.harness import Newsroom, make_settings, running, wait_until

ROOT = Path(__file__).resolve().parents[2]
READER = 5101
BPJS_TITLE = "Iuran BPJS Kesehatan Peserta Mandiri Tidak Naik Tahun Ini"
BPJS = [
    "Pemerintah memastikan iuran BPJS Kesehatan bagi peserta mandiri kelas satu, dua dan tiga "
    "tidak naik sepanjang tahun ini, kata Menteri Kesehatan di Jakarta.",
    "Menurut dia, keputusan itu diambil setelah evaluasi keuangan BPJS Kesehatan menunjukkan "
    "dana jaminan sosial masih cukup untuk membayar klaim rumah sakit hingga akhir tahun.",
    "Peserta diminta tetap membayar iuran tepat waktu agar kepesertaan tidak dinonaktifkan "
    "dan layanan di fasilitas kesehatan tingkat pertama tetap dapat digunakan.",
]


def article(n: int, *, title: str, when: datetime, text: str | None = None) -> NewArticle:
    body = text or f"{title}. " + " ".join(BPJS) + f" Catatan nomor {n} untuk artikel ini."
    url = f"https://contoh.id/berita/{n}"
    return NewArticle(
        url=url,
        canonical_url=url,
        outlet="Antara",
        title=title,
        text=body,
        bullets=(f"{title}.",),
        topics=(),
        published_at=when,
        fetched_at=when,
        text_hash=text_hash(body),
        minhash=minhash_signature(body),
    )


def test_push_comes_for_an_article_stored_while_the_bot_was_stopped(tmp_path: Path) -> None:
    """The issue's scenario: subscribe, stop the bot, ``warta ingest --once`` stores a BPJS
    article, start the bot again: the push comes."""

    async def scenario(settings, telegram: FakeTelegram, newsroom: Newsroom) -> None:
        async with running(build_application(settings)) as app:
            await wait_until(lambda: app.bot_data.polls_done >= 1, what="the first poll")
            before = len(telegram.sent_messages(READER))
            telegram.send_user_message(READER, "/langganan bpjs kesehatan")
            await telegram.wait_for_messages(before + 1, READER)
        # The bot is stopped. The operator ingests once, in another process.
        newsroom.publish(
            "Antara", "iuran-bpjs", BPJS_TITLE, BPJS, datetime.now(UTC) - timedelta(minutes=3)
        )
        env = {
            **os.environ,
            "WARTA_DATABASE": str(settings.database),
            "WARTA_FEEDS": str(settings.feeds_file),
            "PYTHONPATH": str(ROOT),
        }
        env.pop("TELEGRAM_BOT_TOKEN", None)
        done = subprocess.run(
            [sys.executable, "-m", "bot", "ingest", "--once", "--no-progress"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "new articles: 1" in done.stdout
        count = len(telegram.sent_messages(READER))
        async with running(build_application(settings)) as app:
            pushes = await telegram.wait_for_messages(count + 1, READER, timeout=20)
            assert BPJS_TITLE in pushes[-1].plain_text
            # It comes once, however often fan-out runs.
            await asyncio.to_thread(fan_out, app.bot_data.store)
            await asyncio.sleep(0.5)
            assert len(telegram.sent_messages(READER)) == count + 1

    with FakeTelegram() as telegram, FeedServer() as feeds:
        newsroom = Newsroom(feeds)
        newsroom.refresh("Antara")
        settings = make_settings(tmp_path, telegram, {"Antara": feeds.url("/antara/rss")})
        asyncio.run(scenario(settings, telegram, newsroom))


def subscribed_store(path: Path, readers: range):
    store = open_store(path)
    for chat_id in readers:
        store.upsert_chat(chat_id)
        store.add_subscription(chat_id, "keyword", "bpjs")
    return store


def test_two_processes_fanning_out_at_once_push_each_article_once(tmp_path: Path) -> None:
    path = tmp_path / "warta.db"
    readers = range(1, 41)
    store = subscribed_store(path, readers)
    now = datetime.now(UTC)
    for n in range(60):
        store.add_article(article(n, title=f"BPJS kabar nomor {n} {'x' * (n % 7)}", when=now))
    others = [open_store(path) for _ in range(3)]
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda s=s: results.append(fan_out(s, now=now, batch=7)))
        for s in [store, *others]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pending = store.due_messages(now=now + timedelta(days=1), limit=100_000)
    stories = {store.get_article(a.id).story_id for a in store.articles_after(0, limit=1000)}
    per_key = Counter(m.dedupe_key for m in pending)
    assert sum(results) == len(pending) == len(readers) * len(stories)
    assert max(per_key.values()) == 1
    assert store.fanout_cursor() == max(a.id for a in store.articles_after(0, limit=1000))
    for other in others:
        other.close()
    store.close()


def test_old_news_goes_to_the_digest_only(tmp_path: Path) -> None:
    store = subscribed_store(tmp_path / "warta.db", range(1, 2))
    now = datetime.now(UTC)
    old_text = (
        "Kantor cabang BPJS di Medan memperpanjang jam layanan selama musim libur sekolah "
        "agar warga yang mengurus kartu peserta tidak perlu antre sejak subuh."
    )
    store.add_article(
        article(1, title="BPJS lama sekali", when=now - timedelta(hours=7), text=old_text)
    )
    store.add_article(article(2, title="BPJS baru saja", when=now - timedelta(hours=1)))
    assert fan_out(store, now=now, max_age=timedelta(hours=6)) == 1
    pushed = store.due_messages(now=now + timedelta(days=1), limit=10)
    assert [m.kind for m in pushed] == ["push"] and "BPJS baru saja" in pushed[0].text
    # The digest still carries both.
    assert queue_digest(store, {}, 1, now) == 1
    digest = [m for m in store.due_messages(now=now + timedelta(days=1), limit=10)]
    assert "BPJS lama sekali" in digest[-1].text and "BPJS baru saja" in digest[-1].text
    store.close()


def test_paused_digest_only_and_inactive_chats_get_no_push(tmp_path: Path) -> None:
    store = subscribed_store(tmp_path / "warta.db", range(1, 5))
    store.update_chat(2, paused=True)
    store.update_chat(3, mode="digest")
    store.set_chat_inactive(4, "blocked by the user")
    now = datetime.now(UTC)
    store.add_article(article(1, title="BPJS hari ini", when=now))
    assert fan_out(store, now=now) == 1
    assert [m.chat_id for m in store.due_messages(now=now + timedelta(days=1), limit=10)] == [1]
    store.close()


def test_a_big_fan_out_goes_in_chunks_and_still_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("bot.delivery.fanout.CHUNK", 10)
    store = subscribed_store(tmp_path / "warta.db", range(1, 26))
    now = datetime.now(UTC)
    store.add_article(article(1, title="BPJS untuk semua", when=now))
    # A crash after the first chunks: they are queued, the cursor has not moved.
    real_commit = store.commit_fanout
    monkeypatch.setattr(store, "commit_fanout", lambda *a, **k: (_ for _ in ()).throw(OSError))
    with pytest.raises(OSError):
        fan_out(store, now=now)
    assert store.fanout_cursor() == 0
    monkeypatch.setattr(store, "commit_fanout", real_commit)
    fan_out(store, now=now)  # the next run: the rest, and nothing twice
    pending = store.due_messages(now=now + timedelta(days=1), limit=100)
    assert sorted(m.chat_id for m in pending) == list(range(1, 26))
    assert fan_out(store, now=now) == 0
    store.close()


def test_each_push_says_which_subscription_brought_it_with_its_buttons(tmp_path: Path) -> None:
    """The reason line and the unfollow button are the chat's own oldest matching
    subscription: the topic's name for one reader, the keyword as typed for another."""
    store = open_store(tmp_path / "warta.db")
    for chat_id in (1, 2):
        store.upsert_chat(chat_id)
    store.add_subscription(1, "topic", "kesehatan")
    store.add_subscription(1, "keyword", "bpjs")
    store.add_subscription(2, "keyword", "BPJS Kesehatan")
    now = datetime.now(UTC)
    store.add_article(replace(article(1, title=BPJS_TITLE, when=now), topics=("kesehatan",)))
    topics = {"kesehatan": Topic("kesehatan", "Kesehatan", "Layanan kesehatan")}
    assert fan_out(store, now=now, topics=topics) == 2
    pushes = {m.chat_id: m for m in store.due_messages(now=now + timedelta(days=1), limit=10)}
    expected = {1: ("📌 Kesehatan", "Kesehatan"), 2: ("🔑 BPJS Kesehatan", "BPJS Kesehatan")}
    for chat_id, (reason, name) in expected.items():
        (sub, *_) = store.subscriptions(chat_id)
        push = pushes[chat_id]
        assert push.text.splitlines()[:2] == [reason, f"<b>{BPJS_TITLE}</b>"]
        assert json.loads(push.reply_markup or "null") == {
            "inline_keyboard": [
                [{"text": f"🔕 Berhenti ikuti {name}", "callback_data": f"pu:{sub.id}"}],
                [{"text": "📤 Bagikan", "switch_inline_query": BPJS_TITLE}],
            ]
        }
    store.close()
