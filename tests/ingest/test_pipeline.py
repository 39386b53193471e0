"""The ingestion pipeline end to end: a real local HTTP server, real extraction and
summarization, a real SQLite store."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.core.config import SEEDS_DIR, Settings
from bot.core.models import FeedSource
from bot.core.topics import load_topics
from bot.ingest.fetch import Fetcher
from bot.ingest.pipeline import Ingestor, IngestReport, build_ingestor
from bot.storage import Store
from tests.support.clock import SettableClock
from tests.support.feedserver import FeedServer, article_page, atom_feed, rss_feed, rss_item

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"
TOPICS = load_topics(SEEDS_DIR / "topics.toml")
START = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)

KOPERASI = [
    "Kementerian Koperasi menggandeng BPJS Ketenagakerjaan untuk memperluas perlindungan "
    "jaminan sosial bagi anggota koperasi di seluruh Indonesia.",
    "Menteri Koperasi mengatakan baru sebagian kecil anggota koperasi yang terdaftar sebagai "
    "peserta BPJS Ketenagakerjaan, padahal risiko kecelakaan kerja tetap ada.",
    "Melalui kerja sama ini, koperasi dapat mendaftarkan anggotanya secara kolektif sehingga "
    "iuran jaminan kecelakaan kerja dan jaminan kematian lebih mudah dibayarkan.",
    "Direktur Utama BPJS Ketenagakerjaan menyebut iuran untuk pekerja bukan penerima upah "
    "mulai dari Rp16.800 per bulan untuk dua program dasar.",
    "Pemerintah menargetkan satu juta anggota koperasi terlindungi hingga akhir tahun depan, "
    "terutama di Koperasi Desa Merah Putih yang baru dibentuk.",
]
PAJAK = [
    "Direktorat Jenderal Pajak memperpanjang batas waktu pelaporan SPT Tahunan bagi wajib pajak "
    "orang pribadi yang mengalami kendala pada sistem Coretax.",
    "Perpanjangan diberikan hingga akhir bulan depan tanpa sanksi administrasi berupa denda.",
    "Wajib pajak diimbau segera memperbarui data di Coretax agar pelaporan berjalan lancar.",
    "Menurut Ditjen Pajak, sebanyak 12 juta SPT telah diterima hingga pekan ini, naik dibanding "
    "periode yang sama tahun lalu.",
]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def poll(
    store: Store,
    sources: Sequence[FeedSource],
    *,
    clock: SettableClock | None = None,
    **options: Any,
) -> IngestReport:
    """One poll with short timeouts, as the bot would run it."""

    async def main() -> IngestReport:
        async with Fetcher(connect_timeout=1, read_timeout=0.5, total_timeout=3) as fetcher:
            ingestor = Ingestor(
                store, fetcher, sources, TOPICS, clock=clock or SettableClock(START), **options
            )
            return await ingestor.poll_once()

    return asyncio.run(main())


def publish(server: FeedServer, path: str, items: Sequence[str], **options: Any) -> FeedSource:
    server.set(path, rss_feed(items), content_type="application/rss+xml", **options)
    return FeedSource(name=path.strip("/").split("/")[0].title(), url=server.url(path))


# -- the happy path ----------------------------------------------------------------------------
def test_rss_feed_with_real_pages_is_ingested(server: FeedServer, store: Store) -> None:
    server.set("/berita/lombok", (PAGES / "antaranews_1.html").read_bytes())
    server.set("/berita/koperasi", article_page("Koperasi gandeng BPJS Ketenagakerjaan", KOPERASI))
    source = publish(
        server,
        "/antara/rss",
        [
            rss_item("29 penerbangan di Lombok dibatalkan", server.url("/berita/lombok")),
            rss_item("Koperasi gandeng BPJS Ketenagakerjaan", server.url("/berita/koperasi")),
        ],
    )
    report = poll(store, [source])

    assert (report.feeds_ok, report.feeds_failed, report.new_articles) == (1, 0, 2)
    assert report.errors == [] and len(report.new_article_ids) == 2
    stored = [store.get_article(i) for i in report.new_article_ids]
    by_url = {a.url.rsplit("/", 1)[-1]: a for a in stored if a is not None}
    lombok, koperasi = by_url["lombok"], by_url["koperasi"]
    assert "penerbangan" in lombok.text and "Bandara Internasional Lombok" in lombok.text
    assert lombok.outlet == "Antara" and not lombok.from_description
    assert 1 <= len(lombok.bullets) <= 3
    assert koperasi.title == "Koperasi gandeng BPJS Ketenagakerjaan"
    assert {"koperasi", "bpjs-ketenagakerjaan"} <= set(koperasi.topics)
    assert koperasi.published_at == datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    hits = store.search("iuran koperasi BPJS Ketenagakerjaan")
    assert hits and hits[0].article.id == koperasi.id


def test_atom_feed_is_ingested(server: FeedServer, store: Store) -> None:
    server.set("/pajak/1", article_page("Batas lapor SPT diperpanjang", PAJAK))
    server.set(
        "/atom",
        atom_feed([("Batas lapor SPT diperpanjang", server.url("/pajak/1"), "Ringkasan.")]),
        content_type="application/atom+xml",
    )
    report = poll(store, [FeedSource("Tempo", server.url("/atom"))])
    assert report.new_articles == 1
    article = store.get_article(report.new_article_ids[0])
    assert article is not None and "pajak" in article.topics


def test_the_real_tempo_feed_falls_back_to_descriptions_when_pages_are_gone(
    server: FeedServer, store: Store
) -> None:
    """Its links point at tempo.co, which tests never reach: we serve the feed with links
    rewritten to this server's missing pages, so every article keeps the feed's text."""
    xml = Path(__file__).resolve().parent.parent / "data/feeds/tempo_ekonomi_regenerated.xml"
    body = xml.read_text().replace("https://www.tempo.co/", server.url("/tempo/"))
    server.set("/tempo/rss", body, content_type="application/rss+xml")
    report = poll(store, [FeedSource("Tempo", server.url("/tempo/rss"))])
    assert report.new_articles == 9 and report.from_description == 9
    # Feed entries are stored concurrently: find the feed's first item by its title, not by
    # the order of the new ids (which IngestReport does not promise).
    stored = [store.get_article(article_id) for article_id in report.new_article_ids]
    titled = [a for a in stored if a and a.title == "8 Pinjaman Daring Masuk Pengawasan Khusus OJK"]
    assert len(titled) == 1
    article = titled[0]
    assert article.from_description
    assert "Rp12,5 miliar" in article.text


def test_page_in_windows_1252_keeps_its_characters(server: FeedServer, store: Store) -> None:
    paragraphs = [
        "Harga cabai rawit di Pasar Induk naik menjadi Rp1.500 per ons pada Rabu pagi.",
        "“Kenaikan ini karena pasokan dari Jawa Tengah berkurang,” kata pedagang bernama René.",
        "Pemerintah daerah berjanji menggelar operasi pasar untuk menahan harga cabai.",
        "Harga bawang merah juga naik, sementara harga beras relatif stabil pekan ini.",
    ]
    html = article_page("Harga cabai rawit naik", paragraphs, charset="windows-1252")
    server.set("/pangan/1", html.encode("cp1252"), content_type="text/html; charset=windows-1252")
    source = publish(server, "/pangan/rss", [rss_item("Harga cabai naik", server.url("/pangan/1"))])
    report = poll(store, [source])
    article = store.get_article(report.new_article_ids[0])
    assert article is not None
    assert "Rp1.500" in article.text
    assert "“Kenaikan ini karena pasokan" in article.text and "René" in article.text
    assert "harga-pangan" in article.topics


def test_title_with_script_and_ampersand_is_stored_as_plain_text(
    server: FeedServer, store: Store
) -> None:
    server.set("/a/1", article_page("Pajak & SPT", PAJAK))
    title = "&lt;script&gt;alert('x')&lt;/script&gt;Lapor SPT &amp;amp; Bayar Pajak"
    source = publish(server, "/rss", [rss_item(title, server.url("/a/1"), raw_title=True)])
    report = poll(store, [source])
    article = store.get_article(report.new_article_ids[0])
    assert article is not None and article.title == "Lapor SPT & Bayar Pajak"


# -- duplicates and stories --------------------------------------------------------------------
def test_same_article_under_two_urls_with_utm_parameters_is_stored_once(
    server: FeedServer, store: Store
) -> None:
    server.set("/uang/bpjs.html", article_page("Koperasi dan BPJS", KOPERASI))
    first = publish(
        server,
        "/merdeka/rss",
        [rss_item("Koperasi dan BPJS", server.url("/uang/bpjs.html?utm_source=rss&utm_medium=x"))],
    )
    second = publish(
        server,
        "/merdeka-uang/rss",
        [rss_item("Koperasi dan BPJS", server.url("/uang/bpjs.html?utm_campaign=wa#top"))],
    )
    report = poll(store, [first, second])
    assert (report.new_articles, report.duplicates) == (1, 1)
    assert server.hits("/uang/bpjs.html") == 1
    assert store.count_articles() == 1
    article = store.get_article(report.new_article_ids[0])
    assert article is not None and article.canonical_url == server.url("/uang/bpjs.html")


def test_same_story_from_two_outlets_is_one_story(server: FeedServer, store: Store) -> None:
    retold = [
        "JAKARTA - " + KOPERASI[0].replace("menggandeng", "bekerja sama dengan"),
        *KOPERASI[1:4],
        "Pemerintah menargetkan satu juta anggota koperasi terlindungi hingga tahun depan.",
    ]
    server.set("/antara/k", article_page("Koperasi gandeng BPJS TK", KOPERASI))
    server.set("/kompas/k", article_page("Anggota koperasi bisa ikut BPJS", retold))
    antara = publish(
        server, "/antara/rss", [rss_item("Koperasi gandeng BPJS TK", server.url("/antara/k"))]
    )
    kompas = publish(
        server, "/kompas/rss", [rss_item("Anggota koperasi ikut BPJS", server.url("/kompas/k"))]
    )
    report = poll(store, [antara, kompas], feed_concurrency=1)
    assert (report.new_articles, report.stories, report.duplicates) == (2, 1, 0)
    a, b = (store.get_article(i) for i in report.new_article_ids)
    assert a is not None and b is not None and a.story_id == b.story_id
    assert store.story_outlets(a.story_id) == ["Antara", "Kompas"]


def test_an_article_republished_under_a_new_url_is_a_duplicate(
    server: FeedServer, store: Store
) -> None:
    server.set("/a/1", article_page("SPT diperpanjang", PAJAK))
    server.set("/a/1-copy", article_page("SPT diperpanjang", PAJAK))
    source = publish(
        server,
        "/rss",
        [
            rss_item("SPT diperpanjang", server.url("/a/1")),
            rss_item("SPT", server.url("/a/1-copy")),
        ],
    )
    report = poll(store, [source], entry_concurrency=1)
    assert (report.new_articles, report.duplicates) == (1, 1)


# -- pages that cannot be had ------------------------------------------------------------------
def test_forbidden_page_falls_back_to_the_description_and_is_marked(
    server: FeedServer, store: Store
) -> None:
    server.set("/premium/1", "<h1>Khusus pelanggan</h1>", status=403)
    description = (
        "Pemerintah resmi menaikkan upah minimum provinsi 2027 sebesar 6,5 persen. "
        "Kenaikan UMP berlaku mulai 1 Januari dan wajib dipatuhi pengusaha."
    )
    source = publish(
        server,
        "/rss",
        [rss_item("UMP 2027 naik 6,5 persen", server.url("/premium/1"), description)],
    )
    report = poll(store, [source])
    assert report.new_articles == 1 and report.from_description == 1
    assert any("HTTP 403" in w and "description" in w for w in report.warnings)
    article = store.get_article(report.new_article_ids[0])
    assert article is not None and article.from_description
    assert article.text.startswith("Pemerintah resmi menaikkan upah minimum")
    assert article.bullets and "ketenagakerjaan" in article.topics


@pytest.mark.parametrize("problem", ["huge", "slow", "redirect_loop", "not_html"])
def test_unusable_pages_fall_back_to_the_description(
    server: FeedServer, store: Store, problem: str
) -> None:
    if problem == "huge":
        server.set_stream("/p", 50 * 1024 * 1024)
    elif problem == "slow":
        server.set("/p", article_page("x", PAJAK), delay=2)
    elif problem == "redirect_loop":
        server.redirect("/p", "/p")
    else:
        server.set("/p", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    description = "Batas waktu pelaporan SPT Tahunan diperpanjang hingga akhir bulan depan."
    source = publish(server, "/rss", [rss_item("SPT diperpanjang", server.url("/p"), description)])
    report = poll(store, [source])
    assert report.new_articles == 1 and report.from_description == 1
    article = store.get_article(report.new_article_ids[0])
    assert article is not None and article.from_description and article.text == description


def test_entry_with_neither_page_nor_description_is_skipped_and_retried(
    server: FeedServer, store: Store
) -> None:
    server.set("/good", article_page("SPT diperpanjang", PAJAK))
    source = publish(
        server,
        "/rss",
        [rss_item("Koperasi", server.url("/late")), rss_item("Ada", server.url("/good"))],
        etag=True,
    )
    report = poll(store, [source])
    assert (report.new_articles, report.skipped_entries) == (1, 1)
    assert any("/late" in e and "HTTP 404" in e and "skipped" in e for e in report.errors)
    assert report.feeds_ok == 1

    # The page goes live after the feed listed it: the next poll fetches the whole feed
    # again (no 304, the entry is pending) and stores it; the known page is not refetched.
    server.set("/late", article_page("Koperasi dan BPJS", KOPERASI))
    again = poll(store, [source])
    assert (again.feeds_not_modified, again.new_articles, again.known) == (0, 1, 1)
    assert server.hits("/good") == 1
    assert poll(store, [source]).feeds_not_modified == 1  # all done: validators kept


def test_a_teaser_page_falls_back_to_the_longer_description(
    server: FeedServer, store: Store
) -> None:
    teaser = [PAJAK[0], "Artikel ini khusus untuk pelanggan. Berlangganan untuk membaca."]
    server.set("/premium", article_page("SPT diperpanjang", teaser))
    description = " ".join(PAJAK)
    source = publish(
        server, "/rss", [rss_item("SPT diperpanjang", server.url("/premium"), description)]
    )
    report = poll(store, [source])
    article = store.get_article(report.new_article_ids[0])
    assert article is not None and article.from_description
    assert article.text.startswith("Direktorat Jenderal Pajak memperpanjang")
    assert any("less text than the feed" in w for w in report.warnings)


# -- bad feeds ---------------------------------------------------------------------------------
def test_ingestion_goes_on_past_every_bad_feed_and_records_why(
    server: FeedServer, store: Store
) -> None:
    server.set("/good/1", article_page("SPT diperpanjang", PAJAK))
    good = publish(server, "/good/rss", [rss_item("SPT diperpanjang", server.url("/good/1"))])
    server.set("/e500", "oops", status=500)
    server.set("/hang", rss_feed([]), delay=2)
    server.set("/html", "<html><body>Situs sedang dalam perbaikan</body></html>")
    server.set(
        "/broken",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>X</title><item><title>A & B'
        f"</title><link>{server.url('/good/1')}</link></item><item><title>Terpotong",
    )
    bad = {
        "Missing": server.url("/missing"),
        "Error": server.url("/e500"),
        "Hang": server.url("/hang"),
        "Html": server.url("/html"),
    }
    sources = [FeedSource(n, u) for n, u in bad.items()]
    sources += [good, FeedSource("Broken", server.url("/broken"))]
    report = poll(store, sources)

    assert (report.feeds_ok, report.feeds_failed) == (2, 4)
    assert report.new_articles == 1  # the broken feed's salvaged entry is the same article
    assert any("Broken" in w and "malformed" in w for w in report.warnings)
    errors = {s.name: s.last_error for s in store.feed_states()}
    assert errors["Missing"] == "HTTP 404 Not Found"
    assert errors["Error"] is not None and "HTTP 500" in errors["Error"]
    assert errors["Hang"] is not None and "timed out" in errors["Hang"]
    assert errors["Html"] is not None and "not an RSS or Atom feed" in errors["Html"]
    assert errors[good.name] is None and errors["Broken"] is None


def test_failing_feed_backs_off_and_is_reported_once_after_a_day(
    server: FeedServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    clock = SettableClock(START)
    source = FeedSource("Mati", server.url("/dead"))
    caplog.set_level(logging.INFO, logger="bot.ingest.pipeline")

    report = poll(store, [source], clock=clock, poll_interval=600)
    state = store.feed_state(source.url)
    assert report.feeds_failed == 1 and state is not None
    assert state.consecutive_failures == 1
    assert state.next_poll_at == START + timedelta(seconds=1200)  # 600 × 2^1

    clock.advance(seconds=600)  # the next regular poll: still backing off, no request
    report = poll(store, [source], clock=clock, poll_interval=600)
    assert report.feeds_waiting == 1 and server.hits("/dead") == 1

    clock.advance(seconds=600)
    poll(store, [source], clock=clock, poll_interval=600)
    state = store.feed_state(source.url)
    assert state is not None and state.consecutive_failures == 2 and server.hits("/dead") == 2
    assert state.next_poll_at == clock.now + timedelta(seconds=2400)

    for _ in range(12):  # keep failing; the backoff is capped at 6 hours
        clock.now = state.next_poll_at
        poll(store, [source], clock=clock, poll_interval=600)
        state = store.feed_state(source.url)
        assert state is not None
        assert state.next_poll_at is not None
        assert state.next_poll_at - clock.now <= timedelta(hours=6)
    assert state.next_poll_at - clock.now == timedelta(hours=6)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "Mati" in warnings[0].getMessage() and "failing since" in warnings[0].getMessage()
    assert state.reported_at is not None

    server.set("/dead", rss_feed([]))  # it comes back
    clock.now = state.next_poll_at
    report = poll(store, [source], clock=clock, poll_interval=600)
    state = store.feed_state(source.url)
    assert report.feeds_ok == 1 and state is not None
    assert state.consecutive_failures == 0 and state.reported_at is None


# -- polling again -----------------------------------------------------------------------------
def test_second_poll_gets_304_and_fetches_and_stores_nothing(
    server: FeedServer, store: Store
) -> None:
    server.set("/a/1", article_page("SPT diperpanjang", PAJAK))
    source = publish(server, "/rss", [rss_item("SPT diperpanjang", server.url("/a/1"))], etag=True)
    first = poll(store, [source])
    second = poll(store, [source])
    assert first.new_articles == 1
    assert (second.feeds_ok, second.feeds_not_modified, second.new_articles) == (1, 1, 0)
    state = store.feed_state(source.url)
    assert state is not None and state.etag
    assert "If-None-Match" not in server.requests("/rss")[0]
    assert server.requests("/rss")[1]["If-None-Match"] == state.etag
    assert server.hits("/a/1") == 1
    assert store.count_articles() == 1


def test_a_poll_that_found_nothing_logs_its_summary_at_debug_only(
    server: FeedServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    server.set("/a/1", article_page("SPT diperpanjang", PAJAK))
    source = publish(server, "/rss", [rss_item("SPT diperpanjang", server.url("/a/1"))], etag=True)
    caplog.set_level(logging.DEBUG, logger="bot.ingest.pipeline")
    poll(store, [source])
    poll(store, [source])
    summaries = [r for r in caplog.records if r.getMessage().startswith("ingestion: ")]
    assert [(r.levelno, "new articles: 1" in r.getMessage()) for r in summaries] == [
        (logging.INFO, True),
        (logging.DEBUG, False),
    ]


def test_a_feed_without_validators_does_not_refetch_known_pages(
    server: FeedServer, store: Store
) -> None:
    server.set("/a/1", article_page("SPT diperpanjang", PAJAK))
    source = publish(server, "/rss", [rss_item("SPT diperpanjang", server.url("/a/1"))])
    poll(store, [source])
    again = poll(store, [source])
    assert (again.new_articles, again.known, again.duplicates) == (0, 1, 0)
    assert server.hits("/a/1") == 1


def test_an_article_published_mid_test_is_the_only_new_one(
    server: FeedServer, store: Store
) -> None:
    server.set("/a/1", article_page("SPT diperpanjang", PAJAK))
    server.set("/a/2", article_page("Koperasi dan BPJS", KOPERASI))
    items = [rss_item("SPT diperpanjang", server.url("/a/1"))]
    source = publish(server, "/rss", items, etag=True)
    first = poll(store, [source])
    publish(server, "/rss", [rss_item("Koperasi dan BPJS", server.url("/a/2")), *items], etag=True)
    second = poll(store, [source])
    assert second.new_articles == 1 and second.known == 1
    assert set(second.new_article_ids).isdisjoint(first.new_article_ids)
    article = store.get_article(second.new_article_ids[0])
    assert article is not None and article.title == "Koperasi dan BPJS"


# -- the bot's event loop ----------------------------------------------------------------------
def test_extraction_and_summarization_run_off_the_event_loop(
    server: FeedServer, store: Store
) -> None:
    server.set("/a/1", article_page("SPT diperpanjang", PAJAK))
    source = publish(server, "/rss", [rss_item("SPT diperpanjang", server.url("/a/1"))])
    threads: dict[str, set[str]] = {}
    lock = threading.Lock()

    def on_stage(stage: str, seconds: float) -> None:
        with lock:
            threads.setdefault(stage, set()).add(threading.current_thread().name)

    loop_thread = threading.current_thread().name
    report = poll(store, [source], on_stage=on_stage)
    assert report.new_articles == 1
    for stage in ("extract", "summarize", "tag", "store", "parse"):
        assert stage in threads and loop_thread not in threads[stage], stage
    assert threads["page_fetch"] == {loop_thread}  # async I/O stays on the loop


def test_concurrent_polls_do_not_store_twice(server: FeedServer, store: Store) -> None:
    server.set("/a/1", article_page("SPT diperpanjang", PAJAK))
    source = publish(server, "/rss", [rss_item("SPT diperpanjang", server.url("/a/1"))])

    async def main() -> list[IngestReport]:
        async with Fetcher() as fetcher:
            ingestor = Ingestor(store, fetcher, [source], TOPICS)
            return await asyncio.gather(ingestor.poll_once(), ingestor.poll_once())

    reports = asyncio.run(main())
    assert sum(r.new_articles for r in reports) == 1 and store.count_articles() == 1


def test_two_workers_share_the_feeds_and_store_each_article_once(
    server: FeedServer, store: Store
) -> None:
    sources = []
    for f in range(5):
        items = []
        for n in range(1 + 3 * (f == 0)):  # the first feed lists 4 articles, the others 1
            path = f"/{f}/a/{n}"
            text = [f"{p} Laporan {f}-{n}." for p in (PAJAK if (f + n) % 2 else KOPERASI)]
            server.set(path, article_page(f"Berita {f}-{n}", text), delay=0.05)
            items.append(rss_item(f"Berita {f}-{n}", server.url(path)))
        sources.append(publish(server, f"/feed{f}/rss", items))

    async def main() -> list[IngestReport]:
        async with Fetcher() as fetcher:
            workers = [
                Ingestor(store, fetcher, sources, TOPICS, feed_concurrency=2, entry_concurrency=1)
                for _ in range(2)
            ]
            return await asyncio.gather(
                *(w.poll_once(holder=f"worker-{i}") for i, w in enumerate(workers))
            )

    reports = asyncio.run(main())
    assert sum(r.feeds_ok for r in reports) == 5  # each feed polled by one worker
    assert sum(r.new_articles for r in reports) == 8 == store.count_articles()
    assert all(s.next_poll_at is not None for s in store.feed_states())  # all polled as claimed


def test_build_ingestor_reads_the_configured_catalogues(
    server: FeedServer, store: Store, tmp_path: Path
) -> None:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(f'[[feed]]\nname = "Lokal"\nurl = "{server.url("/rss")}"\n')
    sites = tmp_path / "sites.toml"
    sites.write_text(LOCAL_IS_DETIK)
    settings = Settings(feeds_file=feeds, sites_file=sites, poll_interval=120, max_article_pages=3)

    async def main() -> Ingestor:
        async with Fetcher() as fetcher:
            return build_ingestor(settings, store, fetcher)

    ingestor = asyncio.run(main())
    assert [s.name for s in ingestor.sources] == ["Lokal"]
    assert {t.slug for t in ingestor.topics} >= {"koperasi", "pajak"}
    assert ingestor.poll_interval == 120
    assert ingestor.max_article_pages == 3
    assert ingestor.site_rules.utc_is_local(server.url("/a")) == ZoneInfo("Asia/Jakarta")


# -- site rules: detik's "Z" times ---------------------------------------------------------------
LOCAL_IS_DETIK = '[[site]]\nhosts = ["127.0.0.1"]\nnaive_utc_is_local = "Asia/Jakarta"\n'


def test_site_rule_reads_z_times_as_wib_in_pages_and_feed_entries(
    server: FeedServer, store: Store
) -> None:
    """The local server stands in for detik.com: same rule, its host."""
    from bot.core.sites import parse_site_rules

    wib = ZoneInfo("Asia/Jakarta")
    server.set("/read/galaxy", (PAGES / "detik_2.html").read_bytes())  # pubdate "…T10:08:58Z"
    server.set("/read/koperasi", article_page("Koperasi gandeng BPJS", KOPERASI))  # +07:00
    server.set("/read/pajak", article_page("Batas lapor SPT diperpanjang", PAJAK))
    undated = rss_item("Google umbar kelemahan Galaxy S6 Edge", server.url("/read/galaxy"))
    undated = undated.replace("<pubDate>Wed, 25 Nov 2026 07:00:00 GMT</pubDate>", "")
    feed = rss_feed(
        [
            undated,
            rss_item(
                "Koperasi gandeng BPJS",
                server.url("/read/koperasi"),
                published=datetime(2026, 11, 25, 14, 0, tzinfo=wib),
            ).replace("Wed, 25 Nov 2026 07:00:00 GMT", "Wed, 25 Nov 2026 14:00:00 +0700"),
            rss_item(  # labelled GMT, but a detik time: 09.30 WIB
                "Batas lapor SPT diperpanjang",
                server.url("/read/pajak"),
                published=datetime(2026, 11, 25, 9, 30, tzinfo=UTC),
            ),
        ]
    )
    assert "<pubDate>" not in undated and "+0700" in feed and "09:30:00 GMT" in feed
    server.set("/detik/rss", feed, content_type="application/rss+xml")
    source = FeedSource(name="Detik", url=server.url("/detik/rss"))

    report = poll(store, [source], site_rules=parse_site_rules(LOCAL_IS_DETIK))

    assert report.new_articles == 3 and report.errors == []
    by_path = {
        a.url.rsplit("/", 1)[-1]: a
        for a in (store.get_article(i) for i in report.new_article_ids)
        if a is not None
    }
    assert by_path["galaxy"].published_at == datetime(2015, 11, 5, 10, 8, 58, tzinfo=wib)
    assert by_path["koperasi"].published_at == datetime(2026, 11, 25, 14, 0, tzinfo=wib)
    assert by_path["pajak"].published_at == datetime(2026, 11, 25, 9, 30, tzinfo=wib)


def test_without_a_site_rule_times_are_read_as_labelled(server: FeedServer, store: Store) -> None:
    server.set("/read/galaxy", (PAGES / "detik_2.html").read_bytes())
    item = rss_item("Google umbar kelemahan Galaxy S6 Edge", server.url("/read/galaxy"))
    item = item.replace("<pubDate>Wed, 25 Nov 2026 07:00:00 GMT</pubDate>", "")
    server.set("/rss", rss_feed([item]), content_type="application/rss+xml")

    report = poll(store, [FeedSource(name="Lain", url=server.url("/rss"))])

    article = store.get_article(report.new_article_ids[0])
    assert article is not None
    assert article.published_at == datetime(2015, 11, 5, 10, 8, 58, tzinfo=UTC)


# -- paginated articles ----------------------------------------------------------------------------
UMP = "/read/2026/11/24/19301234/ump-2026-naik-6-5-persen-buruh-minta-lebih"
UMP_TITLE = "UMP 2026 Naik 6,5 Persen, Buruh Minta Lebih"
UMP_PAGES = [
    [
        "Pemerintah menetapkan kenaikan upah minimum provinsi (UMP) 2026 rata-rata 6,5 persen. "
        "Keputusan itu diumumkan Menteri Ketenagakerjaan di Jakarta, Senin (24/11/2026).",
        "Menurut Menaker, angka tersebut sudah mempertimbangkan pertumbuhan ekonomi, inflasi, "
        "dan indeks tertentu yang disepakati dalam sidang Dewan Pengupahan Nasional.",
        "Gubernur di seluruh Indonesia diminta menetapkan UMP paling lambat 11 Desember 2026 "
        "agar berlaku mulai 1 Januari 2027.",
    ],
    [
        "Serikat buruh menilai kenaikan 6,5 persen belum cukup untuk menutup kenaikan harga "
        "kebutuhan pokok sepanjang tahun ini.",
        "Presiden Konfederasi Serikat Pekerja Indonesia meminta kenaikan minimal 8 persen dan "
        "mengancam menggelar unjuk rasa di depan Istana Negara pekan depan.",
        "Sementara itu, kalangan pengusaha meminta pemerintah memperhatikan kemampuan industri "
        "padat karya yang sedang tertekan oleh turunnya pesanan ekspor.",
    ],
    [
        "Di sisi lain, pemerintah menyiapkan insentif pajak bagi industri padat karya agar "
        "kenaikan upah tidak berujung pada pemutusan hubungan kerja.",
        "Insentif berupa PPh 21 ditanggung pemerintah diberikan untuk pekerja bergaji hingga "
        "Rp10 juta per bulan, sementara pengurangan pajak penghasilan badan masih dikaji.",
        "Kementerian Keuangan memperkirakan insentif pajak tersebut membutuhkan anggaran "
        "sekitar Rp8 triliun pada 2027.",
    ],
]


def kompas_page(number: int, *, total: int, next_href: str | None, show_all: bool = False) -> str:
    """One page of a paginated article in Kompas's current layout: the body, then the
    "Halaman Selanjutnya" footnote (a teaser of the next page in an ``<a class="next">``) and
    the numbered "Halaman: 1 2 3" list, as on money.kompas.com (see tests/data/pages/kompas_1)."""
    body = "\n".join(f"<p>{p}</p>" for p in UMP_PAGES[number - 1])
    footnote = ""
    if next_href:
        teaser = UMP_PAGES[number][0][:45]
        footnote = (
            '<div class="read__paging__footnote paging__footnote clearfix">\n'
            "<span>Halaman Selanjutnya</span>\n"
            f'<h5><a href="{next_href}" class="next">{teaser}&#8230;</a></h5>\n</div>'
        )
    items = "".join(
        '<div class="paging__item"><a class="paging__link'
        + (" paging__link--active" if n == number else " ")
        + f'" href="{UMP}?page={n}">{n}</a></div>'
        for n in range(1, total + 1)
    )
    everything = (
        '<div class="col-bs12-2 col-offset-0"><a class="paging__link paging__link--show" '
        f'href="{UMP}?page=all#page2">Show All</a></div>'
        if show_all
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{UMP_TITLE} Halaman {number} - Kompas.com</title>
<meta property="og:title" content="{UMP_TITLE}">
<meta property="og:site_name" content="KOMPAS.com">
<meta name="content_PublishedDate" content="2026-11-24 19:30:12">
</head><body>
<div class="nav"><a href="/">Home</a> <a href="/money">Money</a></div>
<div class="read__header"><h1 class="read__title">{UMP_TITLE}</h1>
<div class="read__time">Kompas.com - 24/11/2026, 19:30 WIB</div></div>
<div class="read__content"><div class="clearfix">
{body}
</div></div>
{footnote}
<div class="read__paging clearfix">
<div class="paging paging--article col-offset-0 clearfix">
<div class="col-bs12-2 col-offset-0"><div class="paging__teaser">Halaman: </div></div>
<div class="col-bs12-8 col-offset-0"><div class="paging__wrap clearfix">{items}</div></div>
{everything}
</div></div>
<div class="read__tagging"><ul><li><a href="/tag/ump">UMP</a></li>
<li><a href="/tag/buruh">buruh</a></li></ul></div>
</body></html>"""


def serve_ump(server: FeedServer, *, show_all: bool = False) -> FeedSource:
    for n in (1, 2, 3):
        nxt = f"{UMP}?page={n + 1}" if n < 3 else None
        page = kompas_page(n, total=3, next_href=nxt, show_all=show_all)
        server.set(UMP if n == 1 else f"{UMP}?page={n}", page)
    return publish(server, "/kompas/rss", [rss_item(UMP_TITLE, server.url(UMP))])


def stored_text(store: Store, report: IngestReport) -> str:
    assert report.new_articles == 1, report.errors
    article = store.get_article(report.new_article_ids[0])
    assert article is not None and not article.from_description
    return article.text


def test_a_paginated_article_is_read_to_its_last_page(server: FeedServer, store: Store) -> None:
    source = serve_ump(server)

    report = poll(store, [source])

    text = stored_text(store, report)
    assert text.split("\n\n") == [p for page in UMP_PAGES for p in page]
    assert [server.hits(f"{UMP}?page={n}") for n in (2, 3)] == [1, 1]
    assert server.hits(UMP) == 1  # the "1" of the page list was not fetched again
    article = store.get_article(report.new_article_ids[0])
    assert article is not None
    assert "pajak" in article.topics  # only page 3 is about taxes
    assert report.warnings == []


def test_a_show_all_page_is_read_once_instead_of_every_page(
    server: FeedServer, store: Store
) -> None:
    source = serve_ump(server, show_all=True)
    whole = kompas_page(1, total=3, next_href=None).replace(
        "\n".join(f"<p>{p}</p>" for p in UMP_PAGES[0]),
        "\n".join(f"<p>{p}</p>" for page in UMP_PAGES for p in page),
    )
    server.set(f"{UMP}?page=all", whole)

    report = poll(store, [source])

    text = stored_text(store, report)
    assert text.split("\n\n") == [p for page in UMP_PAGES for p in page]  # each paragraph once
    assert server.hits(f"{UMP}?page=all") == 1
    assert [server.hits(f"{UMP}?page={n}") for n in (2, 3)] == [0, 0]


def test_a_failing_next_page_keeps_what_was_read_and_says_so(
    server: FeedServer, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    source = serve_ump(server)
    server.set(f"{UMP}?page=3", "Service Unavailable", status=503)

    with caplog.at_level(logging.INFO, logger="bot.ingest.pipeline"):
        report = poll(store, [source])

    text = stored_text(store, report)
    assert text.split("\n\n") == UMP_PAGES[0] + UMP_PAGES[1]
    assert any("page 3" in w and "kept the first 2 page(s)" in w for w in report.warnings)
    assert any("page 3 of" in r.getMessage() for r in caplog.records)


def test_page_limit_loops_and_other_sites_are_not_followed(
    server: FeedServer, store: Store
) -> None:
    source = serve_ump(server)
    report = poll(store, [source], max_article_pages=2)
    assert stored_text(store, report).split("\n\n") == UMP_PAGES[0] + UMP_PAGES[1]
    assert server.hits(f"{UMP}?page=3") == 0

    # Page 2 points back to page 1; page 1 of another article points to another site.
    loop = "/read/2026/11/24/1/koperasi-desa"
    server.set(
        loop,
        article_page("Koperasi desa", KOPERASI[:3]).replace(
            "</article>", f'<a href="{loop}?page=2" class="next">Halaman selanjutnya</a></article>'
        ),
    )
    server.set(
        f"{loop}?page=2",
        article_page("Koperasi desa", KOPERASI[3:]).replace(
            "</article>", f'<a href="{loop}" class="next">Halaman selanjutnya</a></article>'
        ),
    )
    away = "/read/2026/11/24/2/pajak"
    elsewhere = server.url(away).replace("127.0.0.1", "localhost") + "?page=2"
    server.set(
        away,
        article_page("Lapor SPT", PAJAK[:2]).replace(
            "</article>", f'<a href="{elsewhere}">Halaman selanjutnya</a></article>'
        ),
    )
    server.set(f"{away}?page=2", article_page("Lapor SPT", PAJAK[2:]))
    more = publish(
        server,
        "/lain/rss",
        [rss_item("Koperasi desa", server.url(loop)), rss_item("Lapor SPT", server.url(away))],
    )
    report = poll(store, [more])

    assert report.new_articles == 2 and report.errors == []
    texts = {a.title: a.text for a in map(store.get_article, report.new_article_ids) if a}
    assert [texts["Koperasi desa"].count(p) for p in KOPERASI] == [1] * len(KOPERASI)
    assert PAJAK[1] in texts["Lapor SPT"] and PAJAK[2] not in texts["Lapor SPT"]
    assert server.hits(loop) == 1 and server.hits(f"{loop}?page=2") == 1
    assert server.hits(f"{away}?page=2") == 0
