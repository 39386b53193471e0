"""``warta migrate`` and ``warta copy-db``: whole databases between SQLite and PostgreSQL, and
PostgreSQL's migrations and connection errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import FeedSource, NewAnswerRecord, NewArticle, NewOutboxMessage
from bot.storage import Store, StoreError, StoreUnavailable, open_store
from bot.storage.copy import Progress, copy_database
from bot.storage.migrations import migrate_database
from bot.storage.postgres.admin import create_database
from bot.storage.postgres.schema import SCHEMA_VERSION as PG_SCHEMA_VERSION
from bot.storage.tables import copy_tables
from tests.support.postgres import PostgresForTests, drop_later

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
MARKUP = json.dumps({"inline_keyboard": [[{"text": "Berhenti", "callback_data": "unsub:1"}]]})

TEXTS = [
    "Kementerian Koperasi dan UKM menggandeng BPJS Ketenagakerjaan untuk memperluas "
    "perlindungan pekerja koperasi di seluruh Indonesia.",
    "Direktorat Jenderal Pajak mengingatkan wajib pajak melaporkan SPT Tahunan sebelum akhir "
    "Maret lewat DJP Online.",
    "Harga cabai rawit di pasar induk melonjak menjelang akhir tahun karena pasokan berkurang.",
]


@pytest.fixture
def server(postgres_server: PostgresForTests | None) -> PostgresForTests:
    if postgres_server is None:
        pytest.skip("PostgreSQL not available: copy-db and PostgreSQL migrations untested")
    return postgres_server


@pytest.fixture
def empty_postgres(server: PostgresForTests) -> Iterator[str]:
    """A brand-new database with no schema at all (dropped in the background afterwards)."""
    name = f"warta_blank_{uuid.uuid4().hex[:8]}"
    dsn = create_database(server.url, name)
    yield dsn
    drop_later(server.url, [name])


def fill(store: Store) -> None:
    """Some of everything a real database holds."""
    store.sync_feeds([FeedSource("Antara", "https://antara.example/rss")])
    store.record_feed_failure(
        "https://antara.example/rss", at=NOW, error="timeout", next_poll_at=NOW
    )
    for n, text in enumerate(TEXTS, 1):
        store.add_article(
            NewArticle(
                url=f"https://berita.example/{n}?utm=x",
                canonical_url=f"https://berita.example/{n}",
                outlet="Antara",
                title=f"Berita {n}",
                text=text,
                bullets=(f"Poin {n}.",),
                topics=("pajak",) if n == 2 else (),
                guid=f"g{n}",
                feed_url="https://antara.example/rss",
                published_at=NOW - timedelta(hours=n),
                fetched_at=NOW,
                text_hash=text_hash(text),
                minhash=minhash_signature(text),
            )
        )
    for chat_id in (11, 12, -100500):
        store.upsert_chat(chat_id, chat_type="private" if chat_id > 0 else "supergroup")
    store.update_chat(11, digest_hour=20, timezone="Asia/Makassar", paused=True)
    store.add_subscription(11, "topic", "pajak")
    store.add_subscription(11, "keyword", "Kartu Prakerja")
    store.add_subscription(-100500, "keyword", "bpjs")
    store.add_subscription(-100500, "keyword", "banjir")
    store.remove_subscription(-100500, "keyword", "banjir")  # kept for "↩️ Ikuti lagi"
    store.save_digest(11, ["<b>Ringkasan</b> 1/2", "Ringkasan 2/2"])
    store.set_chat_inactive(12, "Forbidden: bot was blocked by the user")
    sent = store.enqueue(11, "push", "<b>Berita</b>", dedupe_key="push:11:1", reply_markup=MARKUP)
    store.mark_sending(sent)  # type: ignore[arg-type]
    store.mark_sent(sent, at=NOW, telegram_message_id=77)  # type: ignore[arg-type]
    store.enqueue_many(
        [
            NewOutboxMessage(11, "digest", "Ringkasan", "digest:11", not_before=NOW),
            NewOutboxMessage(-100500, "push", "Grup", "push:g:1"),
        ]
    )
    store.acquire_lease("sender", "worker-a", ttl=timedelta(minutes=5))
    store.commit_fanout("push", expected=store.fanout_cursor(), upto=3, messages=[])
    store.save_last_question(11, "kapan batas lapor spt?", at=NOW)
    for n in (1, 2):
        store.save_answer(answer(n))
    store.vote_answer(11, 2, "down", at=NOW + timedelta(minutes=1))


def answer(n: int) -> NewAnswerRecord:
    return NewAnswerRecord(
        chat_id=11,
        question=f"pertanyaan {n}",
        sentences=(TEXTS[n - 1],),
        article_ids=(n,),
        article_urls=(f"https://berita.example/{n}",),
        asked_at=NOW,
    )


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every copied row, as the backends give them back."""
    return {table: sorted(store.export_rows(table), key=repr) for table in copy_tables()}


def test_copy_sqlite_to_postgres_and_back_loses_nothing(
    tmp_path: Path, server: PostgresForTests
) -> None:
    origin_path = tmp_path / "origin.db"
    with open_store(origin_path, clock=lambda: NOW) as origin:
        fill(origin)
        before = snapshot(origin)
        hits_before = [h.article.id for h in origin.search("pajak spt")]
    assert before["chats"] and before["subscriptions"] and before["outbox"]
    assert before["digest_pages"] and any(row[-1] for row in before["subscriptions"])
    assert before["last_questions"] and len(before["answer_records"]) == 2

    middle = server.shared()
    lines: list[str] = []

    class Stream:
        def write(self, text: str) -> None:
            lines.append(text)

        def flush(self) -> None: ...

        def isatty(self) -> bool:
            return False

    report = copy_database(str(origin_path), middle, progress=Progress(Stream()))  # type: ignore[arg-type]
    assert report["outbox"] == 3 and report["subscriptions"] == 4 and report["articles"] == 3
    assert any("outbox: 3/3 (100%)" in line for line in lines)
    with open_store(middle, clock=lambda: NOW) as pg:
        assert snapshot(pg) == before
        assert [h.article.id for h in pg.search("pajak spt")] == hits_before
        assert pg.get_message(1).reply_markup == MARKUP  # type: ignore[union-attr]
        assert pg.get_chat(11).paused and pg.get_chat(11).digest_hour == 20  # type: ignore[union-attr]
        assert pg.fanout_cursor() == 3 and pg.lease_holder("sender") == "worker-a"
        assert pg.digest_pages(11, 1) == ["<b>Ringkasan</b> 1/2", "Ringkasan 2/2"]
        assert [s.value for s in pg.subscriptions(-100500)] == ["bpjs"]
        assert pg.add_subscription(-100500, "keyword", "banjir")  # revived, old id
        assert pg.subscriptions(-100500)[-1].id == 4
        assert pg.save_digest(12, ["Halaman"]) == 2
        assert pg.last_question(11).question == "kapan batas lapor spt?"  # type: ignore[union-attr]
        assert pg.get_answer(2).vote == "down"  # type: ignore[union-attr]
        assert pg.save_answer(answer(3)) == 3
        # New rows get ids after the copied ones.
        assert pg.enqueue(13, "push", "baru", dedupe_key="new") == 4
        assert pg.add_subscription(12, "topic", "umkm")
        new_article = pg.add_article(
            NewArticle(
                url="https://berita.example/4",
                canonical_url="https://berita.example/4",
                outlet="Kompas",
                title="Berita empat",
                text="Sebuah berita baru tentang koperasi desa dan UMKM di Jawa Barat.",
                bullets=(),
                fetched_at=NOW,
            )
        )
        assert new_article.article_id == 4
        after_pg = snapshot(pg)

    back = tmp_path / "back" / "warta.db"
    copy_database(middle, str(back), progress=Progress(Stream()))  # type: ignore[arg-type]
    with open_store(back, clock=lambda: NOW) as again:
        assert snapshot(again) == after_pg
        assert [h.article.id for h in again.search("pajak spt")] == hits_before
        assert again.search("koperasi desa")[0].article.id == 4
        assert again.enqueue(14, "push", "lagi", dedupe_key="again") == 5
        assert again.save_answer(answer(1)) == 4


def test_a_non_empty_destination_is_refused_unless_forced(
    tmp_path: Path, server: PostgresForTests
) -> None:
    source = tmp_path / "source.db"
    with open_store(source) as store:
        fill(store)
    target = server.shared()
    with open_store(target) as other:
        other.upsert_chat(999)
        other.enqueue(999, "push", "jangan hilang", dedupe_key="keep")
    with pytest.raises(StoreError, match=r"not empty.*--force"):
        copy_database(str(source), target)
    with open_store(target) as other:
        assert other.get_chat(999) is not None  # untouched
    copy_database(str(source), target, force=True)
    with open_store(target) as other:
        assert other.get_chat(999) is None
        assert sorted(c.chat_id for c in other.chats(active_only=False)) == [-100500, 11, 12]


def run_warta(*args: str, database: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARTA_", "TELEGRAM_"))}
    if database is not None:
        env["WARTA_DATABASE"] = database
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_copy_db_both_ways_with_a_progress_bar(
    tmp_path: Path, server: PostgresForTests
) -> None:
    source = tmp_path / "source.db"
    with open_store(source) as store:
        fill(store)
    target = server.shared()
    done = run_warta("copy-db", str(source), target)
    assert done.returncode == 0, done.stderr
    assert "outbox: 3/3 (100%)" in done.stderr and "search index" in done.stderr
    assert "copied" in done.stdout and "outbox 3" in done.stdout
    again = run_warta("copy-db", str(source), target)
    assert again.returncode == 1 and "--force" in again.stderr
    back = tmp_path / "back.db"
    assert run_warta("copy-db", target, f"sqlite:///{back}").returncode == 0
    with open_store(back) as store:
        assert len(store.all_subscriptions()) == 1  # chat 11 is paused, 12 blocked
        assert store.stats().pending == 2 and store.stats().sent == 1


def test_cli_copy_db_refuses_a_missing_source(tmp_path: Path) -> None:
    done = run_warta("copy-db", str(tmp_path / "nothing.db"), str(tmp_path / "new.db"))
    assert done.returncode == 2 and "no database at" in done.stderr
    assert not (tmp_path / "new.db").exists()


def test_migrate_creates_and_then_has_nothing_to_do(tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "warta.db"
    first = run_warta("migrate", database=str(path))
    assert first.returncode == 0 and "applied" in first.stdout
    second = run_warta("migrate", database=f"sqlite:///{path}")
    assert second.returncode == 0 and "nothing to do" in second.stdout


def test_migrate_on_postgresql(empty_postgres: str) -> None:
    first = run_warta("migrate", database=empty_postgres)
    applied = f"applied {PG_SCHEMA_VERSION} migration(s)"
    assert first.returncode == 0 and applied in first.stdout, first.stderr
    assert "nothing to do" in run_warta("migrate", database=empty_postgres).stdout


def test_two_processes_migrating_at_once_migrate_once(empty_postgres: str) -> None:
    script = (
        "import sys; from bot.storage.migrations import migrate_database; "
        "print(migrate_database(sys.argv[1])[0])"
    )
    children = [
        subprocess.Popen(
            [sys.executable, "-c", script, empty_postgres],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [child.communicate(timeout=120) for child in children]
    assert [c.returncode for c in children] == [0, 0, 0, 0], results
    assert sorted(int(out) for out, _ in results) == [0, 0, 0, PG_SCHEMA_VERSION]
    assert migrate_database(empty_postgres)[0] == 0


def test_stores_opening_at_once_on_an_empty_database_all_work(empty_postgres: str) -> None:
    script = (
        "import sys; from bot.storage import open_store; s = open_store(sys.argv[1]); "
        "s.upsert_chat(int(sys.argv[2])); print(len(s.chats())); s.close()"
    )
    children = [
        subprocess.Popen(
            [sys.executable, "-c", script, empty_postgres, str(i)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(1, 4)
    ]
    results = [child.communicate(timeout=120) for child in children]
    assert [c.returncode for c in children] == [0, 0, 0], results
    with open_store(empty_postgres) as store:
        assert [c.chat_id for c in store.chats()] == [1, 2, 3]


@pytest.mark.parametrize(
    "database",
    [
        "postgresql://warta:rahasia-sekali@127.0.0.1:1/warta",  # nothing listens on port 1
        "postgresql://warta:rahasia-sekali@host.invalid:5432/warta",  # no such host
    ],
)
def test_unreachable_postgresql_is_one_line_exit_2_no_password(database: str) -> None:
    for command in (("migrate",), ("search", "pajak"), ("feeds",)):
        done = run_warta(*command, database=database)
        assert done.returncode == 2, (command, done.stderr)
        assert "rahasia-sekali" not in done.stderr + done.stdout
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("warta: cannot connect to PostgreSQL")
        assert "warta:***@" in lines[0]


def test_a_refused_login_is_one_line_exit_2_no_password(server: PostgresForTests) -> None:
    # The test server trusts every login, so refuse by naming a database that is not there.
    dsn = server.url.replace("postgresql://postgres@", "postgresql://postgres:rahasia@")
    missing = dsn.rsplit("/", 1)[0] + "/warta_no_such_database"
    done = run_warta("migrate", database=missing)
    assert done.returncode == 2
    assert "rahasia" not in done.stderr and "warta_no_such_database" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    with pytest.raises(StoreUnavailable, match="does not exist") as error:
        open_store(missing)
    assert "rahasia" not in str(error.value)


def test_an_unknown_scheme_is_one_line_exit_2() -> None:
    done = run_warta("migrate", database="mysql://root:rahasia@localhost/warta")
    assert done.returncode == 2 and "rahasia" not in done.stderr
    assert "postgresql://" in done.stderr and "sqlite:///" in done.stderr


def test_a_version_1_postgresql_database_keeps_its_subscriptions_when_migrated(
    empty_postgres: str,
) -> None:
    import psycopg

    from bot.storage.postgres.schema import migrate

    with psycopg.connect(empty_postgres, autocommit=True) as conn:
        assert migrate(conn, target=1) == 1
        conn.execute("INSERT INTO chats(chat_id, created_at, updated_at) VALUES (5, now(), now())")
        conn.execute(
            "INSERT INTO subscriptions(chat_id, kind, value, value_key, created_at) "
            "VALUES (5, 'keyword', 'Koperasi', 'koperasi', now())"
        )
    store = open_store(empty_postgres)
    try:
        (sub,) = store.subscriptions(5)
        assert (sub.kind, sub.value) == ("keyword", "Koperasi")
        assert store.remove_subscription_id(5, sub.id) == sub
        assert store.subscriptions(5) == []
        assert store.digest_pages(5, store.save_digest(5, ["Halaman 1"])) == ["Halaman 1"]
    finally:
        store.close()
