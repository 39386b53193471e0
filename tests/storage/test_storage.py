"""The store on every backend: feeds, articles and stories, chats, outbox; SQLite's schema and
migrations (PostgreSQL's are in test_storage_postgres.py)."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import ChatSettings, FeedSource, NewArticle
from bot.storage import Store, open_store
from bot.storage.copy import copy_tables
from bot.storage.sqlite import SQLiteStore, StoreError, pack_minhash, unpack_minhash
from bot.storage.sqlite.fts import term_counts
from bot.storage.sqlite.schema import SCHEMA_VERSION, SchemaError, migrate

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
if TYPE_CHECKING:
    from tests.conftest import StoreFactory

TOKEN = "123456789:AAHfake-token_abcdefghijklmnopqrstuvwxyz0"

BPJS_TEXT = (
    "Kementerian Koperasi dan UKM menggandeng BPJS Ketenagakerjaan untuk memperluas "
    "perlindungan jaminan sosial bagi pekerja koperasi dan UMKM di seluruh Indonesia. "
    "Nota kesepahaman ditandatangani oleh Menteri Koperasi dan UKM dan Direktur Utama "
    "BPJS Ketenagakerjaan di Jakarta pada hari Rabu. Baru 9.982 koperasi yang telah "
    "mendaftarkan pekerjanya pada program BPJS Ketenagakerjaan, atau sekitar 8,1 persen. "
    "Kerja sama ini diharapkan mempercepat transformasi usaha informal menjadi formal. "
    "Sosialisasi dan pendampingan akan dilakukan bagi pelaku usaha di seluruh daerah."
)
# The same story as told by another outlet: a new first sentence, a few words changed.
BPJS_TEXT_REWORDED = (
    "JAKARTA - Pemerintah memperkuat perlindungan pekerja sektor koperasi. "
    "Kementerian Koperasi dan UKM menggandeng BPJS Ketenagakerjaan untuk memperluas "
    "perlindungan jaminan sosial bagi pekerja koperasi dan UMKM di seluruh Indonesia. "
    "Nota kesepahaman ditandatangani oleh Menteri Koperasi dan UKM dan Direktur Utama "
    "BPJS Ketenagakerjaan di Jakarta, Rabu. Baru 9.982 koperasi yang telah "
    "mendaftarkan pekerjanya pada program BPJS Ketenagakerjaan, atau sekitar 8,1 persen. "
    "Kerja sama ini diharapkan mempercepat transformasi usaha informal menjadi formal."
)
TAX_TEXT = (
    "Direktorat Jenderal Pajak mengingatkan wajib pajak orang pribadi untuk melaporkan SPT "
    "Tahunan sebelum batas waktu akhir Maret. Pelaporan dapat dilakukan secara daring melalui "
    "laman DJP Online tanpa harus datang ke kantor pajak. Wajib pajak yang terlambat akan "
    "dikenai denda administrasi sebesar seratus ribu rupiah."
)
MARKET_TEXT = (
    "Harga cabai rawit di pasar induk Kramat Jati melonjak menjelang akhir tahun. Pedagang "
    "menyebut pasokan dari sentra produksi di Jawa Tengah berkurang karena hujan deras."
)


def make_article(n: int = 1, **overrides: object) -> NewArticle:
    """A valid article; ``n`` makes URLs and text unique."""
    text = overrides.pop("text", f"{TAX_TEXT} Nomor berita {n}.")
    values: dict[str, object] = {
        "url": f"https://news.example/{n}?utm_source=rss",
        "canonical_url": f"https://news.example/{n}",
        "outlet": "Contoh News",
        "title": f"Batas lapor SPT {n}",
        "text": text,
        "bullets": ("Lapor SPT sebelum akhir Maret.", "Denda Rp100 ribu bila terlambat."),
        "topics": ("pajak",),
        "fetched_at": NOW,
        "published_at": NOW - timedelta(hours=1),
        "text_hash": text_hash(str(text)),
        "minhash": minhash_signature(str(text)),
    }
    values.update(overrides)
    return NewArticle(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(store_factory: StoreFactory) -> Store:
    """A store of each backend on a fresh database, its clock at ``NOW``."""
    return store_factory(clock=lambda: NOW)


# -- schema ------------------------------------------------------------------------------------


def test_open_creates_folder_wal_foreign_keys_and_version(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "warta.db"
    s = open_store(path)
    try:
        assert path.is_file()
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        conn.close()
        assert s._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    finally:
        s.close()


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "warta.db"
    with SQLiteStore(path, clock=lambda: NOW) as s:
        s.add_article(make_article(1))
    with SQLiteStore(path, clock=lambda: NOW) as s:
        assert s.count_articles() == 1
        assert migrate(s._conn) == 0


def test_migrates_an_old_version_file_and_indexes_existing_articles(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 1  # the first released schema, without full-text search
    stamp = "2026-11-24T10:00:00.000000Z"
    conn.execute("INSERT INTO stories(id, created_at, updated_at) VALUES (1, ?, ?)", (stamp, stamp))
    conn.execute(
        "INSERT INTO articles(id, story_id, dated_at, fetched_at, outlet, title, url, "
        "canonical_url) VALUES (1, 1, ?, ?, 'Antara', 'Iuran BPJS Kesehatan naik', "
        "'https://a.example/1', 'https://a.example/1')",
        (stamp, stamp),
    )
    conn.execute(
        "INSERT INTO article_bodies(article_id, bullets, text) VALUES (1, ?, ?)",
        (json.dumps(["Iurannya naik mulai Januari."]), "Pemerintah menaikkan iuran peserta."),
    )
    conn.close()

    with SQLiteStore(path, clock=lambda: NOW) as s:
        assert s._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        hits = s.search("iurannya")
        assert [h.article.title for h in hits] == ["Iuran BPJS Kesehatan naik"]
        assert term_counts(s._conn, ["iur", "naik"]) == {"iur": 1, "naik": 1}
        assert hits[0].article.fetched_at == datetime(2026, 11, 24, 10, tzinfo=UTC)


def test_a_file_at_the_reader_lines_version_5_gets_the_coordination_tables(
    tmp_path: Path,
) -> None:
    """Before the merge, the reader-experience line's version 5 was removed_at and
    digest_pages; such a file, at version 5, must still get leases, claims and cursors."""
    path = tmp_path / "reader-line.db"
    with SQLiteStore(path, clock=lambda: NOW) as s:
        s.add_article(make_article(1))
        s.add_article(make_article(2))
    conn = sqlite3.connect(path, isolation_level=None)
    later = ("last_questions", "answer_records", "inbox", "reader_state", "database_meta")
    for table in ("leases", "fanout_cursors", "digest_pages", *later):
        conn.execute(f"DROP TABLE {table}")  # the later ones came after that line's version 5
    for column in ("claimed_by", "claimed_until", "removed_at"):
        table = "subscriptions" if column == "removed_at" else "feeds"
        conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    # What that line's migration 5 did.
    conn.execute("ALTER TABLE subscriptions ADD COLUMN removed_at TEXT")
    conn.execute(
        "CREATE TABLE digest_pages (id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, "
        "pages TEXT NOT NULL, created_at TEXT NOT NULL)"
    )
    conn.execute("PRAGMA user_version = 5")
    conn.close()

    with SQLiteStore(path, clock=lambda: NOW) as s:
        assert s._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        newest = max(a.id for a in s.articles_after(0, limit=10))
        assert s.fanout_cursor() == newest  # those were pushed by the old code
        assert s.acquire_lease("sender", "me", ttl=timedelta(seconds=8))
        s.upsert_chat(1)
        s.add_subscription(1, "keyword", "bpjs")
        (bpjs,) = s.subscriptions(1)
        assert s.remove_subscription_id(1, bpjs.id) == bpjs
        assert s.digest_pages(1, s.save_digest(1, ["satu", "dua"])) == ["satu", "dua"]


def test_newer_schema_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(SchemaError, match="newer than this Warta supports"):
        SQLiteStore(path)


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(SchemaError, match="not a usable Warta database"):
        SQLiteStore(path)
    assert path.read_text().startswith("these are my notes")


# -- feeds -------------------------------------------------------------------------------------


def test_sync_feeds_upserts_names_and_retires_missing_feeds(store: Store) -> None:
    store.sync_feeds([FeedSource("Antara", "https://a/rss"), FeedSource("Kompas", "https://k/rss")])
    store.record_feed_success("https://k/rss", at=NOW, etag='"v1"', last_modified=None)
    store.sync_feeds([FeedSource("ANTARA News", "https://a/rss"), FeedSource("Tempo", "https://t")])

    assert [(f.name, f.url) for f in store.feed_states()] == [
        ("ANTARA News", "https://a/rss"),
        ("Tempo", "https://t"),
    ]
    retired = store.feed_state("https://k/rss")
    assert retired is not None and retired.etag == '"v1"'  # history kept
    assert store.feed_state("https://unknown") is None


def test_feed_failures_count_up_and_success_resets(store: Store) -> None:
    store.sync_feeds([FeedSource("Antara", "https://a/rss")])
    first = store.record_feed_failure(
        "https://a/rss", at=NOW, error="HTTP 503", next_poll_at=NOW + timedelta(minutes=10)
    )
    later = NOW + timedelta(hours=1)
    second = store.record_feed_failure(
        "https://a/rss", at=later, error="timeout", next_poll_at=later + timedelta(minutes=20)
    )
    assert first.consecutive_failures == 1 and second.consecutive_failures == 2
    assert second.failing_since == NOW and second.last_error_at == later
    assert second.last_error == "timeout"
    assert second.next_poll_at == later + timedelta(minutes=20)
    store.mark_feed_reported("https://a/rss", at=later)
    assert store.feed_state("https://a/rss").reported_at == later  # type: ignore[union-attr]
    assert store.stats().feeds_failing == 1

    store.record_feed_success(
        "https://a/rss", at=later, etag='"e"', last_modified="Wed, 25 Nov 2026 08:00:00 GMT"
    )
    state = store.feed_state("https://a/rss")
    assert state is not None
    assert state.consecutive_failures == 0 and state.failing_since is None
    assert state.reported_at is None and state.last_success_at == later
    assert (state.etag, state.last_modified) == ('"e"', "Wed, 25 Nov 2026 08:00:00 GMT")
    assert store.stats().feeds_failing == 0


def test_feed_polled_before_sync_still_gets_a_row(store: Store) -> None:
    state = store.record_feed_failure(
        "https://x/rss", at=NOW, error="DNS", next_poll_at=NOW + timedelta(hours=1)
    )
    assert state.url == "https://x/rss" and state.consecutive_failures == 1


def test_naive_datetimes_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no time zone"):
        store.record_feed_success(
            "https://a", at=datetime(2026, 1, 1), etag=None, last_modified=None
        )
    with pytest.raises(StoreError, match="no time zone"):
        store.add_article(make_article(1, published_at=datetime(2026, 1, 1)))
    assert store.count_articles() == 0


# -- articles and stories ----------------------------------------------------------------------


def test_add_and_get_article_roundtrip(store: Store) -> None:
    new = make_article(
        1, author="Rina", guid="g-1", feed_url="https://news.example/rss", topics=("pajak", "umkm")
    )
    result = store.add_article(new)
    assert not result.duplicate and result.new_story and result.article_id
    article = store.get_article(result.article_id)
    assert article is not None
    assert article.title == new.title and article.text == new.text
    assert article.bullets == new.bullets and article.topics == ("pajak", "umkm")
    assert article.url == new.url and article.canonical_url == new.canonical_url
    assert article.published_at == new.published_at and article.fetched_at == NOW
    assert article.published_at.tzinfo is not None  # type: ignore[union-attr]
    assert article.author == "Rina" and article.story_id == result.story_id
    assert store.get_article(999) is None
    assert store.has_article(canonical_url=new.canonical_url)
    assert store.has_article(guid="g-1", feed_url="https://news.example/rss")
    assert not store.has_article(guid="g-1", feed_url="https://other/rss")
    assert not store.has_article(canonical_url="https://news.example/2")
    assert not store.has_article()


def test_duplicate_canonical_url_is_skipped(store: Store) -> None:
    store.add_article(make_article(1))
    again = make_article(2, canonical_url=" https://news.example/1\n")
    assert store.add_article(again).duplicate
    assert store.count_articles() == 1


def test_duplicate_guid_in_the_same_feed_is_skipped(store: Store) -> None:
    store.add_article(make_article(1, guid="abc", feed_url="https://f/rss"))
    assert store.add_article(make_article(2, guid="abc", feed_url="https://f/rss")).duplicate
    # The same guid in another feed is another article.
    assert not store.add_article(make_article(3, guid="abc", feed_url="https://g/rss")).duplicate
    assert store.count_articles() == 2


def test_same_text_under_two_urls_is_stored_once(store: Store) -> None:
    store.add_article(make_article(1, text=BPJS_TEXT))
    copy = make_article(2, text="  " + BPJS_TEXT.upper() + "  ", text_hash=None, minhash=())
    assert store.add_article(copy).duplicate
    assert store.count_articles() == 1


def test_same_story_from_two_outlets_shares_one_story(store: Store) -> None:
    first = store.add_article(make_article(1, text=BPJS_TEXT, outlet="Merdeka"))
    second = store.add_article(
        make_article(
            2, text=BPJS_TEXT_REWORDED, outlet="Antara", fetched_at=NOW + timedelta(hours=2)
        )
    )
    other = store.add_article(make_article(3, text=TAX_TEXT, outlet="Kompas"))
    assert not second.duplicate and not second.new_story
    assert second.story_id == first.story_id
    assert other.new_story and other.story_id != first.story_id
    assert store.story_outlets(first.story_id) == ["Merdeka", "Antara"]  # type: ignore[arg-type]
    assert store.stats().stories == 2


def test_one_story_when_two_processes_store_it_at_the_same_moment(
    store_factory: StoreFactory,
) -> None:
    writers = [store_factory(clock=lambda: NOW) for _ in range(2)]
    texts = [(BPJS_TEXT, "Merdeka"), (BPJS_TEXT_REWORDED, "Antara")]
    results = []
    barrier = threading.Barrier(2)

    def write(i: int) -> None:
        text, outlet = texts[i]
        barrier.wait()
        results.append(writers[i].add_article(make_article(i, text=text, outlet=outlet)))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.new_story for r in results) == [False, True]
    assert results[0].story_id == results[1].story_id


def test_one_article_when_two_processes_store_it_at_the_same_moment(
    store_factory: StoreFactory,
) -> None:
    writers = [store_factory(clock=lambda: NOW) for _ in range(2)]
    results = []
    barrier = threading.Barrier(2)

    def write(i: int) -> None:
        article = make_article(1, text=BPJS_TEXT, outlet=f"Outlet {i}")
        barrier.wait()
        results.append(writers[i].add_article(article))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.duplicate for r in results) == [False, True]
    assert writers[0].count_articles() == 1 and writers[0].stats().stories == 1
    # The refused copy left nothing behind: one article's document counts.
    assert writers[1].document_frequencies(["bpjs", "koperasi"]) == {"bpjs": 1, "koperasi": 1}


def test_articles_after_never_skips_one_stored_concurrently(store_factory: StoreFactory) -> None:
    """What the fan-out cursor relies on: reading after the last id seen, while several
    processes store articles, eventually returns every article (ids appear in order)."""
    writers = [store_factory(clock=lambda: NOW) for _ in range(2)]
    reader = store_factory(clock=lambda: NOW)
    done = threading.Event()
    seen: list[int] = []

    def write(store: Store, start: int) -> None:
        for n in range(start, start + 15):  # texts of unrelated stories: no lock in common
            text = " ".join(f"kata{n}x{k}" for k in range(30))
            store.add_article(make_article(n, text=text, text_hash=None, minhash=()))

    def read() -> None:
        cursor = 0
        while True:
            finished = done.is_set()
            batch = reader.articles_after(cursor, limit=100)
            seen.extend(a.id for a in batch)
            cursor = batch[-1].id if batch else cursor
            if finished and not batch:
                return

    threads = [threading.Thread(target=write, args=(writers[i % 2], 100 * i)) for i in range(8)]
    watcher = threading.Thread(target=read)
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    watcher.join()
    assert len(seen) == len(set(seen)) == reader.count_articles() == 120


def test_story_clustering_only_looks_at_the_last_week(store: Store) -> None:
    first = store.add_article(make_article(1, text=BPJS_TEXT, fetched_at=NOW - timedelta(days=30)))
    second = store.add_article(make_article(2, text=BPJS_TEXT_REWORDED))
    assert second.new_story and second.story_id != first.story_id


def test_missing_hash_and_minhash_are_computed(store: Store) -> None:
    store.add_article(make_article(1, text=BPJS_TEXT, text_hash=None, minhash=()))
    second = store.add_article(make_article(2, text=BPJS_TEXT_REWORDED, text_hash=None, minhash=()))
    assert not second.new_story


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"canonical_url": " "}, "canonical_url"),
        ({"url": ""}, "url"),
        ({"outlet": ""}, "outlet"),
        ({"title": "", "text": "  "}, "neither title nor text"),
        ({"minhash": (1, 2, 3)}, "minhash"),
    ],
)
def test_bad_articles_are_refused_clearly(
    store: Store, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        store.add_article(make_article(1, **overrides))
    assert store.count_articles() == 0


def test_minhash_is_packed_compactly_and_losslessly() -> None:
    signature = minhash_signature(BPJS_TEXT)
    blob = pack_minhash(signature)
    assert blob is not None and len(blob) == 5 * len(signature)
    assert unpack_minhash(blob) == signature
    assert unpack_minhash(pack_minhash((2**33 - 1,) * 64)) == (2**33 - 1,) * 64


def test_articles_since_is_newest_first_one_per_story_with_topics(store: Store) -> None:
    old = store.add_article(make_article(1, fetched_at=NOW - timedelta(days=3)))
    a = store.add_article(make_article(2, text=BPJS_TEXT, topics=("bpjs-tk",)))
    b = store.add_article(
        make_article(
            3,
            text=BPJS_TEXT_REWORDED,
            topics=("bpjs-tk",),
            outlet="Antara",
            fetched_at=NOW + timedelta(minutes=5),
        )
    )
    c = store.add_article(make_article(4, text=MARKET_TEXT, fetched_at=NOW + timedelta(minutes=1)))
    assert a.story_id == b.story_id and old.story_id != c.story_id

    since = NOW - timedelta(days=1)
    assert [x.id for x in store.articles_since(since)] == [b.article_id, c.article_id]
    assert [x.id for x in store.articles_since(since, topics=["pajak"])] == [c.article_id]
    assert [x.id for x in store.articles_since(since, limit=1)] == [b.article_id]
    assert store.articles_since(NOW + timedelta(days=1)) == []
    assert [x.id for x in store.articles_since(NOW - timedelta(days=5))] == [
        b.article_id,
        c.article_id,
        old.article_id,
    ]


def test_concurrent_writers_from_threads_lose_nothing(store: Store) -> None:
    errors: list[BaseException] = []

    def worker(start: int) -> None:
        try:
            for n in range(start, start + 10):
                store.add_article(make_article(n, minhash=()))
                store.enqueue(1, "push", f"pesan {n}", dedupe_key=f"k{n}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i * 100,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count_articles() == 40
    assert store.stats().pending == 40


# -- chats and subscriptions -------------------------------------------------------------------


def test_upsert_chat_creates_with_defaults_and_reactivates(store: Store) -> None:
    chat = store.upsert_chat(42)
    assert chat == ChatSettings(chat_id=42)
    store.update_chat(42, digest_hour=19, mode="digest")
    store.set_chat_inactive(42, "Forbidden: bot was blocked by the user")
    assert store.get_chat(42).active is False  # type: ignore[union-attr]
    assert store.chats() == []
    assert [c.chat_id for c in store.chats(active_only=False)] == [42]

    back = store.upsert_chat(42, title="Rina")
    assert back.active and back.inactive_reason is None
    assert (back.digest_hour, back.mode, back.title) == (19, "digest", "Rina")  # settings kept


def test_update_chat_changes_and_validates_fields(store: Store) -> None:
    store.upsert_chat(-100123, chat_type="supergroup", title="Grup UMKM")
    at = NOW - timedelta(hours=3)
    chat = store.update_chat(
        -100123, timezone="Asia/Makassar", paused=True, last_digest_at=at, digest_hour=0
    )
    assert chat.timezone == "Asia/Makassar" and chat.paused and chat.digest_hour == 0
    assert chat.last_digest_at == at and chat.chat_type == "supergroup"
    assert store.update_chat(-100123) == chat


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, "unknown chat setting"),
        ({"story_id": 5}, "unknown chat setting"),
        ({"digest_hour": 24}, "digest_hour"),
        ({"digest_hour": "7"}, "digest_hour"),
        ({"mode": "loud"}, "mode"),
        ({"timezone": "Mars/Olympus"}, "time zone"),
        ({"paused": "yes"}, "paused"),
        ({"chat_type": "bot"}, "chat_type"),
        ({"last_digest_at": datetime(2026, 1, 1)}, "no time zone"),
    ],
)
def test_update_chat_refuses_bad_values(
    store: Store, changes: dict[str, object], message: str
) -> None:
    store.upsert_chat(7)
    with pytest.raises(StoreError, match=message):
        store.update_chat(7, **changes)
    assert store.get_chat(7) == ChatSettings(chat_id=7)


def test_update_unknown_chat_is_an_error(store: Store) -> None:
    with pytest.raises(StoreError, match="not known"):
        store.update_chat(99, paused=True)
    with pytest.raises(StoreError, match="chat_type"):
        store.upsert_chat(99, chat_type="robot")
    assert store.get_chat(99) is None


def test_subscriptions_are_unique_case_insensitively(store: Store) -> None:
    store.upsert_chat(1)
    assert store.add_subscription(1, "topic", "bpjs-kesehatan")
    assert store.add_subscription(1, "keyword", "  Kartu Prakerja ")
    assert not store.add_subscription(1, "keyword", "kartu prakerja")
    assert not store.add_subscription(1, "topic", "bpjs-kesehatan")
    assert [(s.kind, s.value) for s in store.subscriptions(1)] == [
        ("topic", "bpjs-kesehatan"),
        ("keyword", "Kartu Prakerja"),
    ]
    assert store.remove_subscription(1, "keyword", "KARTU PRAKERJA")
    assert not store.remove_subscription(1, "keyword", "kartu prakerja")
    assert [s.value for s in store.subscriptions(1)] == ["bpjs-kesehatan"]


@pytest.mark.parametrize(
    ("chat_id", "kind", "value", "message"),
    [
        (1, "hashtag", "pajak", "kind"),
        (1, "keyword", "   ", "non-empty"),
        (2, "topic", "pajak", "not known"),
    ],
)
def test_bad_subscriptions_are_refused(
    store: Store, chat_id: int, kind: str, value: str, message: str
) -> None:
    store.upsert_chat(1)
    with pytest.raises(StoreError, match=message):
        store.add_subscription(chat_id, kind, value)
    assert store.subscriptions(1) == []


def test_all_subscriptions_skips_paused_and_inactive_chats(store: Store) -> None:
    for chat in (1, 2, 3):
        store.upsert_chat(chat)
        store.add_subscription(chat, "topic", "pajak")
    store.update_chat(2, paused=True)
    store.set_chat_inactive(3, "kicked")
    assert [s.chat_id for s in store.all_subscriptions()] == [1]
    stats = store.stats()
    assert (stats.chats, stats.active_chats, stats.subscriptions) == (3, 2, 3)


def test_a_subscription_removed_by_id_can_be_restored(store: SQLiteStore) -> None:
    store.upsert_chat(1)
    store.upsert_chat(2)
    store.add_subscription(1, "topic", "pajak")
    store.add_subscription(1, "keyword", "kartu prakerja")
    pajak, prakerja = store.subscriptions(1)
    assert pajak.id and prakerja.id and pajak.id != prakerja.id
    assert store.remove_subscription_id(2, pajak.id) is None  # another chat's id
    removed = store.remove_subscription_id(1, pajak.id)
    assert (removed.kind, removed.value, removed.id) == ("topic", "pajak", pajak.id)
    assert store.remove_subscription_id(1, pajak.id) is None  # already removed
    assert [s.value for s in store.subscriptions(1)] == ["kartu prakerja"]
    assert store.all_subscriptions() == [prakerja]
    assert store.stats().subscriptions == 1
    assert store.restore_subscription(2, pajak.id) is None
    back = store.restore_subscription(1, pajak.id)
    assert (back.value, back.id) == ("pajak", pajak.id)
    assert [s.id for s in store.subscriptions(1)] == [pajak.id, prakerja.id]
    # Removed by name then added again: the same row, the same id.
    assert store.remove_subscription(1, "keyword", "Kartu Prakerja")
    assert store.add_subscription(1, "keyword", "kartu prakerja")
    assert [s.id for s in store.subscriptions(1)] == [pajak.id, prakerja.id]
    assert store.restore_subscription(1, 999) is None


def test_a_group_moved_to_a_supergroup_keeps_its_settings_and_subscriptions(
    store: Store,
) -> None:
    assert store.move_chat(-5, -1005) is None  # never stored: nothing written
    assert store.get_chat(-1005) is None
    store.upsert_chat(-5, chat_type="group", title="Warga RT 3")
    store.update_chat(-5, timezone="Asia/Jayapura", digest_hour=19, mode="digest", paused=True)
    store.add_subscription(-5, "topic", "pajak")
    store.add_subscription(-5, "keyword", "banjir")
    store.add_subscription(-5, "keyword", "gempa")
    store.remove_subscription(-5, "keyword", "gempa")  # removed: not carried over
    store.upsert_chat(-1005, chat_type="supergroup")
    store.add_subscription(-1005, "keyword", "Banjir")  # already there: kept once
    moved = store.move_chat(-5, -1005)
    assert moved is not None and moved == store.get_chat(-1005)
    assert (moved.chat_type, moved.title, moved.timezone, moved.digest_hour) == (
        "supergroup",
        "Warga RT 3",
        "Asia/Jayapura",
        19,
    )
    assert moved.mode == "digest" and moved.paused and moved.active
    assert sorted(s.value for s in store.subscriptions(-1005)) == ["Banjir", "pajak"]
    old = store.get_chat(-5)
    assert old is not None and not old.active
    assert old.inactive_reason == "migrated to supergroup -1005"
    assert [s.value for s in store.subscriptions(-5)] == ["pajak", "banjir"]  # kept


def test_ping_and_the_outbox_backlog(store: Store) -> None:
    store.ping()
    assert store.outbox_backlog(now=NOW) == (0, None)
    sent = store.enqueue(1, "push", "a", dedupe_key="push:1:1")
    store.enqueue(1, "push", "b", dedupe_key="push:1:2")
    later = store.enqueue(2, "push", "c", dedupe_key="push:2:2")
    store.mark_retry(later, error="429", not_before=NOW + timedelta(hours=1))  # type: ignore[arg-type]
    store.mark_sending(sent)  # type: ignore[arg-type]
    store.mark_sent(sent, at=NOW)  # type: ignore[arg-type]
    assert store.outbox_backlog(now=NOW) == (2, NOW)


def test_digest_pages_are_kept_per_chat(store: SQLiteStore) -> None:
    digest = store.save_digest(5, ["<b>1</b>", "dua"])
    assert store.digest_pages(5, digest) == ["<b>1</b>", "dua"]
    assert store.digest_pages(6, digest) is None
    assert store.digest_pages(5, digest + 1) is None
    with pytest.raises(StoreError):
        store.save_digest(5, [])


def test_pushed_stories_reads_the_push_keys(store: SQLiteStore) -> None:
    since = NOW - timedelta(hours=1)
    store.enqueue(5, "push", "a", dedupe_key="push:5:11")
    store.enqueue(5, "push", "b", dedupe_key="push:5:12")
    store.enqueue(55, "push", "c", dedupe_key="push:55:13")
    store.enqueue(5, "digest", "d", dedupe_key="digest:5:2026-11-29")
    failed = store.enqueue(5, "push", "e", dedupe_key="push:5:14")
    store.mark_failed(failed, error="blocked")
    assert store.pushed_stories(5, since) == {11, 12}
    assert store.pushed_stories(5, NOW + timedelta(hours=1)) == set()


# -- outbox ------------------------------------------------------------------------------------


def test_enqueue_is_idempotent_on_dedupe_key(store: Store) -> None:
    first = store.enqueue(1, "push", "<b>Halo</b>", dedupe_key="push:1:10")
    assert first is not None
    assert store.enqueue(1, "push", "<b>Halo lagi</b>", dedupe_key="push:1:10") is None
    store.mark_sending(first)
    store.mark_sent(first, at=NOW)
    assert store.enqueue(1, "push", "<b>Halo</b>", dedupe_key="push:1:10") is None
    assert store.stats().sent == 1


def test_outbox_lifecycle(store: Store) -> None:
    markup = json.dumps({"inline_keyboard": [[{"text": "Baca", "url": "https://a"}]]})
    a = store.enqueue(1, "push", "satu", dedupe_key="a", reply_markup=markup)
    b = store.enqueue(2, "digest", "dua", dedupe_key="b")
    c = store.enqueue(1, "reply", "tiga", dedupe_key="c")
    due = store.due_messages(now=NOW)
    assert [m.id for m in due] == [a, b, c]
    assert due[0].reply_markup == markup and due[0].status == "pending" and due[0].attempts == 0

    store.mark_sending(a)
    assert [m.id for m in store.due_messages(now=NOW)] == [b, c]
    store.mark_sent(a, at=NOW, telegram_message_id=555)
    sent = store.get_message(a)
    assert sent is not None and sent.status == "sent" and sent.attempts == 1

    store.mark_sending(b)
    store.mark_retry(b, error="429 Too Many Requests", not_before=NOW + timedelta(seconds=30))
    assert [m.id for m in store.due_messages(now=NOW)] == [c]
    later = store.due_messages(now=NOW + timedelta(seconds=30))
    assert [m.id for m in later] == [c, b]
    assert later[1].last_error == "429 Too Many Requests" and later[1].attempts == 1
    assert [m.id for m in store.due_messages(now=NOW, limit=1)] == [c]

    store.mark_failed(c, error="Bad Request: message is too long")
    assert store.get_message(c).status == "failed"  # type: ignore[union-attr]
    stats = store.stats()
    assert (stats.sent, stats.pending, stats.failed) == (1, 1, 1)


def test_due_messages_keep_each_chats_order_behind_a_back_off(tmp_path: Path) -> None:
    """A chat's later messages are not due while an older one waits out a 429, even in a new
    process (the order lives in the database, not in the sender's memory)."""
    path = tmp_path / "warta.db"
    s = SQLiteStore(path, clock=lambda: NOW)
    first, second, third = (
        s.enqueue(7, "push", f"bagian {i}", dedupe_key=f"p{i}") for i in range(3)
    )
    other = s.enqueue(8, "push", "chat lain", dedupe_key="o")
    s.mark_sending(first)
    s.mark_retry(first, error="429 Too Many Requests", not_before=NOW + timedelta(seconds=30))
    s.close()

    restarted = SQLiteStore(path, clock=lambda: NOW)
    assert [m.id for m in restarted.due_messages(now=NOW)] == [other]
    due = restarted.due_messages(now=NOW + timedelta(seconds=30))
    assert [m.id for m in due] == [other, first]  # the rest of chat 7 waits for its turn
    assert [m.id for m in restarted.due_messages(now=NOW + timedelta(seconds=30), limit=1)] == [
        other
    ]
    restarted.mark_sending(first)
    restarted.mark_sent(first, at=NOW + timedelta(seconds=30))
    assert [m.id for m in restarted.due_messages(now=NOW)] == [second, third, other]


def test_requeue_in_flight_after_a_crash(store_factory: StoreFactory) -> None:
    s = store_factory(clock=lambda: NOW)
    ids = [s.enqueue(1, "push", f"pesan {i}", dedupe_key=f"k{i}") for i in range(3)]
    s.mark_sending(ids[0])
    s.mark_sent(ids[0], at=NOW)
    s.mark_sending(ids[1])  # the process dies here, mid-send (never closed)

    restarted = store_factory(clock=lambda: NOW)
    assert restarted.requeue_in_flight() == 1
    assert [m.id for m in restarted.due_messages(now=NOW)] == [ids[1], ids[2]]
    assert restarted.get_message(ids[1]).attempts == 1  # type: ignore[union-attr]
    assert restarted.requeue_in_flight() == 0


def test_drop_pending_for_chat(store: Store) -> None:
    a = store.enqueue(1, "push", "satu", dedupe_key="a")
    store.enqueue(1, "digest", "dua", dedupe_key="b")
    c = store.enqueue(2, "push", "tiga", dedupe_key="c")
    store.mark_sending(a)
    store.mark_sent(a, at=NOW)
    assert store.drop_pending_for_chat(1, error="Forbidden: bot was blocked by the user") == 1
    assert [m.id for m in store.due_messages(now=NOW)] == [c]
    assert store.get_message(a).status == "sent"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kind", "text", "key", "markup", "message"),
    [
        ("shout", "teks", "k", None, "kind"),
        ("push", "", "k", None, "message text"),
        ("push", "teks", "", None, "dedupe_key"),
        ("push", "teks", "k", "{not json", "reply_markup"),
    ],
)
def test_bad_messages_are_refused(
    store: Store, kind: str, text: str, key: str, markup: str | None, message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        store.enqueue(1, kind, text, dedupe_key=key, reply_markup=markup)
    assert store.due_messages(now=NOW) == []


def test_every_write_is_visible_to_another_connection_at_once(
    store: Store, store_factory: StoreFactory
) -> None:
    other = store_factory(clock=lambda: NOW)
    message = store.enqueue(5, "push", "halo", dedupe_key="x")
    assert other.get_message(message).status == "pending"  # type: ignore[arg-type,union-attr]
    store.mark_sending(message)  # type: ignore[arg-type]
    assert other.get_message(message).status == "sending"  # type: ignore[arg-type,union-attr]
    store.add_article(make_article(1))
    store.upsert_chat(5)
    assert other.count_articles() == 1
    assert other.get_chat(5) is not None


def test_a_second_process_style_store_reads_while_the_first_writes(
    store: Store, store_factory: StoreFactory
) -> None:
    store.add_article(make_article(1))
    reader = store_factory(clock=lambda: NOW)
    assert reader.count_articles() == 1
    store.add_article(make_article(2))
    assert reader.count_articles() == 2
    assert [h.article.id for h in reader.search("pajak", limit=10)]


def test_the_token_is_never_stored(store: Store, database_url: str) -> None:
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    message = store.enqueue(1, "push", "halo", dedupe_key="t")
    store.mark_retry(message, error=f"httpx.ConnectError for {url}", not_before=NOW)  # type: ignore[arg-type]
    store.mark_failed(message, error=f"failed: {url}")  # type: ignore[arg-type]
    store.enqueue(2, "push", "halo", dedupe_key="u")
    store.drop_pending_for_chat(2, error=f"Forbidden {url}")
    store.upsert_chat(3)
    store.set_chat_inactive(3, f"blocked at {url}")
    store.record_feed_failure("https://f/rss", at=NOW, error=url, next_poll_at=NOW)
    assert "<token>" in store.get_message(message).last_error  # type: ignore[union-attr]
    for table in copy_tables():
        for row in store.export_rows(table):
            assert TOKEN not in repr(row), table
    store.close()
    if store.backend == "sqlite":
        for path in Path(database_url).parent.iterdir():
            assert TOKEN.encode() not in path.read_bytes(), path.name


def test_rows_survive_a_sigkill_of_the_writing_process(
    database_url: str, store_factory: StoreFactory
) -> None:
    script = f"""
import os, signal
from bot.storage import Store, open_store
store = open_store({database_url!r})
first = store.enqueue(1, "push", "terkirim", dedupe_key="a")
store.mark_sending(first)
store.mark_sent(first, at=__import__("datetime").datetime.now(__import__("datetime").UTC))
second = store.enqueue(1, "push", "sedang dikirim", dedupe_key="b")
store.mark_sending(second)
store.enqueue(1, "push", "menunggu", dedupe_key="c")
os.kill(os.getpid(), signal.SIGKILL)
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=60)
    assert done.returncode == -signal.SIGKILL
    s = store_factory(clock=lambda: NOW)
    assert (s.stats().sent, s.stats().extra["sending"], s.stats().pending) == (1, 1, 1)
    assert s.requeue_in_flight() == 1
    assert [m.text for m in s.due_messages(now=datetime.now(UTC))] == [
        "sedang dikirim",
        "menunggu",
    ]


def test_story_outlets_of_unknown_story_is_empty(store: Store) -> None:
    assert store.story_outlets(12345) == []


def test_unknown_ids_are_harmless(store: Store) -> None:
    store.set_chat_inactive(404, "chat not found")
    assert store.get_chat(404) is None
    assert store.get_message(404) is None
    store.mark_sending(404)
    store.mark_sent(404, at=NOW)
    store.mark_failed(404, error="x")
    assert store.drop_pending_for_chat(404, error="x") == 0
    assert store.subscriptions(404) == [] and not store.remove_subscription(404, "topic", "x")
    assert store.stats().pending == 0
