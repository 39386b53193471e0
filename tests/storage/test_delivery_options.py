"""Issue 16's columns on both backends: an article's lead image, a chat's forum topic, quiet
hours and pictures setting, and an outbox row's send options."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import ArchiveRow, NewArticle, NewOutboxMessage
from bot.storage import Store, open_store
from bot.storage.errors import StoreError
from bot.storage.index import stemmed_fields
from bot.storage.sqlite.schema import SCHEMA_VERSION, migrate

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
IMAGE = "https://cdn.contoh.id/foto/iuran.jpg"
PREVIEW = json.dumps({"link_preview": {"url": "https://contoh.id/1", "show_above_text": True}})


def article(n: int, image: str | None) -> NewArticle:
    text = (
        f"Catatan {n}: pemerintah memastikan iuran BPJS Kesehatan peserta mandiri tidak naik "
        "tahun ini, kata menteri di Jakarta, setelah evaluasi keuangan jaminan sosial."
    )
    url = f"https://contoh.id/berita/{n}"
    return NewArticle(
        url=url,
        canonical_url=url,
        outlet="Antara",
        title=f"Iuran BPJS tidak naik {n}",
        text=text,
        bullets=("Iuran tidak naik.",),
        published_at=NOW,
        fetched_at=NOW,
        text_hash=text_hash(text),
        minhash=minhash_signature(text),
        image_url=image,
    )


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        (IMAGE, IMAGE),
        (None, None),
        ("", None),
        ("javascript:alert(1)", None),
        ("data:image/png;base64,AAAA", None),
        ("/foto/relatif.jpg", None),
        ("https://", None),
        ("https://cdn.contoh.id:99999/x.jpg", None),
        ("https://cdn.contoh.id/foto dengan spasi.jpg", None),
        ("https://cdn.contoh.id/" + "a" * 2000 + ".jpg", None),
        ("https://cdn.contoh.id/\x00.jpg", None),
    ],
    ids=[
        "https",
        "none",
        "empty",
        "javascript",
        "data",
        "relative",
        "no-host",
        "bad-port",
        "spaces",
        "huge",
        "nul",
    ],
)
def test_an_articles_image_is_kept_only_when_it_is_a_sane_http_url(
    store: Store, given: str | None, kept: str | None
) -> None:
    result = store.add_article(article(1, given))
    assert result.article_id is not None  # a bad picture never costs the article
    stored = store.get_article(result.article_id)
    assert stored is not None and stored.image_url == kept
    assert [a.image_url for a in store.articles_after(0, limit=5)] == [kept]


def test_a_bulk_load_keeps_the_images(store: Store) -> None:
    rows = [
        ArchiveRow(
            dated_at=NOW,
            fetched_at=NOW,
            outlet="Antara",
            title=f"Koperasi desa {n}",
            url=f"https://contoh.id/arsip/{n}",
            topics=(),
            bullets=("Koperasi tumbuh.",),
            text="Koperasi desa tumbuh pesat tahun ini.",
            stemmed=stemmed_fields(f"Koperasi desa {n}", ("Koperasi tumbuh.",), "Koperasi"),
            image_url=image,
        )
        for n, image in enumerate([IMAGE, "ftp://cdn.contoh.id/x.jpg", None], start=1)
    ]
    assert store.load_archive(rows) == 3
    assert [a.image_url for a in store.articles_after(0, limit=5)] == [IMAGE, None, None]


def test_chat_delivery_settings_default_round_trip_and_move(store: Store) -> None:
    chat = store.upsert_chat(-500, chat_type="group", title="Warga")
    assert (chat.message_thread_id, chat.quiet_start, chat.quiet_end) == (None, None, None)
    assert (chat.quiet_mode, chat.pictures) == ("hold", True)
    chat = store.update_chat(-500, quiet_start=21, quiet_end=6, quiet_mode="silent", pictures=False)
    assert (chat.quiet_start, chat.quiet_end, chat.quiet_mode, chat.pictures) == (
        21,
        6,
        "silent",
        False,
    )
    assert store.update_chat(-500, message_thread_id=42).message_thread_id == 42
    assert store.get_chat(-500) == replace(chat, message_thread_id=42)
    assert [c.quiet_start for c in store.chats()] == [21]
    # A group that becomes a supergroup keeps its quiet hours and pictures setting.
    moved = store.move_chat(-500, -1000000000500)
    assert moved is not None
    assert (moved.quiet_start, moved.quiet_end, moved.quiet_mode, moved.pictures) == (
        21,
        6,
        "silent",
        False,
    )
    assert moved.message_thread_id is None  # a basic group has no forum topics
    # Off again.
    off = store.update_chat(-1000000000500, quiet_start=None, quiet_end=None)
    assert (off.quiet_start, off.quiet_end) == (None, None)


@pytest.mark.parametrize(
    "change",
    [
        {"quiet_start": 22, "quiet_end": 22},  # same hour: no window
        {"quiet_start": 22, "quiet_end": None},  # half a window
        {"quiet_start": None, "quiet_end": 6},
        {"quiet_start": 24, "quiet_end": 6},
        {"quiet_start": -1, "quiet_end": 6},
        {"quiet_start": True, "quiet_end": 6},
        {"quiet_start": "21", "quiet_end": 6},
        {"quiet_mode": "loud"},
        {"pictures": 1},
        {"message_thread_id": 0},
        {"message_thread_id": "7"},
    ],
)
def test_bad_delivery_settings_are_refused_and_change_nothing(
    store: Store, change: dict[str, object]
) -> None:
    store.upsert_chat(7)
    with pytest.raises(StoreError):
        store.update_chat(7, **change)
    chat = store.get_chat(7)
    assert chat is not None
    assert (chat.quiet_start, chat.quiet_end, chat.quiet_mode, chat.pictures) == (
        None,
        None,
        "hold",
        True,
    )
    assert chat.message_thread_id is None


def test_send_options_go_through_every_outbox_path(store: Store) -> None:
    store.upsert_chat(1)
    now = datetime.now(UTC)
    one = store.enqueue(1, "push", "Satu", dedupe_key="a", send_options=PREVIEW)
    assert one is not None
    got = store.get_message(one)
    assert got is not None and got.send_options == PREVIEW
    plain = store.enqueue(1, "push", "Dua", dedupe_key="b")
    assert plain is not None
    got = store.get_message(plain)
    assert got is not None and got.send_options is None
    later = now + timedelta(hours=3)
    messages = [
        NewOutboxMessage(1, "push", f"Banyak {n}", f"m{n}", send_options=PREVIEW, not_before=later)
        for n in range(3)
    ]
    assert store.enqueue_many(messages) == 3
    assert store.commit_fanout(
        "push", expected=0, upto=1, messages=[replace(messages[0], dedupe_key="c")]
    )
    due = store.due_messages(now=later + timedelta(seconds=1), limit=10)
    assert [m.send_options for m in due] == [PREVIEW, None, PREVIEW, PREVIEW, PREVIEW, PREVIEW]
    # Rows held until later are not due before then.
    soon = store.due_messages(now=now + timedelta(minutes=1), limit=10)
    assert [m.id for m in soon] == [one, plain]


def test_a_big_fan_out_keeps_send_options(store: Store) -> None:
    """At least ``COPY_FROM`` rows: PostgreSQL's COPY path."""
    messages = [
        NewOutboxMessage(n, "push", "Berita", f"push:{n}:1", send_options=PREVIEW)
        for n in range(1, 601)
    ]
    assert store.enqueue_many(messages) == 600
    due = store.due_messages(now=datetime.now(UTC) + timedelta(minutes=1), limit=1000)
    assert len(due) == 600 and {m.send_options for m in due} == {PREVIEW}


@pytest.mark.parametrize(
    "options", ["not json", "[1, 2]", '"text"', "{" + '"a": "' + "x" * 5000 + '"}']
)
def test_bad_send_options_are_refused(store: Store, options: str) -> None:
    with pytest.raises(StoreError):
        store.enqueue(1, "push", "Satu", dedupe_key="x", send_options=options)
    with pytest.raises(StoreError):
        store.enqueue_many([NewOutboxMessage(1, "push", "Satu", "y", send_options=options)])
    assert store.due_messages(now=datetime.now(UTC) + timedelta(days=1), limit=5) == []


def test_a_version_8_file_gets_the_columns_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "v8.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=8)
    stamp = "2026-12-07T01:00:00.000000Z"
    conn.execute(
        "INSERT INTO chats(chat_id, created_at, updated_at, digest_hour) VALUES (5, ?, ?, 6)",
        (stamp, stamp),
    )
    conn.execute(
        "INSERT INTO outbox(chat_id, kind, text, dedupe_key, not_before, created_at) "
        "VALUES (5, 'push', 'Lama', 'old', ?, ?)",
        (stamp, stamp),
    )
    conn.close()
    with open_store(path) as store:
        chat = store.get_chat(5)
        assert chat is not None and (chat.digest_hour, chat.quiet_start, chat.pictures) == (
            6,
            None,
            True,
        )
        (old,) = store.due_messages(now=NOW, limit=5)
        assert (old.text, old.send_options) == ("Lama", None)
    conn = sqlite3.connect(path, isolation_level=None)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
