"""Tests for the Indonesian sentence and word tokenizer."""

from pathlib import Path

import pytest

from summaries.tokenize import IndonesianTokenizer, split_sentences, split_words

SEED_NAME = "merdeka-kemenkop-bpjs-ketenagakerjaan.txt"
SEED = Path(__file__).parents[2] / "seeds" / "articles" / SEED_NAME

# Each text is ONE sentence: the tokenizer must not break inside it.
NO_BREAK = {
    "rp": "Harga naik menjadi Rp. 1.500 per liter.",
    "dr-lower": "Pasien ditangani dr. Andi di rumah sakit.",
    "dr-upper": "Pasien ditangani Dr. Budi Santoso di rumah sakit.",
    "prof-ir-h": "Acara dihadiri Prof. Ir. H. Ahmad Yani.",
    "hj": "Bantuan diserahkan Hj. Siti Aminah kepada warga.",
    "jl-no": "Kantornya di Jl. Sudirman No. 5 Jakarta.",
    "kec-kab": "Banjir melanda Kec. Cibinong, Kab. Bogor kemarin.",
    "sdr-sdri": "Surat ditujukan kepada Sdr. Budi dan Sdri. Ani.",
    "dll": "Ia membeli beras, gula, dll. untuk warga.",
    "dsb": "Bantuan berupa beras, minyak, dsb. dibagikan hari ini.",
    "dkk": "Penelitian Susanto dkk. (2020) menunjukkan hal itu.",
    "tsb": "Menurut data tsb. jumlah peserta naik.",
    "a-n": "Transfer dilakukan a.n. Budi Santoso ke rekening kantor.",
    "sh-msi": "Sidang dipimpin Andi, S.H., M.Si. Kuasa hukum hadir.",
    "academic-titles": "Hadir Budi, S.E., S.Pd., M.M., M.Sc., Ph.D. Semua tamu lain juga.",
    "drg": "Pemeriksaan gigi oleh drg. Rina berlangsung lancar.",
    "bpk-tn-ny": "Hadir Bpk. Ali, Tn. Joko, dan Ny. Ani dalam rapat.",
    "st": "Misa digelar di Gereja St. Yosef.",
    "yth": "Surat itu dibuka dengan Yth. Bapak Gubernur.",
    "kel-prov": "Warga Kel. Cempaka, Prov. Jawa Barat terdampak.",
    "tbk-paren": "Saham PT Bank Rakyat Indonesia Tbk. (BBRI) naik.",
    "initial": "Direktur Utama A. Susanto hadir.",
    "initials": "Presiden ketiga B.J. Habibie lahir di Parepare.",
    "decimal-comma": "Baru ada 8,1 persen koperasi yang mendaftar.",
    "thousands": "Harga tiket Rp1.500 per orang.",
    "decimal-point": "Nilainya naik 3.5 poin.",
    "time": "Rapat dimulai pukul 10.30 WIB di kantor.",
    "date-paren": "Nota ditandatangani Rabu (4/11) di Jakarta.",
    "date-dots": "Surat bertanggal 04.11.2020 itu beredar.",
    "ellipsis": "Dia menunggu... lalu pergi.",
    "ellipsis-char": "Dia menunggu… lalu pergi.",
    "url": "Daftar di https://www.bpjsketenagakerjaan.go.id/x.html sekarang.",
    "email": "Kirim surel ke humas@bpjs.go.id untuk informasi.",
    "quote-lower": '"Ini penting." kata dia.',
    "bang-name": "Dilansir dari E! News, Kim Kardashian hadir.",
    "bang-name-yahoo": "Seperti dikutip Yahoo! Finance, saham naik.",
    "domain-capitalised": "Berita itu dimuat Detik.Com pagi ini.",
}


@pytest.mark.parametrize("name", sorted(NO_BREAK))
def test_does_not_break(name: str) -> None:
    assert split_sentences(NO_BREAK[name]) == [NO_BREAK[name]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Harga naik. Warga mengeluh.", ["Harga naik.", "Warga mengeluh."]),
        ("Apa benar? Ya! Tentu.", ["Apa benar?", "Ya!", "Tentu."]),
        ('Dia pergi. "Saya pulang," katanya.', ["Dia pergi.", '"Saya pulang," katanya.']),
        ("Korban 20 orang. 15 di antaranya anak.", ["Korban 20 orang.", "15 di antaranya anak."]),
        ("Harga naik. (Baca: harga) Lalu turun.", ["Harga naik.", "(Baca: harga) Lalu turun."]),
        ("Laba PT ABC Tbk. Direksi senang.", ["Laba PT ABC Tbk.", "Direksi senang."]),
        ("Ia membeli gula, dll. Harga naik.", ["Ia membeli gula, dll.", "Harga naik."]),
        ("Tunggu... Ya.", ["Tunggu...", "Ya."]),
        ("Budi datang (kemarin.) Ani pulang.", ["Budi datang (kemarin.)", "Ani pulang."]),
        (
            "Kunjungi https://www.bpjs.go.id/x.html. Pendaftaran gratis.",
            ["Kunjungi https://www.bpjs.go.id/x.html.", "Pendaftaran gratis."],
        ),
        ("1. Pertama daftar. 2. Kedua bayar.", ["1. Pertama daftar.", "2. Kedua bayar."]),
        ("Dilansir E! News. Dia hadir.", ["Dilansir E! News.", "Dia hadir."]),
        ("Hebat! Dia menang.", ["Hebat!", "Dia menang."]),
        ("Harga naik.Warga mengeluh.", ["Harga naik.", "Warga mengeluh."]),
        ("Kata dia.“Kami siap,” ujarnya.", ["Kata dia.", "“Kami siap,” ujarnya."]),
        (
            'Dia menjelaskan modusnya."Tawaran dilakukan," kata dia.',
            ["Dia menjelaskan modusnya.", '"Tawaran dilakukan," kata dia.'],
        ),
    ],
)
def test_breaks(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Ini penting." Kata dia.', ['"Ini penting."', "Kata dia."]),
        ("“Ini penting.” Dia pergi.", ["“Ini penting.”", "Dia pergi."]),
        ('"Apa?" Budi bertanya.', ['"Apa?"', "Budi bertanya."]),
        ('"Ya!" Budi menjawab.', ['"Ya!"', "Budi menjawab."]),
        ('"Apa?" tanya Budi.', ['"Apa?" tanya Budi.']),
    ],
)
def test_closing_quote_stays_with_sentence(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_newlines_always_end_a_sentence() -> None:
    text = "tanpa tanda baca\nbaris kedua\n\n  baris ketiga  \n\n\n"
    assert split_sentences(text) == ["tanpa tanda baca", "baris kedua", "baris ketiga"]


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t\n ") == []


def test_whitespace_is_collapsed() -> None:
    assert split_sentences("Harga\u00a0 naik.   Warga\tmengeluh.") == [
        "Harga naik.",
        "Warga mengeluh.",
    ]


def test_emoji_and_mixed_scripts() -> None:
    text = "Selamat 🎉 ulang tahun. Всем привет. 你好。 Ok. 🎉🎉"
    assert split_sentences(text) == [
        "Selamat 🎉 ulang tahun.",
        "Всем привет.",
        "你好。",
        "Ok. 🎉🎉",
    ]


def test_seed_sentences() -> None:
    sentences = split_sentences(SEED.read_text(encoding="utf-8"))
    assert (
        "Kerja sama tersebut tertuang dalam nota kesepahaman antara kedua belah pihak yang "
        "ditandatangani pada hari ini, Rabu (4/11)."
    ) in sentences
    assert any(s.startswith("Teten mencatat, sampai saat ini baru ada 8,1") for s in sentences)
    assert all(s == s.strip() and s for s in sentences)


@pytest.mark.parametrize(
    "text",
    [
        "Teten mencatat baru ada 8,1 persen atau 9.982 koperasi di Jl. Sudirman. Dr. A. Hadi ikut. "
        * 2200,
        "." * 200_000,
        "a. " * 70_000,
        "!?" * 100_000,
        '."' * 100_000,
        "x" * 200_000,
        "A " * 100_000,
    ],
    ids=["prose", "dots", "initials", "bangs", "dot-quotes", "one-word", "letters"],
)
def test_large_input_gives_sentences(text: str) -> None:
    """200,000 characters of awkward input come back as sentences (speed: bench/)."""
    sentences = split_sentences(text)
    assert sentences


def test_split_words() -> None:
    words = split_words(
        "Anak-anak kerja-kerja Jum'at: 9.982 koperasi, 8,1 persen Rp1.500! Covid-19 🎉 (mdk/idr)"
    )
    assert words == [
        "Anak-anak",
        "kerja-kerja",
        "Jum'at",
        "9.982",
        "koperasi",
        "8,1",
        "persen",
        "Rp1.500",
        "Covid-19",
        "mdk",
        "idr",
    ]


def test_split_words_drops_punctuation_and_dashes() -> None:
    assert split_words('"Ya," katanya -- lalu pergi... _ -') == ["Ya", "katanya", "lalu", "pergi"]


def test_tokenizer_interface() -> None:
    tokenizer = IndonesianTokenizer()
    assert tokenizer.language == "indonesian"
    assert tokenizer.to_sentences("Dr. Budi datang. Ani pulang.") == (
        "Dr. Budi datang.",
        "Ani pulang.",
    )
    assert tokenizer.to_words("Anak-anak pulang.") == ("Anak-anak", "pulang")


def test_sumy_integration() -> None:
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    from summaries.stem import Stemmer, get_stop_words

    parser = PlaintextParser.from_string(SEED.read_text(encoding="utf-8"), IndonesianTokenizer())
    assert len(parser.document.sentences) > 20
    summarizer = LexRankSummarizer(Stemmer())
    summarizer.stop_words = get_stop_words()
    summary = summarizer(parser.document, 3)
    assert len(summary) == 3
    assert all(str(sentence) for sentence in summary)
