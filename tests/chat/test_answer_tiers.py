"""The three tiers of a reply (answer, related news, decline), newest wins, bad input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.chat.answer import AskResult, Related, ask, render_result
from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import NewArticle
from bot.present import texts
from bot.storage import open_store


def _add(store, n: int, title: str, text: str, published: datetime | None) -> None:
    store.add_article(
        NewArticle(
            url=f"https://contoh.id/{n}",
            canonical_url=f"https://contoh.id/{n}",
            outlet="Antara",
            title=title,
            text=text,
            bullets=(),
            topics=(),
            published_at=published,
            fetched_at=datetime(2026, 11, 20, tzinfo=UTC),
            text_hash=text_hash(text),
            minhash=minhash_signature(text),
        )
    )


@pytest.fixture
def archive(tmp_path: Path):
    store = open_store(tmp_path / "warta.db")
    _add(
        store,
        1,
        "Iuran BPJS Kesehatan kelas 3 naik",
        "Pemerintah menaikkan iuran BPJS Kesehatan peserta mandiri. Iuran kelas 3 naik menjadi "
        "Rp35.000 per orang per bulan mulai 1 Juli 2020. Kenaikan diatur Perpres 64/2020.",
        datetime(2020, 5, 14, tzinfo=UTC),
    )
    _add(
        store,
        2,
        "Iuran BPJS Kesehatan kelas 3 naik lagi tahun depan",
        "Pemerintah kembali menyesuaikan iuran BPJS Kesehatan peserta mandiri. Iuran kelas 3 "
        "naik menjadi Rp42.000 per orang per bulan mulai 1 Januari 2021. Selisihnya tetap "
        "dibantu pemerintah daerah.",
        datetime(2020, 12, 30, tzinfo=UTC),
    )
    yield store
    store.close()


def test_newest_wins_and_the_reply_says_earlier_news_differed(archive) -> None:
    result = ask(archive, "iuran bpjs kesehatan kelas 3 naik jadi brp per bulan?")
    assert result.found
    first = result.answers[0]
    assert "Rp42.000" in first.sentence  # the newer article's figure comes first
    assert first.earlier == datetime(2020, 5, 14, tzinfo=UTC)
    message = render_result(result, "Asia/Jakarta")
    assert "<b>kelas 3 naik menjadi Rp42.000</b>" in message  # only the asked value, bold
    assert texts.ANSWER_EARLIER.format(date="Kamis, 14 Mei 2020") in message
    assert message.count("<b>") == 1


@pytest.mark.parametrize(
    "question",
    [
        "iuran",
        "koperasi " * 700,  # about 4,000 characters
        "🙏🙏🙏",
        "12345 67890",
        "<b>iuran</b> <script>alert(1)</script> naik?",
        "'; DROP TABLE articles; --",
        '" OR NEAR( * -bpjs AND iuran:*',
        "how much is the bpjs contribution for class 3?",
    ],
)
def test_bad_input_gets_an_answer_a_decline_or_an_explanation(archive, question: str) -> None:
    result = ask(archive, question)
    assert result.kind in ("answer", "related", "not_found", "small_talk")
    reply = render_result(result, "Asia/Jakarta")
    assert reply.strip()
    assert "<script>" not in reply


def test_related_news_is_plainly_not_an_answer() -> None:
    result = AskResult(
        "kapan iuran kris berlaku?",
        False,
        [],
        "related",
        keyword="kris",
        search="iuran kris",
        related=[Related("Kelas standar <KRIS> dibahas", "https://contoh.id/k", "Antara", None)],
    )
    reply = render_result(result, "Asia/Jakarta")
    assert reply.startswith(texts.RELATED_HEADER)
    assert "&lt;KRIS&gt;" in reply and '<a href="https://contoh.id/k">' in reply
    assert "/cari iuran kris" in reply


def test_neighbouring_quotes_of_one_article_are_joined_each_sentence_once() -> None:
    from bot.chat.answer import _joined
    from summaries.passages import Document, Passage

    doc = Document(1, "Judul", "", 0, None)
    one, two, three = (
        "Syarat pertama adalah menjadi peserta aktif.",
        "Peserta juga harus membawa KTP.",
        "Klaim diajukan lewat aplikasi JMO.",
    )
    at = len(one) + 1 + two.index("KTP")
    kept = Passage(doc, 1, f"{one} {two}", [(at, at + 3)], score=3.0)
    other = Passage(doc, 2, f"{two} {three}", [], score=2.0)
    joined = _joined(kept, other)
    assert joined.quote == f"{one} {two} {three}"
    assert joined.quote.count(two) == 1
    assert joined.score == 3.0
    a, b = joined.spans[0]
    assert joined.quote[a:b] == "KTP"
