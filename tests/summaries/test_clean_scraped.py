"""Scraped news text: captions, "Baca juga" links, promotions and markup the cleaner removes.

Every example is invented, in the shape found on real pages (one long line per article, links
and captions glued to the text around them).
"""

import pytest

from summaries.clean import clean_text
from summaries.tokenize import split_sentences

BODY1 = "Kementerian Koperasi menggandeng BPJS Ketenagakerjaan untuk melindungi pekerja."
BODY2 = "Baru ada 8,1 persen atau 9.982 koperasi yang mendaftar."


def sentences(text: str) -> list[str]:
    """What summaries and answers see: the cleaned text split into sentences."""
    return split_sentences(clean_text(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Glued to the date before it, two links in a row, up to the paragraph's end.
        (
            "Program itu diluncurkan pada 31 Juli 2022Baca juga:Program koperasi permudah"
            " layanan anakBaca juga:Kemenkop sebut koperasi terima banyak manfaat",
            "Program itu diluncurkan pada 31 Juli 2022",
        ),
        # A Title Case headline, then the paragraph goes on.
        (
            "Harga naik, kata Budi. Baca juga: Menkop Teten Dorong Digitalisasi UMKM Hal ini"
            ' perlu agar koperasi tumbuh. "Kami siap," ujarnya.',
            'Harga naik, kata Budi. Hal ini perlu agar koperasi tumbuh. "Kami siap," ujarnya.',
        ),
        (
            "Kata Budi. BACA JUGA: Harga Beras Naik Lagi di Pasar Induk Sementara itu, warga"
            " mengeluh.",
            "Kata Budi. Sementara itu, warga mengeluh.",
        ),
        # The quotation after the headline opens the body again.
        (
            'Baca juga: Koperasi Desa Raih Penghargaan Nasional "Kami siap," kata Budi.',
            '"Kami siap," kata Budi.',
        ),
        # The next sentence glued to the headline's last word.
        (
            "Baca juga: Koperasi Desa Buka Layanan dan Dorong DigitalisasiSosialisasi dilakukan"
            " dengan memasang spanduk.",
            "Sosialisasi dilakukan dengan memasang spanduk.",
        ),
        # A headline that ends with a question mark, at the paragraph's end.
        (
            "Iuran tidak naik tahun ini. Baca juga: Apakah Koperasi Bisa Mendaftar Secara Online?",
            "Iuran tidak naik tahun ini.",
        ),
    ],
)
def test_read_also_links_in_a_paragraph_go(text: str, expected: str) -> None:
    assert clean_text(f"{text}\n\n{BODY2}") == f"{expected}\n\n{BODY2}"


@pytest.mark.parametrize(
    "sentence",
    [
        "Warga diminta membaca juga: aturan baru itu berlaku bagi semua koperasi di desa.",
        "Baca juga: " + "laporan lengkap yang panjang sekali " * 10,
        "Simak juga pendapat para ahli tentang koperasi yang sehat di desa-desa.",
    ],
)
def test_read_also_look_alikes_are_kept(sentence: str) -> None:
    expected = " ".join(sentence.split())
    assert clean_text(f"{BODY1}\n\n{sentence}\n\n{BODY2}") == f"{BODY1}\n\n{expected}\n\n{BODY2}"


@pytest.mark.parametrize(
    "caption",
    [
        # The caption printed twice, the second copy with its parts glued.
        "Foto: Dok Humas Kemenkop Rapat koperasi di Bogor Foto: Dok Humas KemenkopRapat koperasi"
        " di Bogor",
        "Foto: USAID USAID Foto: USAIDUSAID",
        # A caption holding a label of its own.
        "Foto: Koperasi Gerak Cepat Bantu Korban Banjir (Foto: ist) Koperasi bergerak cepat."
        " Foto: Koperasi Gerak Cepat Bantu Korban Banjir (Foto: ist)Koperasi bergerak cepat.",
        # An infographic's credit, then its text glued to it, twice.
        "Foto: Infografis/Iuran Koperasi 2024/Budi Santoso INFOGRAFIS, Iuran Koperasi 2024 Foto:"
        " Infografis/Iuran Koperasi 2024/Budi SantosoINFOGRAFIS, Iuran Koperasi 2024",
        # Printed once.
        "Foto: Arsip Pemkot Bogor.",
    ],
)
def test_photo_captions_inside_a_paragraph_go(caption: str) -> None:
    text = f"Harga naik, kata Budi. {caption} Warga mengeluh di pasar.\n\n{BODY2}"
    assert clean_text(text) == f"Harga naik, kata Budi. Warga mengeluh di pasar.\n\n{BODY2}"


@pytest.mark.parametrize(
    "line",
    [
        "Foto: Infografis/Iuran Koperasi 2024/Budi Santoso INFOGRAFIS, Iuran Koperasi 2024 Kelas"
        " 1 Rp 150.000 Kelas 2 Rp 100.000 Kelas 3 Rp 35.000 berlaku mulai Januari " * 3,
        "Infografik: Cara Mendaftar Koperasi Secara Online",
        "INFOGRAFIS, Kelas 1, 2, 3 Koperasi Vs Kelas Standar",
        "KOMPAS.com/Budi Santoso",
        "Warta.co.id/Ani Lestari/bg: Freepik Ilustrasi cara daftar koperasi.",
        "DOK. SHUTTERSTOCK/FOTOGRAFER Ilustrasi aplikasi koperasi",
    ],
)
def test_caption_and_credit_lines_go(line: str) -> None:
    assert clean_text(f"{BODY1}\n\n{line}\n\n{BODY2}") == f"{BODY1}\n\n{BODY2}"


@pytest.mark.parametrize(
    "sentence",
    [
        "Infografis itu menunjukkan kenaikan iuran koperasi sejak tahun lalu.",
        "Foto bersama dilakukan usai acara penandatanganan di kantor koperasi.",
        "Kompas.com melaporkan kenaikan harga beras di pasar induk.",
        "Dok, kalau tambal gigi bisa pakai kartu koperasi?",
    ],
)
def test_caption_look_alikes_are_kept(sentence: str) -> None:
    assert clean_text(f"{BODY1}\n\n{sentence}\n\n{BODY2}") == f"{BODY1}\n\n{sentence}\n\n{BODY2}"


PROMOTION = (
    "Simak breaking news dan berita pilihan kami langsung di ponselmu. Pilih saluran andalanmu"
    " akses berita Warta.com WhatsApp Channel : https://www.whatsapp.com/channel/0029Contoh."
    " Pastikan kamu sudah install aplikasi WhatsApp ya."
)


def test_promotion_lines_go() -> None:
    assert clean_text(f"{BODY1}\n\n{PROMOTION}\n\n{BODY2}") == f"{BODY1}\n\n{BODY2}"
    # The same run into the end of the last paragraph.
    assert clean_text(f"{BODY1}\n\n{BODY2} {PROMOTION}") == f"{BODY1}\n\n{BODY2}"


@pytest.mark.parametrize(
    "teaser",
    [
        "Simak informasinya!",
        "Simak selengkapnya dalam infografis berikut!",
        "Simak rinciannya berikut ini:",
        "Simak berikut ini, dirangkum Warta, Minggu (12/11/2023).",
    ],
)
def test_teasers_go(teaser: str) -> None:
    assert clean_text(f"{BODY1} {teaser} {BODY2}") == f"{BODY1} {BODY2}"


@pytest.mark.parametrize(
    "sentence",
    [
        "Pastikan Anda sudah menginstal aplikasi WhatsApp untuk memakai layanan Pandawa.",
        "Peserta bisa bertanya lewat WhatsApp di nomor 08118165165 setiap hari kerja.",
        "Simak daftar dalam artikel di bawah ini mengenai layanan koperasi yang ditanggung"
        " menurut Peraturan Menteri Nomor 1 Tahun 2014.",
        "Buka situs https://www.contoh.go.id/daftar pada browser Anda.",
        "Informasi juga tersedia di WhatsApp Channel resmi koperasi setiap hari.",
    ],
)
def test_promotion_look_alikes_are_kept(sentence: str) -> None:
    assert clean_text(f"{BODY1}\n\n{sentence}\n\n{BODY2}") == f"{BODY1}\n\n{sentence}\n\n{BODY2}"


def test_a_line_that_is_only_a_url_goes() -> None:
    for line in ("https://www.contoh.co.id/berita/12345", "<https://contoh.id/x>", "www.contoh.id"):
        assert clean_text(f"{BODY1}\n\n{line}\n\n{BODY2}") == f"{BODY1}\n\n{BODY2}"


def test_pagination_goes() -> None:
    text = (
        f"{BODY1}NEXT: Daftar Koperasi Terbesar di DesaHalaman12Selanjutnya\n\n"
        f"{BODY2} Next Page Cara Mendaftar Koperasi"
    )
    assert clean_text(text) == f"{BODY1}\n\n{BODY2}"


def test_markdown_is_unwrapped() -> None:
    text = (
        "Informasi itu dibagikan akun [ini](https://www.facebook.com/x?a=1&b=2) dan"
        " [itu](https://x.com/y).\n\n"
        "Daftar melalui <https://contoh.go.id/daftar>.\n\n"
        "Syarat pendaftaran:\n\n1\\. Warga negara Indonesia\\\nPENDAFTARAN DIBUKA\n\n"
        "Dokumen:\n- Kartu Keluarga\n- surat keterangan sehat\n• Pasfoto terbaru"
    )
    assert clean_text(text) == (
        "Informasi itu dibagikan akun ini dan itu.\n\n"
        "Daftar melalui https://contoh.go.id/daftar.\n\n"
        "Syarat pendaftaran:\n\n1. Warga negara Indonesia\n\nPENDAFTARAN DIBUKA\n\n"
        "Dokumen:\n\nKartu Keluarga\n\nsurat keterangan sehat\n\nPasfoto terbaru"
    )


def test_broken_encodings_of_quotes_and_dashes_are_repaired() -> None:
    text = (
        "KOMPAS.com \x93 Harga naik.\n\n"
        "Masukkan teks, contoh \x9ctest \x9d atau \x9chalo \x9d\n\n"
        "\x9cApakah bisa? \x9d tanya dia.\n\n"
        "Ia berkata, \xe2\x80\x9cKami siap,\xe2\x80\x9d lalu pergi \xf0\x9f\x98\x82."
    )
    assert clean_text(text) == (
        "Harga naik.\n\n"
        "Masukkan teks, contoh “test” atau “halo”\n\n"
        "“Apakah bisa?” tanya dia.\n\n"
        "Ia berkata, “Kami siap,” lalu pergi 😂."
    )
    assert not any("\x80" <= char <= "\x9f" for char in clean_text("Harga\x81 naik\x8f."))


def test_a_scraped_article_comes_out_as_clean_sentences() -> None:
    text = (
        'Jakarta - Iuran koperasi naik pada 2022."Sekarang kan 2024," kata Budi (KB).'
        '"Nanti ditunggu saja," ujarnya. Syarat yang dilampirkan:Kartu Keluarga (KK)Nomor Induk'
        " Kependudukan (NIK). Rinciannya: 1. Jaminan Hari Tua 3,7 persen.2. Jaminan Pensiun 2"
        " persen.3. Jaminan Kesehatan 4 persen. Foto: Dok Humas Rapat koperasi Foto: Dok"
        " HumasRapat koperasi Baca juga: Menkop Teten Dorong Digitalisasi UMKM Hal ini perlu"
        " agar koperasi tumbuh."
        f"\n\n{PROMOTION}"
    )
    assert sentences(text) == [
        "Iuran koperasi naik pada 2022.",
        '"Sekarang kan 2024," kata Budi (KB).',
        '"Nanti ditunggu saja," ujarnya.',
        "Syarat yang dilampirkan: Kartu Keluarga (KK) Nomor Induk Kependudukan (NIK).",
        "Rinciannya:",
        "1. Jaminan Hari Tua 3,7 persen.",
        "2. Jaminan Pensiun 2 persen.",
        "3. Jaminan Kesehatan 4 persen.",
        "Hal ini perlu agar koperasi tumbuh.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        'abc."Abc' * 25_000,
        "Foto: " * 35_000,
        " ".join(f"Foto: a{i}" for i in range(20_000)),
        "kataBaca juga:Harga naik " * 8_000,
        "Simak berikut! " * 14_000,
        "NEXT: " * 35_000,
        "[a](https://x.co/" * 12_000,
        "\xe2\x80\x9c" * 60_000,
        " ".join(f"{i % 99 + 1}. Item" for i in range(25_000)),
        "naik kelas 1. Lalu " * 10_000,
    ],
    ids=[
        "glued-quotes",
        "labels",
        "captions",
        "read-also",
        "teasers",
        "next",
        "markdown",
        "mojibake",
        "list",
        "numbers",
    ],
)
def test_large_scraped_input_comes_back(text: str) -> None:
    """200,000 characters of awkward scraped input are cleaned and split without error."""
    cleaned = clean_text(text)
    assert len(cleaned) <= len(text)
    split_sentences(cleaned)
