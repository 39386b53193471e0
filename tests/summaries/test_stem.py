"""Tests for the Indonesian stemmer and stop words."""

from pathlib import Path

import pytest

from summaries.stem import (
    STOP_WORDS,
    Stemmer,
    content_stems,
    get_stop_words,
    stem,
    stem_text,
)

SEED = (
    Path(__file__).parents[2] / "seeds" / "articles" / "merdeka-kemenkop-bpjs-ketenagakerjaan.txt"
)


@pytest.mark.parametrize(
    ("variant", "base"),
    [
        ("iurannya", "iuran"),
        ("Iurannya", "iuran"),
        ("pelayanan", "layanan"),
        ("menggandeng", "gandeng"),
        ("pekerja", "kerja"),
        ("kerja-kerja", "kerja"),
        ("perlindungan", "lindung"),
    ],
)
def test_variants_share_a_stem(variant: str, base: str) -> None:
    assert stem(variant) == stem(base)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("JHT", "jht"),
        ("BPJS", "bpjs"),
        ("PEMILU", "pemilu"),
        ("9.982", "9.982"),
        ("Covid-19", "covid-19"),
        ("Rp1.500", "rp1.500"),
        ("Jum'at", "jum'at"),
        ("Привет", "привет"),
        ("-", "-"),
        ("", ""),
    ],
)
def test_non_alphabetic_tokens_are_lower_cased(token: str, expected: str) -> None:
    assert stem(token) == expected


def test_stem_is_lower_case() -> None:
    assert stem("Koperasi") == "koperasi"


def test_cache_is_bounded() -> None:
    info = stem.cache_info()
    assert info.maxsize is not None
    assert 0 < info.maxsize <= 1_000_000


def test_stemmer_callable() -> None:
    stemmer = Stemmer()
    assert stemmer("Pelayanan") == stem("layanan")


def test_stop_words_loaded() -> None:
    assert STOP_WORDS is get_stop_words()
    assert len(STOP_WORDS) > 700
    for word in (
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "kata",
        "ujar",
    ):
        assert word in STOP_WORDS
    for word in ("koperasi", "bpjs", "iuran", "harga", "banjir"):
        assert word not in STOP_WORDS
    assert all(word == word.lower() and word.strip() == word and word for word in STOP_WORDS)
    assert not any(word.startswith("#") for word in STOP_WORDS)


def test_stem_text_keeps_stop_words() -> None:
    assert stem_text("Iurannya naik, kata dia.") == "iur naik kata dia"
    assert stem_text("Pelayanan BPJS") == stem_text("layanan bpjs")
    assert stem_text("") == ""


def test_content_stems_drops_stop_words() -> None:
    stems = content_stems("Menteri Teten mengatakan bahwa iurannya akan naik di Jakarta.")
    assert stems == ["menteri", "teten", stem("iuran"), "naik", "jakarta"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("peserta", "peserta"),
        ("Kepesertaan", "peserta"),
        ("pesertanya", "peserta"),
        ("pemilu", "pemilu"),
        ("perpajakan", "pajak"),
        ("perbankan", "bank"),
        ("pemerintah", "pemerintah"),
        ("Pemerintahan", "pemerintah"),
        ("diminati", "minat"),
        ("menelan", "telan"),
    ],
)
def test_overrides_fix_sastrawi_over_stemming(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_perpajakan_and_pajak_share_a_stem() -> None:
    assert stem_text("Perpajakan") == stem_text("pajaknya")


@pytest.mark.parametrize(
    ("word", "unrelated"),
    [
        ("pemerintah", "perintah"),
        ("pelaku", "melakukan"),
        ("pengacara", "acara"),
        ("pengadaan", "keadaan"),
        ("pengalaman", "alam"),
        ("pendapatan", "mendapat"),
        ("penghasilan", "berhasil"),
        ("penghargaan", "harga"),
        ("kesempatan", "sempat"),
        ("kesehatan", "sehat"),
        ("meninggal", "tinggal"),
        ("pertahanan", "ditahan"),
        ("penduduk", "duduk"),
        ("pelayaran", "layar"),
        ("pengamat", "amat"),
        ("alasan", "alas"),
        ("seputar", "putar"),
        ("setuju", "tujuan"),
        ("kinerja", "pekerja"),
        ("diminati", "kematian"),
        ("belasan", "berbasis"),
        ("mengemas", "emas"),
        ("Lukaku", "luka"),
    ],
)
def test_frequent_news_words_do_not_share_a_stem_with_unrelated_words(
    word: str, unrelated: str
) -> None:
    assert stem(word) != stem(unrelated)


def test_overridden_words_keep_their_particle_forms() -> None:
    assert stem("pemerintahnya") == stem("pemerintah")
    assert stem("kesehatannya") == stem("kesehatan")
