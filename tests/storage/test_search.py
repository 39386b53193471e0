"""Full-text search on every backend: stemming, hostile input, ranking, stories, paging; and
SQLite's recent-articles index and term budget."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import NewArticle
from bot.storage import Store, open_store, ranking
from bot.storage.query import MAX_TERMS, query_terms
from bot.storage.sqlite import SQLiteStore
from bot.storage.sqlite import fts as index_module
from bot.storage.sqlite.fts import any_term_expression, refill_term_counts, term_counts
from tests.conftest import BACKENDS

if TYPE_CHECKING:
    from tests.conftest import StoreFactory

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

KOPERASI = (
    "Kementerian Koperasi dan UKM menggandeng BPJS Ketenagakerjaan untuk memperluas "
    "perlindungan jaminan sosial bagi pekerja koperasi. Baru 9.982 koperasi yang telah "
    "mendaftarkan pekerjanya pada program BPJS Ketenagakerjaan, atau sekitar 8,1 persen."
)
KOPERASI_OTHER_OUTLET = (
    "JAKARTA - Pemerintah memperkuat perlindungan pekerja koperasi. Kementerian Koperasi dan "
    "UKM menggandeng BPJS Ketenagakerjaan untuk memperluas perlindungan jaminan sosial bagi "
    "pekerja koperasi. Baru 9.982 koperasi yang telah mendaftarkan pekerjanya pada program "
    "BPJS Ketenagakerjaan."
)
IURAN = (
    "Pemerintah memastikan iurannya tidak naik tahun depan. Peserta mandiri kelas tiga tetap "
    "membayar tiga puluh lima ribu rupiah per bulan kepada BPJS Kesehatan."
)
LAYANAN = (
    "Rumah sakit daerah memperbaiki layanan gawat darurat agar pasien tidak menunggu lama. "
    "Antrean kini dapat dipantau lewat aplikasi."
)
PAJAK = (
    "Direktorat Jenderal Pajak mengingatkan wajib pajak untuk melaporkan SPT Tahunan sebelum "
    "akhir Maret. Pelaporan dapat dilakukan lewat DJP Online."
)
CABAI = (
    "Harga cabai rawit di pasar induk melonjak menjelang akhir tahun karena pasokan dari "
    "sentra produksi berkurang akibat hujan deras."
)


def article(n: int, text: str, **overrides: object) -> NewArticle:
    values: dict[str, object] = {
        "url": f"https://berita.example/{n}",
        "canonical_url": f"https://berita.example/{n}",
        "outlet": "Antara",
        "title": f"Berita {n}",
        "text": text,
        "bullets": (),
        "fetched_at": NOW - timedelta(hours=n),
        "text_hash": text_hash(text),
        "minhash": minhash_signature(text),
    }
    values.update(overrides)
    return NewArticle(**values)  # type: ignore[arg-type]


@pytest.fixture
def store(store_factory: StoreFactory) -> Store:
    """A store of each backend on a fresh database, its clock at ``NOW``."""
    return store_factory(clock=lambda: NOW)


@pytest.fixture
def sqlite_search_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A SQLite store only, for its own index machinery."""
    s = SQLiteStore(tmp_path / "warta.db", clock=lambda: NOW)
    yield s
    s.close()


def fill_archive(store: Store) -> Store:
    """A small archive of unrelated stories."""
    store.add_article(article(1, KOPERASI, title="Kemenkop gandeng BPJS Ketenagakerjaan"))
    store.add_article(article(2, IURAN, title="Iuran BPJS Kesehatan tidak naik", topics=("bpjs",)))
    store.add_article(article(3, LAYANAN, title="Rumah sakit benahi IGD", topics=("kesehatan",)))
    store.add_article(article(4, PAJAK, title="Batas lapor SPT", topics=("pajak",)))
    store.add_article(article(5, CABAI, title="Harga cabai naik"))
    return store


@pytest.fixture
def archive(store: Store) -> Store:
    return fill_archive(store)


@pytest.fixture
def sqlite_archive(sqlite_search_store: SQLiteStore) -> SQLiteStore:
    fill_archive(sqlite_search_store)
    return sqlite_search_store


@pytest.fixture(scope="module", params=BACKENDS)
def shared_archive(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The same archive on each backend, shared by read-only tests (its own database)."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("search") / "w.db")
    else:
        server = request.getfixturevalue("postgres_server")
        if server is None:
            pytest.skip("PostgreSQL not available (see the other PostgreSQL skips)")
        url = server.fresh()
    s = fill_archive(open_store(url, clock=lambda: NOW))
    yield s
    s.close()
    if request.param != "sqlite":
        server.drop(url)


def titles(hits: list) -> list[str]:
    return [h.article.title for h in hits]


HOSTILE = [
    "",
    "   ",
    '"',
    '""""',
    '"koperasi',
    'koperasi"',
    "*",
    "koper*",
    "-koperasi",
    "NEAR(koperasi pajak)",
    "NEAR",
    "koperasi AND",
    "AND OR NOT",
    "OR koperasi",
    "NOT koperasi",
    "title:koperasi",
    "koperasi:",
    "^koperasi",
    "(koperasi",
    "koperasi)",
    "((()))",
    "🙂",
    "koperasi 🙏🏽",
    "' OR 1=1; DROP TABLE articles; --",
    "%",
    "_",
    "\\",
    "\x00koperasi",
    "{title bullets}: koperasi",
    "a" * 10_000,
    "koperasi " * 2_000,
    "ⓚⓞⓟⓔⓡⓐⓢⓘ",
    "ПРИВЕТ мир",
    "١٢٣",
    "+koperasi",
    "koperasi + pajak",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(shared_archive: Store, query: str) -> None:
    hits = shared_archive.search(query, limit=3)
    assert isinstance(hits, list) and len(hits) <= 3
    page = shared_archive.search_page(query, limit=3)
    assert len(page.hits) <= 3 and page.total >= len(page.hits)
    assert shared_archive.count_articles() == 5  # nothing was harmed


@pytest.mark.parametrize(
    "query", ['"koperasi', "koperasi)", "NOT koperasi", "koperasi 🙏🏽", "-koperasi", "koper*asi"]
)
def test_syntax_characters_are_just_separators(shared_archive: Store, query: str) -> None:
    if query == "koper*asi":
        assert shared_archive.search(query) == []  # "koper" and "asi" are other words
    else:
        assert titles(shared_archive.search(query)) == ["Kemenkop gandeng BPJS Ketenagakerjaan"]


def test_long_queries_are_capped() -> None:
    words = " ".join(f"kata{i}" for i in range(500))
    assert len(query_terms(words)) == MAX_TERMS
    assert query_terms("ab" * 5_000) == ["ab" * 1000]
    assert query_terms("a" * 10_000) == ["a"]  # a letter run is a typed "bangeeet": one letter
    assert query_terms("") == []


def test_terms_are_quoted_for_fts() -> None:
    assert any_term_expression(['ab"c', "d"]) == '"ab""c" OR "d"'


def test_stop_words_are_dropped_unless_nothing_remains() -> None:
    assert query_terms("berapa koperasi yang sudah ikut BPJS?") == ["koperasi", "bpjs"]
    assert query_terms("yang sudah") == ["yang", "sudah"]


def test_stemming_finds_other_forms_of_a_word(archive: Store) -> None:
    assert titles(archive.search("iuran")) == ["Iuran BPJS Kesehatan tidak naik"]
    assert titles(archive.search("iurannya")) == ["Iuran BPJS Kesehatan tidak naik"]
    assert titles(archive.search("pelayanan")) == ["Rumah sakit benahi IGD"]
    assert titles(archive.search("PELAPORAN pajak")) == ["Batas lapor SPT"]


def test_a_readers_question_finds_the_article(archive: Store) -> None:
    hits = archive.search("berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?")
    assert titles(hits)[0] == "Kemenkop gandeng BPJS Ketenagakerjaan"


def test_all_terms_first_then_any_term(archive: Store) -> None:
    # Both words are in one article: only that one is returned.
    assert titles(archive.search("bpjs kesehatan", limit=5)) == ["Iuran BPJS Kesehatan tidak naik"]
    # No article has all three: fall back to any, the one with more of them first.
    hits = archive.search("cabai iuran bpjs", limit=5)
    assert set(titles(hits)) == {
        "Iuran BPJS Kesehatan tidak naik",
        "Kemenkop gandeng BPJS Ketenagakerjaan",
        "Harga cabai naik",
    }
    assert titles(hits)[0] == "Iuran BPJS Kesehatan tidak naik"


def test_no_match_is_an_empty_list(archive: Store) -> None:
    assert archive.search("sepakbola") == []


def test_title_counts_more_than_text(store: Store) -> None:
    store.add_article(article(1, "Sebuah berita tentang pasar. " + CABAI, title="Pasar ramai"))
    store.add_article(article(2, PAJAK, title="Cabai dan pajak"))
    store.add_article(article(3, LAYANAN))
    store.add_article(article(4, IURAN))
    store.add_article(article(5, KOPERASI))
    assert titles(store.search("cabai"))[0] == "Cabai dan pajak"


def test_recent_articles_rank_higher(store: Store) -> None:
    old_text = PAJAK.replace("Maret", "April")
    store.add_article(article(1, old_text, title="SPT lama", fetched_at=NOW - timedelta(days=90)))
    store.add_article(article(2, PAJAK, title="SPT baru", fetched_at=NOW - timedelta(days=1)))
    for n, text in enumerate((CABAI, LAYANAN, IURAN, KOPERASI), start=3):
        store.add_article(article(n, text))
    hits = store.search("spt tahunan", limit=5)
    assert titles(hits) == ["SPT baru", "SPT lama"]
    assert hits[0].score > hits[1].score > 0


def test_one_hit_per_story_with_the_other_outlets(store: Store) -> None:
    first = store.add_article(article(1, KOPERASI, outlet="Merdeka", title="Kemenkop gandeng BPJS"))
    second = store.add_article(
        article(2, KOPERASI_OTHER_OUTLET, outlet="Antara", title="Pekerja koperasi dilindungi")
    )
    store.add_article(article(3, PAJAK, outlet="Kompas"))
    assert first.story_id == second.story_id

    hits = store.search("koperasi", limit=5)
    assert len(hits) == 1
    assert hits[0].article.outlet in ("Merdeka", "Antara")
    expected_others = {"Merdeka", "Antara"} - {hits[0].article.outlet}
    assert set(hits[0].other_outlets) == expected_others


def test_paging_walks_through_all_hits_once(store: Store) -> None:
    for n in range(1, 13):
        # Twelve distinct stories that all mention "bantuan".
        text = f"Bantuan sosial tahap {n} cair di kecamatan nomor {n * 7919}. " + " ".join(
            f"kata{n}x{i}" for i in range(30)
        )
        store.add_article(article(n, text, title=f"Bantuan tahap {n}"))
    pages = [store.search("bantuan", limit=5, offset=o) for o in (0, 5, 10, 15)]
    assert [len(p) for p in pages] == [5, 5, 2, 0]
    seen = [h.article.id for page in pages for h in page]
    assert len(seen) == len(set(seen)) == 12
    scores = [h.score for page in pages for h in page]
    assert scores == sorted(scores, reverse=True)
    assert store.search("bantuan", limit=0) == []


def test_since_and_topic_filters(archive: Store) -> None:
    assert titles(archive.search("bpjs", topics=["bpjs"])) == ["Iuran BPJS Kesehatan tidak naik"]
    assert archive.search("bpjs", topics=["pajak"]) == []
    assert titles(archive.search("naik", since=NOW - timedelta(hours=3))) == [
        "Iuran BPJS Kesehatan tidak naik"
    ]
    assert archive.search("cabai", since=NOW - timedelta(hours=3)) == []


def test_search_uses_publication_date_for_since(store: Store) -> None:
    store.add_article(
        article(1, PAJAK, title="SPT", published_at=NOW - timedelta(days=10), fetched_at=NOW)
    )
    assert store.search("spt", since=NOW - timedelta(days=2)) == []
    assert titles(store.search("spt", since=NOW - timedelta(days=11))) == ["SPT"]


def test_common_words_rank_on_the_recent_index_rare_ones_on_all(
    sqlite_search_store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = sqlite_search_store
    monkeypatch.setattr(ranking, "SEARCH_CANDIDATES", 3)
    monkeypatch.setattr(index_module, "RECENT_ROWS", 4)
    store.add_article(article(30, CABAI, title="Cabai lama", fetched_at=NOW - timedelta(days=60)))
    for n in range(1, 9):
        text = f"Bantuan sosial tahap {n} cair di kecamatan nomor {n * 7919}. " + " ".join(
            f"kata{n}x{i}" for i in range(30)
        )
        fetched = NOW - timedelta(hours=10 - n)  # stored in the order they were fetched
        store.add_article(article(n, text, title=f"Bantuan tahap {n}", fetched_at=fetched))
    with store._write() as conn:
        index_module.prune_recent(conn, newest_id=9)
    recent = store._conn.execute("SELECT rowid FROM recent_fts ORDER BY rowid").fetchall()
    assert recent == [(6,), (7,), (8,), (9,)]

    # "bantuan" is in every recent article: the newest three candidates come from there.
    assert titles(store.search("bantuan", limit=10)) == [f"Bantuan tahap {n}" for n in (8, 7, 6)]
    # "cabai" is only in the old article, no longer in the recent index.
    assert titles(store.search("cabai")) == ["Cabai lama"]


@pytest.mark.parametrize("backend", ["postgres"])
def test_postgres_ranks_on_the_recent_index_when_it_has_enough_matches(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.storage.postgres import search as postgres_search

    monkeypatch.setattr(ranking, "SEARCH_CANDIDATES", 3)
    monkeypatch.setattr(postgres_search, "WALK_SHARE", 1.0)  # never the newest-first walk
    tables: list[str] = []
    ranked = postgres_search.SearchSection._ranked

    def spy(self: object, *args: object, table: str, **kwargs: object) -> object:
        tables.append(table)
        return ranked(self, *args, table=table, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(postgres_search.SearchSection, "_ranked", spy)
    store.add_article(article(30, CABAI, title="Cabai lama", fetched_at=NOW - timedelta(days=60)))
    for n in range(1, 9):
        text = f"Bantuan sosial tahap {n} cair di kecamatan nomor {n * 7919}. " + " ".join(
            f"kata{n}x{i}" for i in range(30)
        )
        fetched = NOW - timedelta(hours=10 - n)
        store.add_article(article(n, text, title=f"Bantuan tahap {n}", fetched_at=fetched))

    # Every article is among the newest RECENT_ROWS: the recent index has the three newest.
    assert titles(store.search("bantuan", limit=10)) == [f"Bantuan tahap {n}" for n in (8, 7, 6)]
    assert tables == ["article_search_recent"]

    # An article RECENT_ROWS ids later pushes all the others out of the recent index.
    with store._tx() as conn:  # type: ignore[attr-defined]
        conn.execute("ALTER SEQUENCE articles_id_seq RESTART WITH 40000")
    store.add_article(article(9, "Bantuan sosial tahap 9 cair.", title="Bantuan tahap 9"))
    with store._tx() as conn:  # type: ignore[attr-defined]
        recent = conn.execute("SELECT article_id FROM article_search_recent").fetchall()
    assert recent == [(40000,)]
    tables.clear()
    # One match there is too few: the full index gives the newest three overall.
    assert titles(store.search("bantuan", limit=10)) == [f"Bantuan tahap {n}" for n in (9, 8, 7)]
    assert tables == ["article_search_recent", "article_search"]
    assert titles(store.search("cabai")) == ["Cabai lama"]


def _bantuan(n: int) -> str:
    """A "bantuan" article's text, distinct enough to be a story of its own."""
    return f"Bantuan sosial tahap {n} cair di kecamatan nomor {n * 7919}. " + " ".join(
        f"kata{n}x{i}" for i in range(30)
    )


@pytest.mark.parametrize("backend", ["postgres"])
def test_postgres_asks_the_newer_tier_when_the_recent_one_has_too_few(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.storage.postgres import search as postgres_search

    monkeypatch.setattr(ranking, "SEARCH_CANDIDATES", 3)
    tables: list[str] = []
    ranked = postgres_search.SearchSection._ranked

    def spy(self: object, *args: object, table: str, **kwargs: object) -> object:
        tables.append(table)
        return ranked(self, *args, table=table, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(postgres_search.SearchSection, "_ranked", spy)

    def add(first_id: int, numbers: range) -> None:
        with store._tx() as conn:  # type: ignore[attr-defined]
            conn.execute(f"ALTER SEQUENCE articles_id_seq RESTART WITH {first_id}")
        for n in numbers:
            store.add_article(article(n, _bantuan(n), title=f"Bantuan tahap {n}"))

    add(1, range(1, 9))
    add(100_000, range(9, 12))
    add(230_000, range(12, 13))  # the newest RECENT_ROWS hold only this one; NEWER_ROWS four
    with store._tx() as conn:  # type: ignore[attr-defined]
        newer = conn.execute("SELECT article_id FROM article_search_newer ORDER BY 1").fetchall()
    assert newer == [(100_000,), (100_001,), (100_002,), (230_000,)]

    # Twelve matches in 230,000 articles: too few expected among the newest 30,000, enough
    # among the newest 200,000, which give the newest three overall.
    found = titles(store.search("bantuan", limit=10))
    assert sorted(found) == [f"Bantuan tahap {n}" for n in (10, 11, 12)]
    assert tables == ["article_search_newer"]


@pytest.mark.parametrize("backend", ["postgres"])
def test_postgres_leaves_out_the_most_common_words_like_sqlite(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ranking, "SEARCH_CANDIDATES", 3)
    monkeypatch.setattr(ranking, "FULL_INDEX_BUDGET", 3)
    store.add_article(article(20, CABAI, title="Cabai lama", fetched_at=NOW - timedelta(days=60)))
    for n in range(1, 7):
        store.add_article(article(n, _bantuan(n), title=f"Bantuan tahap {n}", fetched_at=NOW))

    # No recent article has both words: the whole archive is asked for the rarer one only,
    # as on SQLite (without the rule, the any-word fallback would rank "bantuan" first).
    page = store.search_page("bantuan cabai")
    assert titles(page.hits) == ["Cabai lama"]
    assert page.exact
    # Every word is kept while the budget allows it.
    monkeypatch.setattr(ranking, "FULL_INDEX_BUDGET", 60_000)
    assert not store.search_page("bantuan cabai").exact


def test_document_counts_follow_the_index(sqlite_archive: SQLiteStore) -> None:
    archive = sqlite_archive
    counts = term_counts(archive._conn, ["bpjs", "koperasi", "cabai", "zzz"])
    assert counts == {"bpjs": 2, "koperasi": 1, "cabai": 1, "zzz": 0}
    kept = dict(archive._conn.execute("SELECT term, df FROM term_df"))
    with archive._write() as conn:
        refill_term_counts(conn)  # what a migration computes from the index itself
    assert dict(archive._conn.execute("SELECT term, df FROM term_df")) == kept


def test_full_index_leaves_out_the_most_common_words(
    sqlite_search_store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = sqlite_search_store
    monkeypatch.setattr(ranking, "SEARCH_CANDIDATES", 3)
    monkeypatch.setattr(ranking, "FULL_INDEX_BUDGET", 3)
    monkeypatch.setattr(index_module, "RECENT_ROWS", 2)
    store.add_article(article(20, CABAI, title="Cabai lama", fetched_at=NOW - timedelta(days=60)))
    for n in range(1, 7):
        text = f"Bantuan sosial tahap {n} cair di kecamatan nomor {n * 7919}. " + " ".join(
            f"kata{n}x{i}" for i in range(30)
        )
        store.add_article(article(n, text, title=f"Bantuan tahap {n}", fetched_at=NOW))
    with store._write() as conn:
        index_module.prune_recent(conn, newest_id=7)

    assert query_terms("bantuan cabai") == ["bantu", "cabai"]
    assert store._affordable_terms(["bantu", "cabai"]) == ["cabai"]
    assert store._affordable_terms(["bantu"]) == ["bantu"]  # never empty
    assert titles(store.search("bantuan cabai")) == ["Cabai lama"]


def test_any_term_fallback_uses_the_rarest_words(
    archive: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ranking, "MAX_OR_TERMS", 2)
    # No article has all four words; "bpjs" (in two articles) is the most common one and is
    # left out of the fallback, so the article matching only on it is not found.
    hits = archive.search("bpjs cabai iuran sepakbola", limit=5)
    assert set(titles(hits)) == {"Harga cabai naik", "Iuran BPJS Kesehatan tidak naik"}


# -- exact first, the phrase first, counts (search_page) --------------------------------------


def test_search_page_says_whether_every_word_matched(shared_archive: SQLiteStore) -> None:
    exact = shared_archive.search_page("koperasi bpjs")
    assert exact.exact and exact.total == 1
    assert titles(exact.hits) == ["Kemenkop gandeng BPJS Ketenagakerjaan"]
    partial = shared_archive.search_page("koperasi prakerja")  # no article has both
    assert not partial.exact
    assert titles(partial.hits) == ["Kemenkop gandeng BPJS Ketenagakerjaan"]
    assert partial.terms == ("koperasi", "prakerja")
    single = shared_archive.search_page("pajak")
    assert single.exact and single.total == 1
    assert shared_archive.search_page('" OR NEAR(').hits == []


def test_search_page_counts_every_matching_story(archive: SQLiteStore) -> None:
    words = "petani sawah gudang desa kabupaten musim irigasi kios pedagang stok impor nelayan"
    pool = words.split()
    for n in range(6, 18):  # twelve distinct stories (no two alike enough to be one story)
        own = " ".join(pool[(n * k) % len(pool)] + str(n * k) for k in range(1, 12))
        archive.add_article(article(n, f"Cabai {own}.", title=f"Cabai {n}"))
    page = archive.search_page("cabai", limit=5)
    assert len(page.hits) == 5 and page.total == 13
    assert archive.search_page("cabai", limit=5, offset=10).total == 13


def test_the_words_side_by_side_rank_first(store: SQLiteStore) -> None:
    apart = "Kartu kredit bank makin laris, dan program prakerja dibuka lagi bulan depan."
    together = "Pendaftaran kartu prakerja gelombang baru dibuka, kata pemerintah."
    store.add_article(article(1, apart, title="Kredit dan pelatihan"))  # newer
    store.add_article(article(2, together, title="Pelatihan kerja"))
    assert titles(store.search("kartu prakerja")) == ["Pelatihan kerja", "Kredit dan pelatihan"]


def test_the_phrase_boost_multiplies_the_score_of_the_words_side_by_side(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the article holding "kartu prakerja" in order gets PHRASE_BOOST times its score
    (PostgreSQL's ts_rank already favours near words, so the order alone cannot show it)."""
    apart = "Kartu tani laris di Medan, sementara program prakerja dibuka lagi pekan depan."
    together = "Pendaftaran kartu prakerja gelombang baru dibuka lagi pekan depan di Bandung."
    store.add_article(article(1, apart))  # newer
    store.add_article(article(2, together))

    def scores() -> dict[str, float]:
        return {h.article.text: h.score for h in store.search("kartu prakerja")}

    boost = ranking.PHRASE_BOOST
    boosted = scores()
    assert list(boosted) == [together, apart]
    monkeypatch.setattr(ranking, "PHRASE_BOOST", 1.0)
    plain = scores()
    assert boost > 1 and boosted[together] == pytest.approx(plain[together] * boost)
    assert boosted[apart] == pytest.approx(plain[apart])


def test_casual_words_find_standard_ones(shared_archive: SQLiteStore) -> None:
    assert titles(shared_archive.search("iuran bpjs gak naik")) == [
        "Iuran BPJS Kesehatan tidak naik"
    ]


def test_document_frequencies(shared_archive: SQLiteStore) -> None:
    assert shared_archive.document_frequencies(["koperasi", "bpjs", "zzz"]) == {
        "koperasi": 1,
        "bpjs": 2,
        "zzz": 0,
    }
