"""Casual Indonesian read in standard form: every rule, and the real words it must not touch."""

from __future__ import annotations

import pytest

from summaries.normalize import lexicon, normalize, normalize_word, standard_prefix


@pytest.mark.parametrize(
    ("casual", "standard"),
    [
        ("udah", "sudah"),
        ("gak", "tidak"),
        ("nggak", "tidak"),
        ("ga", "tidak"),
        ("dapet", "dapat"),
        ("yg", "yang"),
        ("brp", "berapa"),
        ("knp", "kenapa"),
        ("sm", "sama"),
        ("bgt", "banget"),
        ("tdk", "tidak"),
        ("blm", "belum"),
        ("sdh", "sudah"),
        ("krn", "karena"),
        ("dgn", "dengan"),
        ("utk", "untuk"),
        ("gimana", "bagaimana"),
        ("kyk", "seperti"),
        ("emang", "memang"),
        ("aja", "saja"),
        ("dmn", "di mana"),
        ("makasih", "terima kasih"),
    ],
)
def test_lexicon_words(casual: str, standard: str) -> None:
    assert normalize_word(casual) == standard


def test_lexicon_is_data_and_lower_case() -> None:
    table = lexicon()
    assert len(table) > 100
    assert all(key == key.lower() and value == value.lower() for key, value in table.items())


@pytest.mark.parametrize(
    ("casual", "standard"),
    [
        ("dinaikin", "dinaikkan"),  # di- ... -in → di- ... -kan
        ("digratisin", "digratiskan"),
        ("nonaktifin", "nonaktifkan"),
        ("dinaikkin", "dinaikkan"),  # doubled consonant before -in
        ("ngomongin", "mengomongkan"),  # ng- and -in together
        ("pertahanin", "pertahankan"),  # a standard prefix kept, -in → -kan
    ],
)
def test_suffix_in_becomes_kan(casual: str, standard: str) -> None:
    assert normalize_word(casual) == standard


@pytest.mark.parametrize(
    ("casual", "standard"),
    [
        ("ngirit", "mengirit"),  # ng- before a vowel
        ("ngirim", "mengirim"),  # ng- for a dropped k
        ("ngomong", "mengomong"),
        ("nyari", "mencari"),  # ny- for c
        ("nyuruh", "menyuruh"),  # ny- for s
        ("nuntut", "menuntut"),  # n- for t
        ("nyaleg", "caleg"),  # a root the stemmer doesn't know stays a root
        ("ngebom", "mengebom"),  # nge- before a one-syllable root
        ("motret", "memotret"),  # m- for p
        ("ndiriin", "mendirikan"),  # nd- (Javanese) with -in
    ],
)
def test_nasal_prefixes_become_men(casual: str, standard: str) -> None:
    assert normalize_word(casual) == standard


@pytest.mark.parametrize(
    ("casual", "standard"),
    [
        ("ditangkep", "ditangkap"),  # e for a in the last closed syllable
        ("dipesen", "dipesan"),
        ("cepet", "cepat"),
        ("sampe", "sampai"),  # e for a final ai
        ("kalo", "kalau"),  # o for a final au
        ("ujan", "hujan"),  # a dropped h
    ],
)
def test_casual_spellings(casual: str, standard: str) -> None:
    assert normalize_word(casual) == standard


@pytest.mark.parametrize(
    ("casual", "standard"),
    [("bangeeet", "banget"), ("udahhh", "sudah"), ("gakkk", "tidak"), ("pentiiing", "penting")],
)
def test_repeated_letters(casual: str, standard: str) -> None:
    assert normalize_word(casual) == standard


def test_reduplication_with_a_two() -> None:
    assert normalize_word("anak2") == "anak-anak"
    assert normalize_word("gara2") == "karena"


@pytest.mark.parametrize(
    "word",
    [
        # -in endings that are real words
        "ingin", "dingin", "angin", "main", "lain", "mesin", "vaksin", "yakin", "mungkin",
        "miskin", "kemarin", "bensin", "izin", "batin", "cermin",
        # ng-/ny-/n-/m- beginnings that are real words
        "nganga", "ngeri", "nyata", "nyaman", "nyawa", "nama", "nasi", "nilai", "makan",
        "minta", "mobil",
        # already standard words the casual rules could bend
        "sudah", "tidak", "dapat", "berapa", "naik", "gratis", "saat", "maaf", "taat",
    ],
)  # fmt: skip
def test_real_words_are_left_alone(word: str) -> None:
    assert normalize_word(word) == word


@pytest.mark.parametrize("word", ["BPJS", "OJK", "Jokowi", "Jakarta", "SPT", "covid-19", "2026"])
def test_names_acronyms_and_numbers_are_left_alone(word: str) -> None:
    assert normalize(word) == word


def test_a_sentence_keeps_its_punctuation_spacing_and_names() -> None:
    assert normalize("Iuran BPJS udah dinaikin brp?  Gak dapet info 🙏") == (
        "Iuran BPJS sudah dinaikkan berapa?  tidak dapat info 🙏"
    )


@pytest.mark.parametrize(
    ("root", "verb"),
    [
        ("irit", "mengirit"),
        ("kirim", "mengirim"),
        ("tuntut", "menuntut"),
        ("sapu", "menyapu"),
        ("pukul", "memukul"),
        ("cari", "mencari"),
        ("baca", "membaca"),
        ("lihat", "melihat"),
        ("cek", "mengecek"),
    ],
)
def test_standard_men_prefix(root: str, verb: str) -> None:
    assert standard_prefix(root) == verb


@pytest.mark.parametrize("text", ["", " ", "🙏🙏", '" OR NEAR( *', "x" * 4000, "123 456"])
def test_odd_input_never_fails(text: str) -> None:
    assert isinstance(normalize(text), str)


@pytest.mark.parametrize(
    ("casual", "standard"),
    [
        ("jatoh", "jatuh"),  # o for u in the last closed syllable
        ("liat", "lihat"),  # a dropped h between vowels (lexicon)
        ("kesel", "kesal"),
        ("ngeboyong", "memboyong"),  # nge- before a longer root
        ("ketum", "ketua umum"),
        ("jogja", "yogyakarta"),
    ],
)
def test_more_casual_forms(casual: str, standard: str) -> None:
    assert normalize_word(casual) == standard


def test_roman_numerals_and_shouted_words() -> None:
    assert normalize("iuran kelas III dan kelas iii") == "iuran kelas III dan kelas iii"
    assert normalize("UDAH NAIK GAK") == "sudah NAIK tidak"  # casual words read even in capitals
