"""PostgreSQL specifics: schema versions, our terms as tsvector/tsquery literals, and a server
that restarts under the store (a throwaway cluster, as the tests start when none answers)."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest

from bot.core.models import NewArticle
from bot.storage import SchemaError, open_store
from bot.storage.postgres import articles, tsv
from bot.storage.postgres.schema import SCHEMA_VERSION
from tests.support.pg import throwaway_cluster  # noqa: F401  (the throwaway fixture)
from tests.support.postgres import PostgresForTests


@pytest.fixture
def server(postgres_server: PostgresForTests | None) -> PostgresForTests:
    if postgres_server is None:
        pytest.skip("PostgreSQL not available: PostgreSQL specifics untested")
    return postgres_server


def test_a_newer_schema_is_refused_with_a_clear_error(server: PostgresForTests) -> None:
    dsn = server.fresh()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations(version) VALUES (%s)", (SCHEMA_VERSION + 5,))
    with pytest.raises(SchemaError, match="newer than this Warta supports"):
        open_store(dsn)


def test_our_stems_become_weighted_lexemes_with_positions() -> None:
    literal = tsv.tsvector_literal("Iuran naik", "iuran bpjs", "Iuran peserta naik lagi")
    terms = dict(part.split(":") for part in literal.split(" "))
    assert terms["'iuran'"] == "1A,4B,7C"  # title A, bullets B, text C; a gap between fields
    assert terms["'naik'"] == "2A,9C"
    assert terms["'bpjs'"] == "5B"


def test_query_literals_quote_every_term() -> None:
    assert tsv.all_terms(["koperasi", "Pájak"]) == "'koperasi' & 'pajak'"
    assert tsv.any_term(["it's", "a\\b"]) == "'it''s' | 'a\\\\b'"
    assert tsv.all_terms(["", "x" * 5000]) == ""  # unusable lexemes are dropped


def test_band_lock_keys_are_distinct_int4_in_order() -> None:
    keys = articles.band_lock_keys([-1, 2**63 - 1, 5, 5, -(2**63), 1 << 32])
    assert keys == sorted(set(keys))
    assert all(-(2**31) <= k < 2**31 for k in keys)
    assert articles.band_lock_keys([]) == []


def test_document_counts_are_exact_before_and_after_the_pending_counts_are_folded(
    server: PostgresForTests, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(articles, "TERM_FOLD_EVERY", 4)  # fold after the 4th and 8th article
    now = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    store = open_store(server.fresh())
    try:
        for n in range(1, 10):
            text = f"Koperasi desa menerima bantuan nomor {n}." + (" Pajak naik." if n % 3 else "")
            store.add_article(
                NewArticle(
                    url=f"https://contoh.id/{n}",
                    canonical_url=f"https://contoh.id/{n}",
                    outlet="Contoh",
                    title=f"Koperasi {n}",
                    text=text,
                    bullets=(),
                    fetched_at=now,
                )
            )
            counts = store.document_frequencies(["koperasi", "pajak", "tidakada"])
            assert counts == {"koperasi": n, "pajak": n - n // 3, "tidakada": 0}
        with psycopg.connect(store.dsn) as conn:  # type: ignore[attr-defined]
            pending = conn.execute("SELECT COUNT(DISTINCT df) FROM term_df_pending").fetchone()
            row = conn.execute("SELECT df FROM term_df WHERE term = 'koperasi'").fetchone()
        assert row == (8,) and pending == (1,)  # folded twice; the 9th article still pending
    finally:
        store.close()


def test_the_store_goes_on_after_the_server_restarts(throwaway: PostgresForTests) -> None:
    cluster = throwaway.cluster
    assert cluster is not None
    store = open_store(throwaway.shared())
    try:
        store.upsert_chat(1)
        store.enqueue(1, "push", "sebelum", dedupe_key="before")
        cluster.restart()
        # The pool checks its connections: the next calls reconnect and nothing was lost.
        assert [c.chat_id for c in store.chats()] == [1]
        store.enqueue(1, "push", "sesudah", dedupe_key="after")
        assert store.stats().pending == 2
    finally:
        store.close()
