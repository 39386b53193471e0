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
    "domain": "Berita itu dimuat Kompas.com pagi ini.",
    "decimals-dates": "Iuran naik 2.5 persen menjadi Rp1.500 pada 13/5/2024 lalu.",
    "specialist": "Pasien ditangani dokter Sp.Rad di rumah sakit.",
    "specialist-consultant": "Pasien ditangani dr. Ani, Sp.Rad(K)Onk di rumah sakit.",
    "form-codes": "Formulir F.2/Fd.2 wajib diisi peserta.",
    "initials-glued": "Presiden ketiga B.J.Habibie lahir di Parepare.",
    "variant-codes": "Kasus naik karena varian EG.5 dan EG.2 di Jakarta.",
    "camel-case-brands": "Warga memakai iPhone dan WhatsApp untuk mendaftar.",
    "time-colon": "Rapat dimulai pukul 10:30 WIB di kantor koperasi.",
    "url-colon": "Daftar di https://Contoh.go.id/Daftar sekarang.",
    "glued-number-in-code": "Kode HK.02.02/I/1811/2022 berlaku sejak Januari.",
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
        # A sentence end glued to a quotation after a number or a bracket.
        (
            'Uji coba berjalan di rumah sakit (RS)."Nanti ditunggu saja," kata Budi.',
            ["Uji coba berjalan di rumah sakit (RS).", '"Nanti ditunggu saja," kata Budi.'],
        ),
        (
            'Program itu diakhiri 2022."Sekarang kan 2024," kata dia.',
            ["Program itu diakhiri 2022.", '"Sekarang kan 2024," kata dia.'],
        ),
        (
            'Aturan berlaku pada Juli 2023."BPJS siap," katanya.',
            ["Aturan berlaku pada Juli 2023.", '"BPJS siap," katanya.'],
        ),
        # ... or to the next sentence without a quotation.
        (
            "Iuran naik mulai 2022.Sekarang warga mengeluh (KRIS).Adapun tarifnya tetap.",
            ["Iuran naik mulai 2022.", "Sekarang warga mengeluh (KRIS).", "Adapun tarifnya tetap."],
        ),
        # A curly quote glued after the stop: it opens the next quotation ...
        (
            "“Siap,” kata dia.”Kami datang besok.",
            ["“Siap,” kata dia.", "”Kami datang besok."],
        ),
        # ... or closes the one before.
        ("“Kami siap.”Dia lalu pergi.", ["“Kami siap.”", "Dia lalu pergi."]),
        ('"Kami siap."Dia lalu pergi.', ['"Kami siap."', "Dia lalu pergi."]),
        # A quotation opened with “ and closed with ", then a new one glued.
        (
            '“Ini penting," katanya."Di sana aman," ujarnya.',
            ['“Ini penting," katanya.', '"Di sana aman," ujarnya.'],
        ),
    ],
)
def test_glued_sentences_are_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Each item ends with a full stop glued to the next number.
        (
            "Iuran terdiri atas: 1. Jaminan Hari Tua 3,7 persen.2. Jaminan Pensiun 2 persen.3."
            " Jaminan Kesehatan 4 persen.",
            [
                "Iuran terdiri atas:",
                "1. Jaminan Hari Tua 3,7 persen.",
                "2. Jaminan Pensiun 2 persen.",
                "3. Jaminan Kesehatan 4 persen.",
            ],
        ),
        (
            "Tekan cari.2.Cek nomor di situs.3.Cek lewat SMS",
            ["Tekan cari.", "2. Cek nomor di situs.", "3. Cek lewat SMS"],
        ),
        # Items without a full stop, run together after an introduction.
        (
            "Syarat yang harus dipenuhi:1. Bangunan tidak berpori 2. Ventilasi udara cukup 3."
            " pencahayaan terang",
            [
                "Syarat yang harus dipenuhi:",
                "1. Bangunan tidak berpori",
                "2. Ventilasi udara cukup",
                "3. pencahayaan terang",
            ],
        ),
        # Numbers glued to the item before them.
        (
            "Caranya. 1. Unduh aplikasi di ponsel2. Buka aplikasi dan ketuk 'Daftar'3. Masukkan"
            " NIK",
            [
                "Caranya.",
                "1. Unduh aplikasi di ponsel",
                "2. Buka aplikasi dan ketuk 'Daftar'",
                "3. Masukkan NIK",
            ],
        ),
        # After a heading with no colon, three items or more; one number may be missing.
        (
            "Daftar operasi yang ditanggung 1. Operasi Jantung 2. Operasi Caesar 4. Operasi Mata",
            [
                "Daftar operasi yang ditanggung",
                "1. Operasi Jantung",
                "2. Operasi Caesar",
                "4. Operasi Mata",
            ],
        ),
        # A lone first item after a colon.
        (
            "Berikut caranya: 1. Buka aplikasi Mobile JKN.",
            ["Berikut caranya:", "1. Buka aplikasi Mobile JKN."],
        ),
        # Sentences that end with a number are not a list.
        (
            "Iuran naik untuk kelas 1. Tarif tetap untuk kelas 2. Kelas 3 tidak berubah.",
            ["Iuran naik untuk kelas 1.", "Tarif tetap untuk kelas 2.", "Kelas 3 tidak berubah."],
        ),
        (
            "Peserta naik ke kelas 1. Lalu pindah ke kelas 2. Kemudian kelas 3. Selesai.",
            [
                "Peserta naik ke kelas 1.",
                "Lalu pindah ke kelas 2.",
                "Kemudian kelas 3.",
                "Selesai.",
            ],
        ),
        ("Varian EG.5 dan EG.2. Kasus naik.", ["Varian EG.5 dan EG.2.", "Kasus naik."]),
    ],
)
def test_list_items_run_together_are_split(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_list_items_glued_after_a_colon_or_bracket_get_a_space() -> None:
    text = "Dokumen yang dilampirkan:Kartu Keluarga (KK)Nomor Induk Kependudukan (NIK)"
    assert split_sentences(text) == [
        "Dokumen yang dilampirkan: Kartu Keluarga (KK) Nomor Induk Kependudukan (NIK)"
    ]


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
