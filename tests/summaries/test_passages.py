"""Passages: what may be quoted, and the learned ranking of candidate answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from summaries.passages import Document, concept_weights, load_ranker, passages, quotable
from summaries.question import analyze
from summaries.tokenize import split_words
from summaries.vocabulary import concepts_of


@pytest.mark.parametrize(
    "sentence",
    [
        "Baca juga: Iuran BPJS Kesehatan Naik Mulai Bulan Depan.",
        "Simak breaking news dan berita pilihan kami langsung di ponselmu.",
        "Foto: Infografis/ KRIS Pengganti Kelas 1,2,3 BPJS Kesehatan.",
        "Lantas, apakah iuran BPJS Kesehatan bisa dicairkan jika tidak pernah sakit?",
        "Informasi lengkap ada di https://www.bpjs-kesehatan.go.id untuk peserta.",
        "Klik <b>di sini</b> untuk mendaftar program JKN sekarang juga.",
        "Singkat.",
    ],
)
def test_prompts_captions_questions_and_markup_are_never_quoted(sentence: str) -> None:
    assert not quotable(sentence)


def test_a_plain_sentence_may_be_quoted() -> None:
    assert quotable("Iuran kelas 3 tetap Rp42.000 per orang per bulan mulai Januari 2025.")


def _ranked(question: str, *texts: str) -> list[str]:
    q = analyze(question)
    concepts = concepts_of(split_words(q.text), q.focus)
    docs = [
        Document(i, f"Berita {i}", text, i, datetime(2025, 1, 1 + i, tzinfo=UTC))
        for i, text in enumerate(texts)
    ]
    weights = concept_weights(concepts, {}, 0)
    return [p.quote for p in load_ranker().rank(passages(q, concepts, docs, weights))]


def test_an_amount_question_is_answered_by_a_sentence_with_an_amount() -> None:
    ranked = _ranked(
        "denda bpjs kesehatan paling tinggi brp",
        "BPJS Kesehatan mengenakan denda bagi peserta yang menunggak iuran. "
        "Besaran denda paling tinggi Rp30 juta untuk pelayanan rawat inap.",
    )
    assert ranked and "Rp30 juta" in ranked[0]
    assert all("Rp" in quote for quote in ranked)  # no figure: not an answer to "berapa"


def test_the_question_s_own_year_is_not_its_answer() -> None:
    ranked = _ranked(
        "posko mudik bpjs lebaran 2023 buka tanggal berapa",
        "BPJS Kesehatan membuka posko mudik lebaran 2023 bagi peserta. "
        "Posko mudik tersedia pada 18-21 April 2023 di 15 titik.",
    )
    assert ranked and "18-21 April 2023" in ranked[0]


def test_a_how_to_quote_goes_on_through_its_steps() -> None:
    ranked = _ranked(
        "gmn cara klaim jht lewat aplikasi jmo",
        "Peserta kini bisa mengajukan klaim JHT lewat aplikasi JMO. Caranya sebagai berikut:\n"
        "1. Buka aplikasi JMO dan masuk dengan akun Anda.\n"
        "2. Pilih menu Jaminan Hari Tua lalu klaim.\n"
        "3. Unggah foto KTP dan swafoto, lalu kirim.\n"
        "Dana akan cair dalam lima hari kerja.",
    )
    steps = [quote for quote in ranked if "1. Buka aplikasi JMO" in quote]
    assert steps and "3. Unggah foto KTP" in steps[0]
    assert "Dana akan cair" not in steps[0]
