"""Telegram HTML rendering: escaping, local times, length limits and message splitting."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.core.models import Article, SearchHit
from bot.present import texts
from bot.present.render import (
    MAX_MESSAGE,
    article_message,
    balance_quotes,
    format_local_date,
    format_local_time,
    link,
    pager_buttons,
    safe_url,
    search_results_page,
    shorten,
    split_messages,
    telegram_length,
    timezone_label,
)
from bot.present.timefmt import format_moment
from tests.support.fake_telegram import ApiError, parse_html, utf16_len

HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    "Untung & Rugi",
    "a < b > c",
    "&amp; sudah di-escape?",
    '"Kutipan" <b>tebal</b> & <a href="x">tautan</a>',
]


def make_article(
    *,
    id: int = 1,
    title: str = "Iuran BPJS Kesehatan Naik",
    bullets: tuple[str, ...] = ("Iuran kelas I naik.", "Berlaku mulai Januari."),
    outlet: str = "Kompas",
    url: str = "https://www.kompas.com/read/2020/11/04/iuran?utm=a&b=c",
    published_at: datetime | None = datetime(2020, 11, 4, 7, 30, tzinfo=UTC),
    fetched_at: datetime = datetime(2020, 11, 4, 8, 0, tzinfo=UTC),
    story_id: int | None = None,
    from_description: bool = False,
) -> Article:
    return Article(
        id=id,
        url=url,
        canonical_url=url,
        outlet=outlet,
        title=title,
        text=" ".join(bullets),
        bullets=bullets,
        topics=("bpjs-kesehatan",),
        story_id=story_id if story_id is not None else id,
        published_at=published_at,
        fetched_at=fetched_at,
        from_description=from_description,
    )


def visible(message: str) -> str:
    """What the reader sees; fails the test when Telegram would reject the HTML or length."""
    plain, _ = parse_html(message)
    assert plain.strip(), "empty message"
    assert utf16_len(plain) <= MAX_MESSAGE, f"message is {utf16_len(plain)} units long"
    return plain


def links(message: str) -> list[str]:
    _, entities = parse_html(message)
    return [e["url"] for e in entities if e["type"] == "text_link"]


# -- time ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        ("Asia/Jakarta", "Rabu, 4 Nov 2020 14.30 WIB"),
        ("Asia/Makassar", "Rabu, 4 Nov 2020 15.30 WITA"),
        ("Asia/Jayapura", "Rabu, 4 Nov 2020 16.30 WIT"),
    ],
)
def test_local_time_in_each_indonesian_zone(tz: str, expected: str) -> None:
    assert format_local_time(datetime(2020, 11, 4, 7, 30, tzinfo=UTC), tz) == expected


def test_local_time_crosses_midnight_into_the_next_day_and_month() -> None:
    late = datetime(2026, 1, 31, 20, 5, tzinfo=UTC)
    later = datetime(2027, 3, 1, tzinfo=UTC)
    assert format_local_time(late, "Asia/Jakarta", now=later) == "Minggu, 1 Feb 2026 03.05 WIB"


def test_today_yesterday_and_this_year_in_the_readers_zone() -> None:
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)  # 19.00 WIB, 21.00 WIT
    at = datetime(2026, 11, 29, 11, 30, tzinfo=UTC)
    assert format_local_time(at, "Asia/Jakarta", now=now) == "Hari ini, 18.30 WIB"
    yesterday = datetime(2026, 11, 28, 11, 30, tzinfo=UTC)
    assert format_local_time(yesterday, "Asia/Jakarta", now=now) == "Kemarin, 18.30 WIB"
    # 28 Nov 16.30 UTC is already 29 Nov 01.30 in WIT: today there, yesterday in WIB.
    late = datetime(2026, 11, 28, 16, 30, tzinfo=UTC)
    assert format_local_time(late, "Asia/Jayapura", now=now) == "Hari ini, 01.30 WIT"
    assert format_local_time(late, "Asia/Jakarta", now=now) == "Kemarin, 23.30 WIB"
    earlier = datetime(2026, 11, 4, 7, 30, tzinfo=UTC)
    assert format_local_time(earlier, "Asia/Jakarta", now=now) == "Rabu, 4 Nov 14.30 WIB"
    assert format_local_date(earlier, "Asia/Jakarta", now=now) == "Rabu, 4 Nov"
    assert format_local_date(at, "Asia/Jakarta", now=now) == "Hari ini"
    # Inside a sentence: lower-case relative days, "pukul" before the time.
    assert format_moment(at, "Asia/Jakarta", now=now) == "hari ini pukul 18.30 WIB"
    assert format_moment(yesterday, "Asia/Makassar", now=now) == "kemarin pukul 19.30 WITA"
    assert format_moment(earlier, "Asia/Jakarta", now=now) == "Rabu, 4 Nov pukul 14.30 WIB"


def test_local_time_accepts_other_offsets_and_naive_utc() -> None:
    wib = timezone(timedelta(hours=7))
    assert format_local_time(datetime(2020, 8, 17, 10, 0, tzinfo=wib), "Asia/Jayapura") == (
        "Senin, 17 Agu 2020 12.00 WIT"
    )
    assert format_local_time(datetime(2020, 8, 17, 3, 0), "Asia/Jakarta") == (
        "Senin, 17 Agu 2020 10.00 WIB"
    )


def test_timezone_labels() -> None:
    assert timezone_label("Asia/Jakarta") == "WIB"
    assert timezone_label("Asia/Makassar") == "WITA"
    assert timezone_label("Asia/Jayapura") == "WIT"
    assert timezone_label("UTC") == "UTC"
    assert timezone_label("Asia/Singapore") == "UTC+08"


def test_unknown_time_zone_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        format_local_time(datetime(2020, 1, 1, tzinfo=UTC), "Mars/Olympus")


# -- article message --------------------------------------------------------------------------


def test_article_message_shows_title_outlet_time_bullets_and_link() -> None:
    message = article_message(make_article(), tz="Asia/Jakarta")
    assert visible(message) == (
        "Iuran BPJS Kesehatan Naik\n"
        "Kompas · Rabu, 4 Nov 2020 14.30 WIB\n\n"
        "• Iuran kelas I naik.\n"
        "• Berlaku mulai Januari.\n\n"
        "Baca selengkapnya"
    )
    assert message.startswith("<b>Iuran BPJS Kesehatan Naik</b>")
    assert links(message) == ["https://www.kompas.com/read/2020/11/04/iuran?utm=a&b=c"]


def test_article_message_uses_fetch_time_without_publication_time() -> None:
    article = make_article(published_at=None)
    assert "Rabu, 4 Nov 2020 15.00 WIB" in visible(article_message(article, tz="Asia/Jakarta"))


def test_article_message_in_the_readers_time_zone() -> None:
    plain = visible(article_message(make_article(), tz="Asia/Makassar"))
    assert "Rabu, 4 Nov 2020 15.30 WITA" in plain


def test_other_outlets_are_named_once_without_the_articles_own() -> None:
    message = article_message(
        make_article(), tz="Asia/Jakarta", other_outlets=["Kompas", "Antara", "Tempo", "antara"]
    )
    assert "Juga diberitakan oleh: Antara, Tempo\n" in visible(message)


def test_no_other_outlets_line_when_only_the_own_outlet() -> None:
    message = article_message(make_article(), tz="Asia/Jakarta", other_outlets=["Kompas"])
    assert "Juga diberitakan" not in visible(message)


def test_many_other_outlets_are_summarised() -> None:
    outlets = [f"Media {i}" for i in range(20)]
    plain = visible(article_message(make_article(), tz="Asia/Jakarta", other_outlets=outlets))
    assert "Media 7 dan 12 media lainnya" in plain


def test_article_from_feed_description_says_so() -> None:
    plain = visible(article_message(make_article(from_description=True), tz="Asia/Jakarta"))
    assert texts.FROM_DESCRIPTION_NOTE in plain


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_bullets_and_outlets_are_escaped(title: str) -> None:
    article = make_article(title=title, bullets=(title, "x < y & z > w"), outlet=f"{title} FM")
    message = article_message(article, tz="Asia/Jakarta", other_outlets=[title])
    plain = visible(message)
    assert plain.startswith(title + "\n")
    assert f"• {title}\n• x < y & z > w" in plain
    assert f"Juga diberitakan oleh: {title}\n" in plain


def test_hostile_url_is_escaped_in_href() -> None:
    url = 'https://contoh.id/berita?a=1&b="2"<x>'
    message = article_message(make_article(url=url), tz="Asia/Jakarta")
    assert links(message) == [url]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://contoh.id/x", "/relatif", "", "https://a b.id/"]
)
def test_unsafe_urls_are_not_linked(url: str) -> None:
    message = article_message(make_article(url=url), tz="Asia/Jakarta")
    assert links(message) == []
    assert "Baca selengkapnya" not in visible(message)


def test_pathological_article_is_trimmed_to_fit() -> None:
    article = make_article(title="Judul " * 2000, bullets=("Kalimat sangat panjang " * 500,) * 5)
    message = article_message(article, tz="Asia/Jakarta")
    plain = visible(message)
    title_line = plain.split("\n", 1)[0]
    assert title_line.endswith("…") and len(title_line) <= 300
    assert plain.count("• ") >= 1
    assert links(message)  # the link to the article survives the trimming


def test_pathological_unbroken_title_and_astral_characters_fit() -> None:
    article = make_article(title="🇮🇩" * 5000, bullets=("x" * 10_000, "😀" * 3000))
    plain = visible(article_message(article, tz="Asia/Jakarta"))
    assert plain.startswith("🇮🇩")


def test_empty_title_gets_a_placeholder() -> None:
    plain = visible(article_message(make_article(title="  "), tz="Asia/Jakarta"))
    assert plain.startswith(texts.UNTITLED)


# -- search results --------------------------------------------------------------------------


def test_search_results_page_numbers_hits_across_pages() -> None:
    hits = [SearchHit(make_article(id=i, title=f"Berita {i}"), score=1.0 / i) for i in range(1, 4)]
    message = search_results_page("bpjs", hits, page=2, tz="Asia/Jakarta", total_pages=2)
    plain = visible(message)
    assert plain.startswith("🔎 Hasil pencarian bpjs")
    assert "6. Berita 1\n" in plain and "8. Berita 3\n" in plain
    assert "• Iuran kelas I naik." in plain
    assert plain.endswith("Halaman 2 dari 2")
    assert len(links(message)) == 3


def test_search_results_name_other_outlets() -> None:
    hit = SearchHit(make_article(), score=1.0, other_outlets=("Antara",))
    plain = visible(search_results_page("iuran", [hit], page=1, tz="Asia/Jakarta"))
    assert "Juga diberitakan oleh: Antara" in plain
    assert plain.endswith("Halaman 1")


def test_search_results_escape_the_query_and_titles() -> None:
    hits = [SearchHit(make_article(title=t), score=1.0) for t in HOSTILE_TITLES]
    plain = visible(search_results_page("<b>&", hits, page=1, tz="Asia/Jakarta"))
    assert "Hasil pencarian <b>&" in plain
    for title in HOSTILE_TITLES:
        assert title in plain


def test_search_results_of_huge_articles_fit_one_message() -> None:
    hits = [
        SearchHit(make_article(id=i, title="Judul " * 2000, bullets=("Isi " * 3000,) * 5), 1.0)
        for i in range(5)
    ]
    plain = visible(search_results_page("judul", hits, page=1, tz="Asia/Jakarta"))
    assert "5. Judul" in plain


def test_no_results_is_polite_and_escaped() -> None:
    plain = visible(search_results_page("<script>", [], page=1, tz="Asia/Jakarta"))
    assert plain.startswith("Maaf, belum ada berita yang cocok dengan <script>.")


def test_pager_buttons() -> None:
    assert pager_buttons("cari", "ab12", 1, has_next=True) == [("Berikutnya ▶", "cari:ab12:2")]
    assert pager_buttons("cari", "ab12", 3, has_next=False) == [("◀ Sebelumnya", "cari:ab12:2")]
    assert pager_buttons("cari", "ab12", 1, has_next=False) == []
    with pytest.raises(ValueError, match="64 bytes"):
        pager_buttons("cari", "k" * 60, 2, has_next=True)


# -- helpers ---------------------------------------------------------------------------------


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("satu  dua\ntiga", 50) == "satu dua tiga"
    assert shorten("satu dua tiga empat", 12) == "satu dua…"
    assert len(shorten("x" * 100, 10)) == 10


def test_shorten_never_cuts_a_number_or_a_quotation() -> None:
    text = "Kemenkop menggandeng BPJS Ketenagakerjaan bersama 49.000 koperasi di seluruh Indonesia"
    for limit in range(10, len(text)):
        cut = shorten(text, limit)
        assert len(cut) <= limit and cut.endswith("…")
        assert cut[:-1] == text[: len(cut) - 1], cut  # whole words of the text
        assert not cut[:-1].rstrip().split(" ")[-1][:1].isdigit(), cut  # no bare number last
    quote = 'Menteri itu berkata, "iuran tidak akan naik tahun depan," di Jakarta pada Senin.'
    cut = shorten(quote, 40)
    assert cut == "Menteri itu berkata…"  # a quotation starting late is left out whole
    assert shorten("“Iuran tidak akan naik tahun ini,” kata Menteri Keuangan di Jakarta", 24) == (
        "“Iuran tidak akan naik…”"
    )
    assert balance_quotes('tidak akan naik," kata dia.') == '"tidak akan naik," kata dia.'
    assert balance_quotes("tidak naik” kata dia.") == "“tidak naik” kata dia."
    assert balance_quotes("Dia berkata “tidak naik") == "Dia berkata “tidak naik”"


def test_safe_url_and_link() -> None:
    assert safe_url("https://antaranews.com/a") == "https://antaranews.com/a"
    assert safe_url("http://x") == "http://x"
    assert safe_url("mailto:a@b.c") is None
    assert safe_url("https://" + "a" * 3000) is None
    assert link("javascript:x", "a&b") == "a&amp;b"


def test_telegram_length_counts_like_telegram() -> None:
    assert telegram_length("<b>a &amp; b</b>") == 5
    assert telegram_length("😀") == 2
    assert telegram_length('<a href="https://x.id/">tautan</a>') == 6


# -- splitting --------------------------------------------------------------------------------


def test_split_messages_packs_blocks_in_order() -> None:
    blocks = [f"<b>Blok {i}</b>\n" + "kata " * 150 for i in range(20)]
    messages = split_messages(blocks)
    assert 1 < len(messages) < 20
    joined = "\n\n".join(visible(m) for m in messages)
    assert [line for line in joined.split("\n") if line.startswith("Blok")] == [
        f"Blok {i}" for i in range(20)
    ]
    for message in messages:  # whole blocks only
        assert message.count("<b>") == message.count("</b>")


def test_split_messages_keeps_small_input_in_one_message() -> None:
    assert split_messages(["<b>a</b>", "", "  ", "<i>b</i>"]) == ["<b>a</b>\n\n<i>b</i>"]
    assert split_messages([]) == []


def test_split_messages_cuts_a_huge_block_at_lines_and_balances_tags() -> None:
    block = "<blockquote>" + "\n".join(f"Baris {i} &amp; <b>tebal</b>" for i in range(900))
    block += "</blockquote>"
    messages = split_messages([block])
    assert len(messages) > 1
    lines: list[str] = []
    for message in messages:
        plain = visible(message)  # every piece parses: tags re-opened and closed
        assert message.startswith("<blockquote>") and message.endswith("</blockquote>")
        lines.extend(plain.split("\n"))
    assert lines == [f"Baris {i} & tebal" for i in range(900)]


def test_split_messages_cuts_an_unbroken_word_without_breaking_entities() -> None:
    block = "<b>" + "&amp;😀x" * 3000 + "</b>"
    messages = split_messages([block])
    assert "".join(visible(m) for m in messages) == "&😀x" * 3000


def test_split_messages_counts_entities_and_utf16_like_telegram() -> None:
    block = "&amp;" * 4096
    assert split_messages([block]) == [block]  # 4,096 visible characters: fits
    emoji = "😀" * 2049  # 4,098 UTF-16 units: does not fit
    assert len(split_messages([emoji])) == 2


def test_split_messages_with_a_small_limit() -> None:
    messages = split_messages(["<i>satu dua tiga empat lima</i>"], limit=10)
    assert [parse_html(m)[0] for m in messages] == ["satu dua", "tiga", "empat lima"]
    assert all(telegram_length(m) <= 10 for m in messages)
    with pytest.raises(ValueError):
        split_messages(["x"], limit=1)


def test_validator_rejects_what_telegram_rejects() -> None:
    # Guard that the validator used above is strict enough to catch real mistakes.
    with pytest.raises(ApiError):
        parse_html("<script>x</script>")
    with pytest.raises(ApiError):
        parse_html("a & b")


def test_split_messages_never_makes_an_empty_piece() -> None:
    for block in ("<b> " + "x" * 10_000 + "</b>", "<i>\n\n" + "y" * 9000 + "</i>", " \n" * 5000):
        for message in split_messages([block]):
            visible(message)


def random_html(rng: random.Random) -> str:
    """Valid Telegram HTML: nested tags, entities, emoji, newlines and long words."""
    words = ["kata", "&amp;", "&lt;b&gt;", "😀", "Rp1.500", "x" * 40, "\n", "\n\n", "  "]
    out: list[str] = []
    for _ in range(rng.randint(1, 60)):
        if rng.random() < 0.2:
            tag = rng.choice(["b", "i", "code", "blockquote", "a"])
            opening = '<a href="https://contoh.id/?a=1&amp;b=2">' if tag == "a" else f"<{tag}>"
            inner = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
            out.append(f"{opening}{inner}</{tag}>")
        else:
            out.append(rng.choice(words))
    return " ".join(out)


def test_split_messages_on_random_html() -> None:
    rng = random.Random(20261125)
    for _ in range(300):
        block = random_html(rng)
        limit = rng.randint(10, 200)
        whole, _ = parse_html(block)
        messages = split_messages([block], limit=limit)
        pieces = []
        for message in messages:
            plain, _ = parse_html(message)  # every piece is valid HTML
            assert 0 < utf16_len(plain) <= limit
            pieces.append(plain)
        # Nothing lost or reordered: only whitespace at the cuts may differ.
        assert "".join("".join(pieces).split()) == "".join(whole.split())


def test_search_page_below_one_is_the_first_page() -> None:
    hits = [SearchHit(make_article(title="Satu"), 1.0)]
    plain = visible(search_results_page("x", hits, page=0, tz="Asia/Jakarta"))
    assert "1. Satu" in plain and plain.endswith("Halaman 1")


def test_button_answer_texts_are_plain_and_short():
    """answerCallbackQuery shows plain text (no parse mode) of at most 200 characters."""
    long_name = "N" * 60
    answers = [
        texts.TOPIC_TOGGLED_ON.format(name=long_name),
        texts.TOPIC_TOGGLED_OFF.format(name=long_name),
        texts.TOO_MANY_SUBSCRIPTIONS.format(count=50),
        texts.TOPIC_GONE,
        texts.SEARCH_EXPIRED,
        texts.SEARCH_NO_MORE,
        texts.SETTINGS_SAVED_INSTANT.format(hour="07.00 WITA"),
        texts.SETTINGS_SAVED_DIGEST.format(hour="07.00 WITA"),
        texts.SETTINGS_SAVED_PAUSED,
        texts.SETTINGS_INVALID,
        texts.GROUP_ADMINS_ONLY_SHORT,
        texts.UNFOLLOWED.format(name=long_name),
        texts.UNFOLLOWED_GROUP.format(name=long_name),
        texts.FOLLOWED_AGAIN.format(name=long_name),
        texts.FOLLOWED_AGAIN_GROUP.format(name=long_name),
        texts.REMOVED.format(name=long_name),
        texts.REMOVED_GROUP.format(name=long_name),
        texts.ALREADY_REMOVED,
        texts.DIGEST_EXPIRED,
        texts.BUTTON_EXPIRED,
        texts.ERROR,
    ]
    for text in answers:
        assert 1 <= len(text) <= 200, text
        assert "<" not in text and "&" not in text, text
