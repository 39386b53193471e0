"""Matching articles to topic and keyword subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.match import (
    MAX_KEYWORD_LENGTH,
    match_article,
    matches,
    normalise_keyword,
    prepare_article,
)
from bot.core.models import Article, Subscription


def make_article(
    title: str = "Pemerintah Perpanjang Program Kartu Prakerja",
    bullets: tuple[str, ...] = ("Pendaftaran gelombang baru dibuka pekan depan.",),
    text: str = "Peserta bisa mendaftar lewat situs resmi. Iurannya tidak dipungut.",
    topics: tuple[str, ...] = ("ketenagakerjaan",),
) -> Article:
    return Article(
        id=1,
        url="https://contoh.id/a",
        canonical_url="https://contoh.id/a",
        outlet="Antara",
        title=title,
        text=text,
        bullets=bullets,
        topics=topics,
        story_id=1,
        published_at=None,
        fetched_at=datetime(2026, 11, 25, tzinfo=UTC),
    )


def kw(value: str, chat_id: int = 1) -> Subscription:
    return Subscription(chat_id=chat_id, kind="keyword", value=value)


def topic(slug: str, chat_id: int = 1) -> Subscription:
    return Subscription(chat_id=chat_id, kind="topic", value=slug)


def wants(article: Article, subscription: Subscription) -> bool:
    return matches(prepare_article(article), subscription)


def test_topic_subscriptions_match_the_articles_tags() -> None:
    article = make_article(topics=("ketenagakerjaan", "umkm"))
    assert wants(article, topic("umkm"))
    assert wants(article, topic("UMKM"))
    assert not wants(article, topic("pajak"))


def test_keyword_phrase_matches_consecutive_words_case_insensitively() -> None:
    article = make_article()
    assert wants(article, kw("kartu prakerja"))
    assert wants(article, kw("KARTU   Prakerja"))
    assert not wants(article, kw("prakerja kartu"))


def test_keyword_matches_other_forms_of_the_word_through_stemming() -> None:
    article = make_article(text="Pemerintah menaikkan iuran peserta mandiri.")
    assert wants(article, kw("iuran"))
    assert wants(article, kw("kenaikan iuran"))  # "menaikkan" and "kenaikan" share "naik"
    assert wants(make_article(text="Iurannya tidak dipungut."), kw("iuran"))


def test_keyword_matches_in_title_bullets_or_text() -> None:
    assert wants(make_article(title="JHT Bisa Dicairkan", bullets=(), text=""), kw("JHT"))
    assert wants(make_article(title="", bullets=("Soal JHT.",), text=""), kw("jht"))
    assert wants(make_article(title="", bullets=(), text="Dana JHT cair."), kw("JHT"))


def test_keyword_must_be_a_whole_word() -> None:
    article = make_article(
        title="Cek saldo di bpjsketenagakerjaan.co.id", bullets=(), text="Pajaknya nol."
    )
    assert not wants(article, kw("bpjs"))  # part of another word, not the word itself
    assert wants(article, kw("bpjsketenagakerjaan"))
    assert not wants(make_article(title="Jaminan JHTK", bullets=(), text=""), kw("JHT"))


def test_keyword_phrase_does_not_span_title_and_text() -> None:
    article = make_article(title="Program Kartu", bullets=(), text="Prakerja dibuka lagi.")
    assert not wants(article, kw("kartu prakerja"))


def test_punctuation_in_the_text_does_not_break_a_phrase() -> None:
    article = make_article(text='Program "Kartu Prakerja", kata menteri.')
    assert wants(article, kw("kartu prakerja"))


def test_match_article_groups_by_chat_in_order() -> None:
    article = make_article(topics=("ketenagakerjaan",))
    subscriptions = [
        kw("kartu prakerja", chat_id=10),
        topic("pajak", chat_id=10),
        topic("ketenagakerjaan", chat_id=10),
        kw("bansos", chat_id=20),
        topic("ketenagakerjaan", chat_id=30),
    ]
    assert match_article(article, subscriptions) == {
        10: [subscriptions[0], subscriptions[2]],
        30: [subscriptions[4]],
    }


def test_match_article_accepts_a_prepared_article_and_unknown_kinds() -> None:
    prepared = prepare_article(make_article())
    odd = Subscription(chat_id=5, kind="outlet", value="Antara")
    assert match_article(prepared, [odd, kw("prakerja", chat_id=6)]) == {
        6: [kw("prakerja", chat_id=6)]
    }
    assert match_article(prepared, []) == {}


def test_keyword_of_only_stop_words_still_matches_as_typed() -> None:
    assert wants(make_article(text="Bantuan untuk yang terdampak."), kw("untuk yang"))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  kartu   prakerja ", "kartu prakerja"),
        ("JHT", "JHT"),
        ("BPJS-TK\n", "BPJS-TK"),
        ("PPh 21", "PPh 21"),
        ("x" * MAX_KEYWORD_LENGTH, "x" * MAX_KEYWORD_LENGTH),
    ],
)
def test_normalise_keyword(typed: str, stored: str) -> None:
    assert normalise_keyword(typed) == stored


@pytest.mark.parametrize("typed", ["", "   ", "?!...", "🙂🙂", "—", "x" * (MAX_KEYWORD_LENGTH + 1)])
def test_normalise_keyword_rejects_bad_input(typed: str) -> None:
    assert normalise_keyword(typed) is None


def test_thousands_of_subscriptions_against_one_prepared_article() -> None:
    article = make_article()
    subscriptions = [kw(f"kata{i}", chat_id=i) for i in range(3000)]
    subscriptions.append(kw("kartu prakerja", chat_id=99_999))
    assert list(match_article(article, subscriptions)) == [99_999]


def test_parts_of_hyphenated_words_match() -> None:
    article = make_article(
        title="Klaim BPJS-TK naik", bullets=(), text="Di tengah pandemi Covid-19, klaim JHT naik."
    )
    assert wants(article, kw("covid"))
    assert wants(article, kw("Covid-19"))
    assert wants(article, kw("pandemi covid"))
    assert wants(article, kw("BPJS"))
    assert wants(article, kw("bpjs tk"))
    assert not wants(article, kw("tk klaim jht"))


def test_keywords_in_casual_indonesian_match_the_standard_words() -> None:
    article = make_article(text="Warga bisa mendapat bansos bila iuran dinaikkan tahun depan.")
    assert wants(article, kw("dapet bansos"))  # dapet → dapat, stem "dapat"
    assert wants(article, kw("iuran dinaikin"))  # -in → -kan
    assert not wants(article, kw("bansos gak"))
