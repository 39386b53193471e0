"""The shape of an answer: verdict, steps, the value in bold."""

from __future__ import annotations

import pytest

from summaries.answer_shape import highlight_span, steps_of, verdict
from summaries.question import analyze


@pytest.mark.parametrize(
    ("question", "quote", "expected"),
    [
        (
            "kemo ditanggung bpjs gak?",
            "Kemoterapi tetap ditanggung BPJS Kesehatan bagi peserta aktif.",
            "ya",
        ),
        (
            "vaksin dbd ditanggung bpjs gak?",
            "Vaksinasi DBD tidak ditanggung BPJS Kesehatan.",
            "tidak",
        ),
        (
            "scaling gigi gratis pakai bpjs gak?",
            "Scaling gigi gratis pakai BPJS Kesehatan jika ada indikasi medis.",
            "tergantung",
        ),
        ("iuran kelas 3 naik gak?", "Menkes meninjau rumah sakit di Bogor.", None),
    ],
)
def test_a_yes_no_answer_leads_with_its_verdict(
    question: str, quote: str, expected: str | None
) -> None:
    assert verdict(analyze(question), quote) == expected


def test_numbered_steps_become_a_list() -> None:
    quote = (
        "Caranya: 1. Buka aplikasi Mobile JKN. 2. Pilih menu Ubah Data Peserta. "
        "3. Pilih kelas yang diinginkan lalu simpan."
    )
    assert steps_of(quote) == [
        "Buka aplikasi Mobile JKN",
        "Pilih menu Ubah Data Peserta",
        "Pilih kelas yang diinginkan lalu simpan",
    ]


def test_items_after_a_colon_become_a_list() -> None:
    quote = "Syaratnya: fotokopi KTP; kartu keluarga terbaru; dan surat keterangan kerja."
    assert steps_of(quote) == ["fotokopi KTP", "kartu keluarga terbaru", "surat keterangan kerja"]


def test_a_plain_sentence_has_no_steps() -> None:
    assert steps_of("Pendaftaran bisa dilakukan melalui aplikasi Mobile JKN.") == []


def test_the_bold_is_the_value_of_the_asked_class() -> None:
    text = "Iuran kelas 3 sebesar Rp42.000, kelas 2 sebesar Rp100.000 dan kelas 1 Rp150.000."
    span = highlight_span(analyze("iuran kelas 2 brp?"), text)
    assert span is not None
    assert text[span[0] : span[1]] == "kelas 2 sebesar Rp100.000"


def test_no_bold_when_only_another_class_is_named() -> None:
    text = "Iuran kelas 3 sebesar Rp42.000 per orang per bulan."
    assert highlight_span(analyze("iuran kelas 1 brp?"), text) is None


def test_no_bold_for_a_question_that_asks_for_no_value() -> None:
    assert highlight_span(analyze("kenapa iuran naik?"), "Iuran naik karena defisit.") is None
