"""PostgreSQL specifics: schema versions, our terms as tsvector/tsquery literals, and a server
that restarts under the store (a throwaway cluster, as the tests start when none answers)."""

from __future__ import annotations

import psycopg
import pytest

from bot.storage import SchemaError, open_store
from bot.storage.postgres import tsv
from bot.storage.postgres.schema import SCHEMA_VERSION
from tests.bot.pg import throwaway_cluster  # noqa: F401  (the throwaway fixture)
from tests.postgres import PostgresForTests


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
