"""Composing the digest: window, grouping, one appearance per story, message limits."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import Article, ChatSettings, NewArticle, Subscription, Topic
from bot.delivery.digest import (
    PER_SUBSCRIPTION,
    build_digest,
    describe_period,
    digest_window,
    gather_digest_articles,
)
from bot.present import texts
from bot.storage import Store, open_store
from tests.support.fake_telegram import parse_html, utf16_len

NOW = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 07.00 WIB
CHAT = ChatSettings(chat_id=42, timezone="Asia/Jakarta", last_digest_at=NOW - timedelta(hours=24))
TOPICS = {
    "umkm": Topic(slug="umkm", name="UMKM & Koperasi", description="Usaha kecil"),
    "pajak": Topic(slug="pajak", name="Pajak", description="Perpajakan"),
}
UMKM = Subscription(chat_id=42, kind="topic", value="umkm")
PAJAK = Subscription(chat_id=42, kind="topic", value="pajak")
PRAKERJA = Subscription(chat_id=42, kind="keyword", value="kartu prakerja")


def make_article(
    id: int,
    title: str | None = None,
    *,
    story_id: int | None = None,
    outlet: str = "Antara",
    bullets: tuple[str, ...] = ("Poin pertama.", "Poin kedua.", "Poin ketiga."),
) -> Article:
    return Article(
        id=id,
        url=f"https://contoh.id/berita/{id}",
        canonical_url=f"https://contoh.id/berita/{id}",
        outlet=outlet,
        title=title or f"Berita {id}",
        text=" ".join(bullets),
        bullets=bullets,
        topics=(),
        story_id=story_id if story_id is not None else id,
        published_at=NOW - timedelta(hours=id),
        fetched_at=NOW - timedelta(hours=id),
    )


def plain_messages(messages: list[str]) -> list[str]:
    plains = []
    for message in messages:
        plain, _ = parse_html(message)  # raises like Telegram on bad HTML
        assert 0 < utf16_len(plain) <= 4096
        plains.append(plain)
    return plains


# -- window -----------------------------------------------------------------------------------


def test_window_starts_at_the_last_digest() -> None:
    chat = ChatSettings(chat_id=1, last_digest_at=NOW - timedelta(hours=3))
    assert digest_window(chat, NOW) == NOW - timedelta(hours=3)


def test_first_digest_looks_back_a_day() -> None:
    assert digest_window(ChatSettings(chat_id=1), NOW) == NOW - timedelta(hours=24)


def test_window_after_a_long_pause_is_at_most_a_week() -> None:
    chat = ChatSettings(chat_id=1, last_digest_at=NOW - timedelta(days=40))
    assert digest_window(chat, NOW) == NOW - timedelta(days=7)


def test_window_with_a_last_digest_in_the_future_is_a_day() -> None:
    chat = ChatSettings(chat_id=1, last_digest_at=NOW + timedelta(hours=2))
    assert digest_window(chat, NOW) == NOW - timedelta(hours=24)


def test_window_treats_naive_times_as_utc() -> None:
    chat = ChatSettings(chat_id=1, last_digest_at=datetime(2026, 11, 24, 12, 0))
    assert digest_window(chat, datetime(2026, 11, 25, 0, 0)) == datetime(
        2026, 11, 24, 12, 0, tzinfo=UTC
    )


# -- composition ------------------------------------------------------------------------------


def test_digest_groups_stories_under_topic_and_keyword_headings() -> None:
    articles = {
        UMKM: [make_article(1, "Koperasi Ikut BPJS"), make_article(2, "UMKM Naik Kelas")],
        PRAKERJA: [make_article(3, "Kartu Prakerja Dibuka")],
    }
    messages = build_digest(CHAT, [UMKM, PRAKERJA], articles, topics=TOPICS, now=NOW)
    assert len(messages) == 1
    plain = plain_messages(messages)[0]
    assert plain.startswith("📰 Ringkasan berita Anda\n24 jam terakhir\n\n")
    assert plain.index("📌 UMKM & Koperasi") < plain.index("Koperasi Ikut BPJS")
    assert plain.index("UMKM Naik Kelas") < plain.index("🔑 Kata kunci: kartu prakerja")
    assert plain.index("🔑 Kata kunci: kartu prakerja") < plain.index("Kartu Prakerja Dibuka")
    # Compact entries: linked title, outlet and time, one bullet.
    assert "Koperasi Ikut BPJS\nAntara · Hari ini, 06.00 WIB\n• Poin pertama.\n\n" in plain
    assert "Poin kedua" not in plain
    _, entities = parse_html(messages[0])
    assert "https://contoh.id/berita/3" in [e.get("url") for e in entities]


def test_a_story_under_two_subscriptions_appears_once_under_the_first() -> None:
    shared = make_article(1, "Pajak UMKM Turun")
    same_story_other_outlet = make_article(9, "Pajak UMKM Dipangkas", story_id=1, outlet="Tempo")
    articles = {
        UMKM: [shared, make_article(2, "Koperasi Digital")],
        PAJAK: [same_story_other_outlet, make_article(3, "Batas Lapor SPT")],
    }
    plain = "\n".join(
        plain_messages(build_digest(CHAT, [UMKM, PAJAK], articles, topics=TOPICS, now=NOW))
    )
    assert plain.count("Pajak UMKM") == 1
    assert plain.index("Pajak UMKM Turun") < plain.index("📌 Pajak")
    assert "Batas Lapor SPT" in plain


def test_topic_with_only_repeated_stories_gets_no_heading() -> None:
    story = make_article(1)
    articles = {UMKM: [story], PAJAK: [story]}
    plain = plain_messages(build_digest(CHAT, [UMKM, PAJAK], articles, topics=TOPICS, now=NOW))
    assert "📌 Pajak" not in plain[0]


def test_at_most_five_stories_per_subscription() -> None:
    articles = {UMKM: [make_article(i) for i in range(1, 12)]}
    plain = plain_messages(build_digest(CHAT, [UMKM], articles, topics=TOPICS, now=NOW))[0]
    titles = [line for line in plain.split("\n") if line.startswith("Berita ")]
    assert titles == [f"Berita {i}" for i in range(1, PER_SUBSCRIPTION + 1)]


def test_other_outlets_are_named_by_story() -> None:
    articles = {UMKM: [make_article(1, story_id=77)]}
    plain = plain_messages(
        build_digest(
            CHAT,
            [UMKM],
            articles,
            topics=TOPICS,
            now=NOW,
            other_outlets={77: ["Antara", "Kompas"]},
        )
    )[0]
    assert "Berita 1\nAntara dan 1 media lain · Hari ini, 06.00 WIB\n• Poin pertama." in plain


def test_empty_digest_is_no_messages() -> None:
    assert build_digest(CHAT, [UMKM, PAJAK], {}, topics=TOPICS, now=NOW) == []
    assert build_digest(CHAT, [], {}, topics=TOPICS, now=NOW) == []
    assert build_digest(CHAT, [UMKM], {UMKM: []}, topics=TOPICS, now=NOW) == []


def test_articles_from_a_function_and_unknown_topic_slug() -> None:
    gone = Subscription(chat_id=42, kind="topic", value="topik-lama")

    def lookup(sub: Subscription) -> list[Article]:
        return [make_article(1)] if sub == gone else []

    plain = plain_messages(build_digest(CHAT, [gone], lookup, topics=TOPICS, now=NOW))[0]
    assert "📌 topik-lama" in plain


def test_repeated_subscription_is_listed_once() -> None:
    upper = Subscription(chat_id=42, kind="keyword", value="Kartu Prakerja")
    articles = {PRAKERJA: [make_article(1)], upper: [make_article(2)]}
    plain = plain_messages(build_digest(CHAT, [PRAKERJA, upper], articles, topics=TOPICS, now=NOW))
    assert plain[0].count("Kata kunci") == 1


def test_digest_in_the_readers_time_zone() -> None:
    chat = ChatSettings(chat_id=42, timezone="Asia/Jayapura", last_digest_at=None)
    plain = plain_messages(
        build_digest(chat, [UMKM], {UMKM: [make_article(2)]}, topics=TOPICS, now=NOW)
    )[0]
    assert "\n24 jam terakhir\n" in plain
    assert "Antara · Hari ini, 07.00 WIT" in plain


def test_hostile_titles_keywords_and_topic_names_are_escaped() -> None:
    hostile = "<script>alert(1)</script> & a < b"
    keyword = Subscription(chat_id=42, kind="keyword", value="<b>&")
    topics = {"umkm": Topic(slug="umkm", name="UMKM <Kecil> & Menengah", description="")}
    articles = {
        UMKM: [make_article(1, hostile, bullets=(hostile,), outlet=hostile)],
        keyword: [make_article(2, "x &amp; y")],
    }
    plain = plain_messages(build_digest(CHAT, [UMKM, keyword], articles, topics=topics, now=NOW))
    assert "📌 UMKM <Kecil> & Menengah" in plain[0]
    assert f"{hostile}\n{hostile} · " in plain[0]
    assert "🔑 Kata kunci: <b>&" in plain[0]
    assert "x &amp; y" in plain[0]


def test_long_digest_is_split_into_valid_messages_between_stories() -> None:
    subs = [Subscription(chat_id=42, kind="keyword", value=f"kata {i}") for i in range(12)]
    long_bullets = ("Kalimat yang cukup panjang untuk ringkasan. " * 6,) * 3
    articles = {
        sub: [make_article(i * 10 + j, bullets=long_bullets) for j in range(5)]
        for i, sub in enumerate(subs)
    }
    messages = build_digest(CHAT, subs, articles, topics=TOPICS, now=NOW, budget=60)
    plains = plain_messages(messages)
    assert len(messages) > 1
    assert plains[0].startswith("📰 Ringkasan berita Anda")
    everything = "\n\n".join(plains)
    assert everything.count("🔑 Kata kunci") == 12
    assert everything.count("Berita ") == 60
    for plain in plains[1:]:  # every page starts with the heading of the section it shows
        assert plain.startswith("🔑 Kata kunci")
        first = plain.split("\n", 1)[0]
        assert first.endswith("(lanjutan)") or f"{first}\n\nBerita " in plain
    for plain in plains:  # no heading is left alone at the end of a page; a phone's length
        assert not plain.rstrip().split("\n")[-1].startswith("🔑")
        assert utf16_len(plain) <= 1500


# -- gathering from the store -----------------------------------------------------------------


def test_gather_digest_articles_from_a_real_store(tmp_path: Path) -> None:
    store = open_store(tmp_path / "warta.db")
    try:

        def add(title: str, text: str, topics: tuple[str, ...], hours_ago: float) -> None:
            url = f"https://contoh.id/{len(title)}-{hours_ago}"
            store.add_article(
                NewArticle(
                    url=url,
                    canonical_url=url,
                    outlet="Antara",
                    title=title,
                    text=text,
                    bullets=(text,),
                    topics=topics,
                    published_at=NOW - timedelta(hours=hours_ago),
                    fetched_at=NOW - timedelta(hours=hours_ago),
                )
            )

        add("Koperasi desa tumbuh", "Jumlah koperasi desa bertambah pesat tahun ini.", ("umkm",), 2)
        add("Koperasi lama", "Berita koperasi dari bulan lalu yang sudah usang.", ("umkm",), 900)
        add(
            "Pendaftaran Kartu Prakerja",
            "Gelombang baru Kartu Prakerja dibuka pekan depan untuk pencari kerja.",
            (),
            3,
        )
        add("Kartu kredit", "Bunga kartu kredit turun; program prakerja tetap.", (), 4)
        found = gather_digest_articles(
            store, [UMKM, PRAKERJA, PAJAK], since=digest_window(CHAT, NOW)
        )
    finally:
        store.close()
    assert [a.title for a in found[UMKM]] == ["Koperasi desa tumbuh"]
    # "kartu" and "prakerja" both occur in the credit-card story, but not as the phrase.
    assert [a.title for a in found[PRAKERJA]] == ["Pendaftaran Kartu Prakerja"]
    assert found[PAJAK] == []
    messages = build_digest(CHAT, [UMKM, PRAKERJA, PAJAK], found, topics=TOPICS, now=NOW)
    plain = plain_messages(messages)[0]
    assert "📌 UMKM & Koperasi" in plain and "📌 Pajak" not in plain
    assert texts.DIGEST_TOPIC_HEADING  # the headings come from texts.py


FILLER = (
    *("pemerintah", "aturan", "baru", "berlaku", "bulan", "depan", "wajib", "orang"),
    *("pribadi", "badan", "usaha", "seluruh", "indonesia", "pelaku", "kecil", "menengah"),
    *("daerah", "kota", "desa", "kantor", "layanan", "warga", "pekerja", "program"),
    *("anggaran", "dana", "bantuan", "sosial", "menteri", "kepala", "dinas", "laporan"),
)


def test_the_window_counts_publication_time_else_fetch_time(store: Store) -> None:
    """Fetched during the window: news of the window (or published just before it, from a
    slow feed) is in; an old article found only now is not; an undated one counts by fetch
    time. Fetched before the window: out, whatever its date (it was in the last digest)."""
    since = NOW - timedelta(hours=24)

    def add(title: str, published: datetime | None, fetched: datetime) -> None:
        url = f"https://contoh.id/{title.replace(' ', '-')}"
        words = random.Random(title).sample(FILLER, 12)  # stories of their own, not one
        text = f"{title}: kartu prakerja dan koperasi, {' '.join(words)}."
        store.add_article(
            NewArticle(
                url=url,
                canonical_url=url,
                outlet="Antara",
                title=title,
                text=text,
                bullets=(text,),
                topics=("umkm",),
                published_at=published,
                fetched_at=fetched,
                text_hash=text_hash(text),
                minhash=minhash_signature(text),
            )
        )

    add("Baru terbit", NOW - timedelta(hours=3), NOW - timedelta(hours=2))
    add("Terbit sebelum ringkasan", since - timedelta(minutes=30), since + timedelta(minutes=5))
    add("Berita lama baru ditemukan", NOW - timedelta(days=3), NOW - timedelta(hours=1))
    add("Tanpa tanggal", None, NOW - timedelta(hours=4))
    add("Sudah masuk ringkasan lalu", since - timedelta(hours=1), since - timedelta(minutes=1))
    found = gather_digest_articles(store, [UMKM, PRAKERJA], since=since)
    expected = {"Baru terbit", "Terbit sebelum ringkasan", "Tanpa tanggal"}
    assert {a.title for a in found[UMKM]} == expected
    assert {a.title for a in found[PRAKERJA]} == expected
    plain = "\n".join(
        plain_messages(build_digest(CHAT, [UMKM], found, topics=TOPICS, now=NOW, since=since))
    )
    assert "Tanpa tanggal\nAntara · Hari ini, 03.00 WIB\n" in plain  # its fetch time


def test_title_matches_first_then_newest() -> None:
    articles = {
        UMKM: [
            make_article(5, "Harga beras naik"),  # oldest
            make_article(1, "Pasar murah di Bogor"),
            make_article(9, "Koperasi desa dapat modal"),  # "koperasi" is in the topic's name
            make_article(3, "Ekspor kopi meningkat"),
        ]
    }
    plain = plain_messages(build_digest(CHAT, [UMKM], articles, topics=TOPICS, now=NOW))[0]
    order = [plain.index(t) for t in ("Koperasi desa", "Pasar murah", "Ekspor kopi", "Harga beras")]
    assert order == sorted(order)


def test_budget_caps_the_digest_with_a_search_hint() -> None:
    articles = {
        UMKM: [make_article(i) for i in range(1, 9)],
        PRAKERJA: [make_article(i) for i in range(11, 20)],
        PAJAK: [make_article(i) for i in range(21, 23)],
    }
    plain = "\n".join(
        plain_messages(
            build_digest(CHAT, [UMKM, PRAKERJA, PAJAK], articles, topics=TOPICS, now=NOW, budget=7)
        )
    )
    assert plain.count("Berita ") == 7
    # Every subscription with news gets a story first, then the budget goes in order.
    assert "Berita 5\n" in plain and "Berita 6\n" not in plain
    assert "+3 lainnya — /cari UMKM & Koperasi" in plain
    assert "Berita 11\n" in plain and "Berita 12\n" not in plain
    assert "+8 lainnya — /cari kartu prakerja" in plain
    assert plain.endswith(
        "📌 Pajak\n\nBerita 21\nAntara · Kemarin, 10.00 WIB\n• Poin pertama.\n\n"
        "+1 lainnya — /cari Pajak"
    )


def test_subscriptions_past_the_budget_are_one_line_each_never_an_empty_section() -> None:
    subs = [Subscription(chat_id=42, kind="keyword", value=f"kata {i}") for i in range(4)]
    articles = {sub: [make_article(10 * i + j) for j in range(1, 4)] for i, sub in enumerate(subs)}
    plain = "\n".join(
        plain_messages(build_digest(CHAT, subs, articles, topics=TOPICS, now=NOW, budget=2))
    )
    assert plain.count("🔑 Kata kunci") == 2
    assert plain.endswith(
        "➕ Berita baru lainnya\n"
        "• kata 2: 3 berita — /cari kata 2\n• kata 3: 3 berita — /cari kata 3"
    )


def test_pushed_stories_are_listed_once_at_the_end() -> None:
    articles = {
        UMKM: [make_article(1, "Sudah terkirim"), make_article(2, "Baru")],
        PRAKERJA: [make_article(1, "Sudah terkirim")],
    }
    messages = build_digest(CHAT, [UMKM, PRAKERJA], articles, topics=TOPICS, now=NOW, pushed={1})
    plain = plain_messages(messages)[-1]
    assert plain.count("Sudah terkirim") == 1
    assert plain.endswith("✔️ Sudah dikirim\n• Sudah terkirim")
    assert "Kata kunci" not in plain  # prakerja had only the pushed story
    assert 'href="https://contoh.id/berita/1"' in messages[-1]
    # Only stories already pushed: nothing new, no digest.
    only_pushed = build_digest(
        CHAT, [UMKM], {UMKM: [make_article(1)]}, topics=TOPICS, now=NOW, pushed={1}
    )
    assert only_pushed == []


@pytest.mark.parametrize(
    ("hours_ago", "expected"),
    [
        (24, "24 jam terakhir"),
        (24.05, "24 jam terakhir"),
        (3, "3 jam terakhir"),
        (72, "3 hari terakhir"),
        (13.5, "Sejak kemarin pukul 17.30 WIB"),  # NOW is 07.00 WIB on 25 Nov
        (2.25, "Sejak hari ini pukul 04.45 WIB"),
        (60.5, "Sejak Minggu, 22 Nov pukul 18.30 WIB"),
    ],
)
def test_the_period_in_words(hours_ago: float, expected: str) -> None:
    since = NOW - timedelta(hours=hours_ago)
    assert describe_period(since, NOW, "Asia/Jakarta") == expected


def test_a_group_digest_speaks_to_the_group() -> None:
    group = ChatSettings(chat_id=-5, chat_type="group", last_digest_at=NOW - timedelta(hours=24))
    plain = plain_messages(
        build_digest(group, [UMKM], {UMKM: [make_article(1)]}, topics=TOPICS, now=NOW)
    )[0]
    assert plain.startswith("📰 Ringkasan berita grup ini\n24 jam terakhir")


def test_unknown_subscription_kinds_are_ignored() -> None:
    odd = Subscription(chat_id=42, kind="outlet", value="Antara")
    assert build_digest(CHAT, [odd], {odd: [make_article(1)]}, topics=TOPICS, now=NOW) == []


def test_unknown_chat_time_zone_is_a_clear_error() -> None:
    chat = ChatSettings(chat_id=42, timezone="Bulan/Purnama")
    with pytest.raises(ValueError, match="unknown time zone 'Bulan/Purnama'"):
        build_digest(chat, [UMKM], {UMKM: [make_article(1)]}, topics=TOPICS, now=NOW)
