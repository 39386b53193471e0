"""What a question asks for, where a sentence answers it, and small talk."""

from __future__ import annotations

import pytest

from summaries.question import (
    AMOUNT,
    DATE,
    ENTITY,
    PERSON,
    PLACE,
    PROCESS,
    REASON,
    UNKNOWN,
    YES_NO,
    analyze,
    find_answer,
    small_talk,
    unit_matches,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("iuran bpjs kesehatan naik brp?", AMOUNT),
        ("berapa koperasi yang sudah ikut BPJS Ketenagakerjaan?", AMOUNT),
        ("kapan batas lapor spt?", DATE),
        ("tanggal brp pendaftaran cpns dibuka", DATE),
        ("jam berapa pengumumannya", DATE),
        ("siapa menteri yg ngumumin kenaikan iuran", PERSON),
        ("di mana lokasi banjirnya", PLACE),
        ("dimana lokasi banjirnya", PLACE),
        ("bansos dikirim ke mana aja", PLACE),
        ("pesertanya dari mana aja", PLACE),
        ("apa nama aplikasi lapor pajak", ENTITY),
        ("apakah bansos udah cair?", YES_NO),
        ("bansos udah cair nggak?", YES_NO),
        ("kenapa harga beras naik", REASON),
        ("knp harga beras naik", REASON),
        ("mengapa iuran dinaikkan", REASON),
        ("bagaimana cara daftar prakerja", PROCESS),
        ("gimana daftar prakerja", PROCESS),
        ("cara cek bansos", PROCESS),
        ("iuran bpjs kesehatan", UNKNOWN),
    ],
)
def test_asked_type(question: str, kind: str) -> None:
    assert analyze(question).kind == kind


def test_focus_words_are_normalized_without_question_or_stop_words() -> None:
    understood = analyze("iuran BPJS udah dinaikin brp sih?")
    assert understood.text == "iuran BPJS sudah dinaikkan berapa sih?"
    assert understood.focus == ("iuran", "BPJS", "dinaikkan")


def test_links_are_not_focus_words() -> None:
    assert analyze("https://www.merdeka.com/uang/iuran-bpjs.html").focus == ()
    assert analyze("iuran www.bpjs.go.id naik brp").focus == ("iuran", "naik")


def test_the_counted_unit_of_berapa() -> None:
    assert analyze("berapa koperasi yang ikut?").unit == "koperasi"
    assert analyze("gempanya brp sr").unit == "sr"
    assert analyze("kapan gempanya").unit is None
    assert unit_matches("koperasi", "9.982 koperasi telah")
    assert unit_matches("sr", "4,7 Skala Richter")
    assert unit_matches("km", "7,75 kilometer")
    assert not unit_matches("km", "120 merek")


def spans(kind: str, sentence: str, exclude: frozenset[str] = frozenset()) -> list[str]:
    return [sentence[a:b] for a, b in find_answer(kind, sentence, exclude)]


SENTENCE = (
    "Iuran BPJS Kesehatan kelas III naik dari Rp 35.000 menjadi Rp42.000 per bulan mulai "
    "1 Januari 2026, kata Menteri Kesehatan Budi Gunadi Sadikin di Jakarta."
)


def test_amounts_with_units() -> None:
    assert spans(AMOUNT, SENTENCE) == ["Rp 35.000", "Rp42.000"]
    assert spans(AMOUNT, "Sebanyak 8,1 persen atau 9.982 koperasi ikut.") == [
        "8,1 persen",
        "9.982 koperasi",
    ]
    assert spans(AMOUNT, "Dana US$ 7 juta dan 2,5 triliun rupiah disiapkan.") == [
        "US$ 7 juta",
        "2,5 triliun rupiah",
    ]
    assert spans(AMOUNT, "Tiga orang tewas.") == ["Tiga orang"]


def test_a_bare_number_is_an_amount_but_a_date_is_not() -> None:
    assert spans(AMOUNT, "Tottenham menang 3-1 pada Rabu (5/4/2017).") == ["3", "1"]
    assert spans(AMOUNT, "Rapat digelar pada 12 Maret 2026.") == []


def test_dates_and_times() -> None:
    assert spans(DATE, SENTENCE) == ["1 Januari 2026"]
    assert spans(DATE, "Laga digelar Kamis (17/8) pukul 19.00 WIB.") == [
        "Kamis (17/8)",
        "pukul 19.00 WIB",
    ]
    assert spans(DATE, "Pendaftaran dibuka bulan depan.") == ["bulan depan"]
    assert spans(DATE, "Harga beras naik tajam.") == []


def test_people_and_organizations() -> None:
    found = spans(PERSON, SENTENCE, frozenset(["menteri", "kesehatan"]))
    assert found[0] == "Menteri Kesehatan Budi Gunadi Sadikin"
    assert "Lionel Messi" in spans(PERSON, "Gol dicetak Lionel Messi pada menit ke-23.")
    # A name made only of the question's own words answers nothing.
    assert spans(PERSON, "Piala Dunia digelar lagi.", frozenset(["piala", "dunia"])) == []
    # "Hal" at the start of a sentence is no name.
    assert spans(PERSON, "Hal itu wajar.") == []


def test_places() -> None:
    assert spans(PLACE, SENTENCE) == ["Jakarta"]
    assert spans(PLACE, "Banjir melanda Kabupaten Bogor, Jawa Barat.") == ["Kabupaten Bogor"]
    assert spans(PLACE, "Uang dikirim dari Rp 10.000.") == []  # not a place


def test_reasons_and_processes() -> None:
    assert spans(REASON, "Iuran naik karena defisit makin besar.") == ["karena defisit makin besar"]
    assert spans(PROCESS, "Pendaftaran dilakukan melalui laman prakerja.go.id.")[0].startswith(
        "melalui"
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Halo", "greeting"),
        ("halo kak", "greeting"),
        ("Selamat pagi", "greeting"),
        ("malam", "greeting"),
        ("assalamualaikum", "salam"),
        ("Assalamu'alaikum min", "salam"),
        ("makasih ya", "thanks"),
        ("Makasih banyak!", "thanks"),
        ("trims", "thanks"),
        ("thx", "thanks"),
        ("terima kasih", "thanks"),
        ("siapa kamu?", "who"),
        ("kamu siapa", "who"),
        ("bisa apa?", "help"),
        ("kamu bisa apa aja", "help"),
        ("bantuan", "help"),
        ("ok", "ack"),
        ("oke siap", "ack"),
        ("mantap", "ack"),
        ("🙏🙏🙏", "emoji"),
        ("👍", "emoji"),
    ],
)
def test_small_talk(text: str, kind: str) -> None:
    assert small_talk(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "berapa iuran bpjs",
        "makasih, iuran naik berapa?",
        "selamat pagi, kapan bansos cair?",
        "siapa menteri keuangan",
        "baik buruknya kenaikan iuran",
        "?",
        "",
    ],
)
def test_questions_are_not_small_talk(text: str) -> None:
    assert small_talk(text) is None
