"""Answering questions from archived articles, and rendering the answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.chat.answer import (
    Answer,
    cut_quote,
    drop_unpaired_quotes,
    question_terms,
    render_answer,
    select_answers,
)
from bot.core.models import Article, SearchHit
from bot.present import texts
from summaries.question import analyze
from tests.support.fake_telegram import parse_html, utf16_len

SEED = Path(__file__).resolve().parents[2] / "seeds" / "articles"
SEED_TITLE = "Kemenkop Gandeng BPJS Ketenagakerjaan Tingkatkan Perlindungan Bagi Pekerja UMKM"


def make_article(
    *,
    id: int,
    title: str,
    text: str,
    outlet: str = "Antara",
    url: str | None = None,
    published_at: datetime | None = None,
) -> Article:
    return Article(
        id=id,
        url=url or f"https://contoh.id/berita/{id}",
        canonical_url=url or f"https://contoh.id/berita/{id}",
        outlet=outlet,
        title=title,
        text=text,
        bullets=(),
        topics=(),
        story_id=id,
        published_at=published_at,
        fetched_at=datetime(2026, 11, 25, 3, 0, tzinfo=UTC),
    )


def answer_question(
    question: str, hits: list[SearchHit], *, max_sentences: int = 3
) -> list[Answer]:
    """The quotes answering ``question`` (read as the bot reads it) from ``hits``."""
    return select_answers(analyze(question), hits, limit=max_sentences)


def quote(sentence: str, article: Article) -> Answer:
    return Answer(
        sentence=sentence,
        highlight=None,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        published_at=article.published_at,
        score=0.0,
        article_id=article.id,
        fetched_at=article.fetched_at,
    )


@pytest.fixture(scope="module")
def seed_article() -> Article:
    """The Merdeka article as stored by ingestion (page boilerplate and all)."""
    text = (SEED / "merdeka-kemenkop-bpjs-ketenagakerjaan.txt").read_text(encoding="utf-8")
    return make_article(
        id=1,
        title=SEED_TITLE,
        text=text,
        outlet="Merdeka",
        url="https://www.merdeka.com/uang/kemenkop-gandeng-bpjs-ketenagakerjaan.html",
        published_at=datetime(2020, 11, 4, 7, 30, tzinfo=UTC),
    )


@pytest.fixture(scope="module")
def football() -> Article:
    return make_article(
        id=2,
        title="Argentina Juara Piala Dunia 2022",
        text=(
            "Argentina menjadi juara Piala Dunia 2022 setelah mengalahkan Prancis lewat adu "
            "penalti di Qatar. Lionel Messi mengangkat trofi di Stadion Lusail."
        ),
    )


@pytest.fixture(scope="module")
def tax() -> Article:
    return make_article(
        id=3,
        title="Batas Lapor SPT Tahunan",
        text=(
            "Direktorat Jenderal Pajak mengingatkan batas pelaporan SPT Tahunan orang pribadi "
            "jatuh pada 31 Maret 2026. Wajib pajak bisa melapor lewat e-Filing. Pelaku UMKM "
            "dengan omzet di bawah Rp500 juta tidak dikenai PPh final."
        ),
    )


def test_how_many_cooperatives_joined_is_answered_from_the_seed(seed_article: Article) -> None:
    evidence = answer_question(
        "berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?", [SearchHit(seed_article, 9.0)]
    )
    assert evidence
    assert "8,1 persen atau 9.982 koperasi" in evidence[0].sentence
    assert evidence[0].article_id == seed_article.id
    assert len(evidence) <= 3


def test_best_sentence_wins_whatever_the_hit_order(
    seed_article: Article, tax: Article, football: Article
) -> None:
    hits = [SearchHit(tax, 3.0), SearchHit(football, 2.0), SearchHit(seed_article, 1.0)]
    evidence = answer_question("berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?", hits)
    assert "9.982 koperasi" in evidence[0].sentence


def test_a_vague_yes_no_question_gets_no_confident_quote_about_something_else(
    seed_article: Article,
) -> None:
    # Precision first: whatever is quoted for this borderline question is about BPJS
    # Ketenagakerjaan (and it may well be declined, with related news instead).
    evidence = answer_question(
        "apakah pekerja UMKM bisa ikut BPJS Ketenagakerjaan?", [SearchHit(seed_article, 1.0)]
    )
    for item in evidence:
        assert "ketenagakerjaan" in item.sentence.lower()
        assert item.sentence != SEED_TITLE  # the headline is not evidence


def test_when_was_it_signed(seed_article: Article) -> None:
    evidence = answer_question(
        "kapan nota kesepahaman ditandatangani?", [SearchHit(seed_article, 1.0)]
    )
    assert "Rabu (4/11)" in evidence[0].sentence


def test_unrelated_question_gets_no_answer_even_with_hits(
    seed_article: Article, tax: Article
) -> None:
    hits = [SearchHit(seed_article, 1.0), SearchHit(tax, 0.5)]
    assert answer_question("siapa juara piala dunia 2022?", hits) == []
    assert answer_question("berapa harga cabai hari ini?", hits) == []


def test_question_answered_when_the_archive_has_it(
    seed_article: Article, football: Article
) -> None:
    hits = [SearchHit(seed_article, 1.0), SearchHit(football, 0.5)]
    evidence = answer_question("siapa juara piala dunia 2022?", hits)
    assert [e.article_id for e in evidence] == [2]
    assert evidence[0].sentence.startswith("Argentina menjadi juara Piala Dunia 2022")


def test_hyphenated_words_count_their_parts(seed_article: Article) -> None:
    evidence = answer_question("bagaimana dengan pandemi covid?", [SearchHit(seed_article, 1.0)])
    assert evidence and "Covid-19" in evidence[0].sentence


def test_partial_overlap_is_not_enough(tax: Article) -> None:
    # Only "umkm" of umkm/pinjaman/bunga/bank is in the archive: not an answer.
    question = "berapa bunga pinjaman bank untuk UMKM?"
    assert answer_question(question, [SearchHit(tax, 1.0)]) == []


def test_duplicate_sentences_from_two_outlets_are_quoted_once(seed_article: Article) -> None:
    copy = make_article(id=7, title="Salinan", text=seed_article.text, outlet="Okezone")
    hits = [SearchHit(seed_article, 2.0), SearchHit(copy, 1.0)]
    evidence = answer_question("berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?", hits)
    sentences = [e.sentence for e in evidence]
    assert len(sentences) == len(set(sentences))


def test_at_most_max_sentences_and_best_first(seed_article: Article) -> None:
    hits = [SearchHit(seed_article, 1.0)]
    question = "berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?"
    one = answer_question(question, hits, max_sentences=1)
    assert len(one) == 1
    three = answer_question(question, hits)
    assert three[0] == one[0]
    assert [e.score for e in three] == sorted((e.score for e in three), reverse=True)


@pytest.mark.parametrize("question", ["", "   ", "?!", "apa itu?", "yang dan di"])
def test_questions_without_content_words_get_no_answer(
    question: str, seed_article: Article
) -> None:
    assert answer_question(question, [SearchHit(seed_article, 1.0)]) == []


def test_no_hits_no_answer() -> None:
    assert answer_question("berapa koperasi yang ikut BPJS?", []) == []


def test_articles_without_usable_text(seed_article: Article) -> None:
    empty = make_article(id=9, title="Kosong", text="")
    short = make_article(id=10, title="Pendek", text="BPJS. Koperasi.")
    assert (
        answer_question("berapa koperasi BPJS?", [SearchHit(empty, 1), SearchHit(short, 1)]) == []
    )


def test_question_terms_drop_question_and_stop_words() -> None:
    assert question_terms("Berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?") == [
        "koperasi",
        "bpjs",
        "ketenagakerjaan",
    ]


# -- rendering --------------------------------------------------------------------------------


def test_render_answer_quotes_with_source_and_date(seed_article: Article) -> None:
    evidence = answer_question(
        "berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?", [SearchHit(seed_article, 1.0)]
    )
    message = render_answer(evidence, "Asia/Jakarta")
    plain, entities = parse_html(message)
    assert plain.startswith(texts.ANSWER_HEADER + "\n\n")
    assert f"— {SEED_TITLE} · Merdeka · Rabu, 4 Nov 2020" in plain
    assert "9.982 koperasi" in plain
    quotes = [e for e in entities if e["type"] == "blockquote"]
    assert len(quotes) == len(evidence)
    # One source line for the article, however many of its sentences are quoted.
    assert [e["url"] for e in entities if e["type"] == "text_link"] == [seed_article.url]
    assert plain.count("— ") == 1


def test_render_no_evidence_is_the_polite_no_answer() -> None:
    plain, _ = parse_html(render_answer([], "Asia/Jakarta"))
    assert plain == texts.NO_ANSWER


def test_render_answer_escapes_and_fits() -> None:
    hostile = make_article(
        id=5, title="<script>x</script> & a < b", text="", outlet="Radio <b> & Co"
    )
    evidence = [quote("Harga naik 5% & <tidak> turun " * 200, hostile)] * 12
    message = render_answer(evidence, "Asia/Makassar")
    plain, _ = parse_html(message)
    assert utf16_len(plain) <= 4096
    assert "— <script>x</script> & a < b · Radio <b> & Co · Rabu, 25 Nov" in plain


def test_short_title_does_not_hide_sentences_that_start_like_it() -> None:
    article = make_article(
        id=11,
        title="BPJS",
        text="BPJS Kesehatan menaikkan iuran kelas I menjadi Rp150.000 mulai Juli 2026.",
    )
    evidence = answer_question("berapa iuran BPJS Kesehatan kelas I?", [SearchHit(article, 1)])
    assert evidence and "Rp150.000" in evidence[0].sentence


def test_source_line_without_outlet() -> None:
    article = make_article(id=12, title="Iuran", text="", outlet=" ")
    plain, _ = parse_html(render_answer([quote("Iuran naik tahun ini.", article)], "Asia/Jakarta"))
    assert plain.endswith("— Iuran · Rabu, 25 Nov")  # the year only for other years


# -- highlight, quotes, grouping --------------------------------------------------------------


def test_the_first_quote_holds_the_asked_figure_in_bold() -> None:
    article = make_article(
        id=21,
        title="Iuran BPJS Kesehatan kelas III naik",
        text=(
            "BPJS Kesehatan mengumumkan perubahan iuran peserta mandiri. Iuran kelas III naik "
            "dari Rp35.000 menjadi Rp42.000 per bulan mulai 1 Januari 2026. Perubahan itu "
            "diumumkan Direktur Utama BPJS Kesehatan Ali Ghufron Mukti di Jakarta."
        ),
    )
    hits = [SearchHit(article, 1.0)]
    (amount, *_) = answer_question("iuran bpjs kesehatan kelas III naik brp?", hits)
    # The value with the qualifier the reader asked about.
    assert amount.highlight == "kelas III naik dari Rp35.000 menjadi Rp42.000"
    (date, *_) = answer_question("kapan iuran kelas III naik?", hits)
    assert date.highlight == "1 Januari 2026"
    (person, *_) = answer_question("siapa dirut bpjs kesehatan yg ngumumin iuran?", hits)
    assert person.highlight is not None and "Ali Ghufron Mukti" in person.highlight
    message = render_answer([amount], "Asia/Jakarta")
    assert "<b>kelas III naik dari Rp35.000 menjadi Rp42.000</b>" in message
    assert message.count("<b>") == 1  # only the answer, only in the first quote


def test_a_sentence_starting_with_ia_is_quoted_with_the_one_before() -> None:
    article = make_article(
        id=22,
        title="Menteri baru dilantik",
        text=(
            "Presiden melantik Budi Santoso sebagai Menteri Perdagangan di Istana Negara. "
            "Ia berjanji menurunkan harga minyak goreng dalam tiga bulan."
        ),
    )
    (first, *_) = answer_question(
        "siapa yg janji nurunin harga minyak goreng?", [SearchHit(article, 1.0)]
    )
    assert first.sentence.startswith("Presiden melantik Budi Santoso")
    assert "Ia berjanji" in first.sentence


def test_quotes_of_one_article_share_one_source_line() -> None:
    article = make_article(id=23, title="Satu", text="")
    other = make_article(id=24, title="Dua", text="")
    quotes = [
        quote("Kalimat pertama yang cukup panjang.", article),
        quote("Kalimat dari berita lain yang cukup panjang.", other),
        quote("Kalimat kedua yang cukup panjang.", article),
    ]
    plain, entities = parse_html(render_answer(quotes, "Asia/Jakarta"))
    assert plain.count("— Satu") == 1 and plain.count("— Dua") == 1
    assert plain.index("Kalimat kedua") < plain.index("— Satu") < plain.index("Kalimat dari")
    assert sum(e["type"] == "blockquote" for e in entities) == 3


@pytest.mark.parametrize(
    ("text", "balanced"),
    [
        ('Iuran naik," kata Budi.', "Iuran naik, kata Budi."),
        ('"Kami naikkan iuran.', "Kami naikkan iuran."),
        ('Ia berkata, "Naik." Lalu "turun', 'Ia berkata, "Naik." Lalu turun'),
        ("Iuran “naik tahun ini.", "Iuran naik tahun ini."),
        ("Iuran naik” katanya.", "Iuran naik katanya."),
        ('"Naik," katanya.', '"Naik," katanya.'),
    ],
)
def test_quotes_have_balanced_quotation_marks(text: str, balanced: str) -> None:
    assert drop_unpaired_quotes(text) == balanced


def test_long_quotes_are_cut_between_words_and_keep_the_answer() -> None:
    words = " ".join(f"kata{i}" for i in range(150))
    text = f"{words} iuran naik menjadi Rp42.000 per bulan {words}."
    start = text.index("Rp42.000")
    cut = cut_quote(text, 300, (start, start + len("Rp42.000")))
    assert len(cut) <= 302 and "Rp42.000" in cut
    assert cut.startswith("…") and cut.endswith("…")
    inner = cut.strip("…")
    assert all(
        w.startswith(("kata", "iuran", "naik", "menjadi", "Rp", "per", "bulan"))
        for w in inner.split()
    )
    quoted = 'Dia bilang "' + "iuran naik " * 60 + 'tahun ini" kepada wartawan.'
    assert cut_quote(quoted, 200).count('"') % 2 == 0  # never cut inside a quotation


# -- ask(): the one entry point ---------------------------------------------------------------


def test_ask_never_fails_on_hostile_questions(tmp_path: Path) -> None:
    from bot.chat.answer import ask, render_result
    from bot.storage import open_store
    from tests.storage.test_search import HOSTILE, KOPERASI, article

    store = open_store(tmp_path / "w.db")
    try:
        store.add_article(article(1, KOPERASI, title="Kemenkop gandeng BPJS Ketenagakerjaan"))
        for question in [*HOSTILE, "🙏🙏", "https://contoh.id/a", "how many koperasi join BPJS?"]:
            result = ask(store, question)
            assert result.kind in ("answer", "not_found", "small_talk")
            assert result.found == bool(result.answers)
            plain, _ = parse_html(render_result(result, "Asia/Jakarta"))
            assert 0 < utf16_len(plain) <= 4096
        found = ask(store, "udah brp koperasi yg ikut bpjs ketenagakerjaan?")
        assert found.kind == "answer" and found.answers[0].highlight == "9.982 koperasi"
        assert ask(store, "makasih").kind == "small_talk"
    finally:
        store.close()


def test_an_answer_fits_a_phone_screen_trimmed_around_the_answer() -> None:
    """Three long quotes: the reply keeps about 700 visible characters, the answering
    sentence from its start with the value in bold, and the linked source."""
    lead = "Pemerintah menyiapkan berbagai program perlindungan bagi pekerja informal. " * 8
    sentence = "Iuran kelas III naik dari Rp35.000 menjadi Rp42.000 per bulan mulai Januari."
    long_quote = f"{lead}{sentence} " + "Sosialisasi digelar di banyak kota sepanjang tahun. " * 3
    first = make_article(id=31, title="Iuran BPJS Kesehatan naik " * 6, text="")
    answers = [
        replace(quote(long_quote.strip(), first), highlight="Rp35.000 menjadi Rp42.000"),
        quote("Peserta diminta memeriksa tagihan setiap bulan di aplikasi. " * 6, first),
        quote(
            "Kenaikan itu diumumkan di Jakarta oleh direksi. " * 8,
            make_article(id=32, title="Lain", text=""),
        ),
    ]
    message = render_answer(answers, "Asia/Jakarta")
    plain, entities = parse_html(message)
    assert utf16_len(plain) <= 700
    assert "<b>Rp35.000 menjadi Rp42.000</b>" in message
    assert "…Iuran kelas III naik dari" in plain  # trimmed to the answering sentence
    assert "https://contoh.id/berita/31" in [e.get("url") for e in entities]
    # Without the phone's limit the same answers keep more.
    assert utf16_len(parse_html(render_answer(answers, "Asia/Jakarta", limit=4096))[0]) > 700
