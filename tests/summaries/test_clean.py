"""Tests for the news boilerplate cleaner."""

from pathlib import Path

import pytest

from summaries.clean import RULES, Action, clean_text, strip_dateline

SEED = (
    Path(__file__).parents[2] / "seeds" / "articles" / "merdeka-kemenkop-bpjs-ketenagakerjaan.txt"
)
TITLE = "Kemenkop Gandeng BPJS Ketenagakerjaan Tingkatkan Perlindungan Bagi Pekerja UMKM"

BODY1 = "Kementerian Koperasi menggandeng BPJS Ketenagakerjaan untuk melindungi pekerja."
BODY2 = "Baru ada 8,1 persen atau 9.982 koperasi yang mendaftar."

# One example per rule: the line (or line start) the rule exists for.
EXAMPLES: dict[str, str] = {
    "portrait-mode": "Better experience in portrait mode.",
    "swipe-ad": "Iklan - Geser ke atas untuk melanjutkan",
    "ad-label": "ADVERTISEMENT",
    "scroll-to-continue": "SCROLL TO CONTINUE WITH CONTENT",
    "inline-advertisement": "ADVERTISEMENT SCROLL TO CONTINUE WITH CONTENT",
    "people-also-ask": "Orang lain juga bertanya?",
    "gambas-embed": "[Gambas:Video CNN]",
    "copyright-notice": "COPYRIGHT © ANTARA 2024",
    "copyright-sign": f"{TITLE} BPJS Ketenagakerjaan. ©bpjsketenagakerjaan.co.id",
    "photo-label": "Foto: ANTARA/Hafidz Mubarak",
    "photo-caption": "Menteri Teten dalam konferensi pers. (Foto: Dok. Kemenkop UKM)",
    "photo-caption-repeated": "Foto: Dok Humas Rapat koperasi Foto: Dok HumasRapat koperasi",
    "photo-label-inline": "Foto: Arsip Pemkot Bogor.",
    "infographic-photo": "Foto: Infografis/Iuran Koperasi/Budi Santoso INFOGRAFIS, Iuran Koperasi"
    " 2024 Kelas 1 Rp 150.000 Kelas 2 Rp 100.000",
    "infographic-label": "Infografik: Cara Mendaftar Koperasi Secara Online",
    "photo-credit-domain": "KOMPAS.com/Budi Santoso",
    "photo-credit-dok": "Dok. Humas Kemenkop UKM",
    "illustration-caption": "Ilustrasi BPJS Ketenagakerjaan. ANTARA/Aditya Pradana Putra",
    "read-also-label": "BACA JUGA:",
    "read-also": "Baca Juga : Menkop Teten Dorong Digitalisasi UMKM",
    "read-also-tail": "Harga naik. Baca juga: Menkop Teten Dorong Digitalisasi UMKM",
    "read-also-inline": "Baca juga: Menkop Teten Dorong Digitalisasi UMKM",
    "see-also": "Lihat Juga: Video Kerja Sama BPJS",
    "share": "Share this article",
    "google-news-follow": "Ikuti kami di Google News",
    "google-news-read": "Simak berita dan artikel lainnya di Google News",
    "daily-update": "Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com.",
    "click-here": "Klik di sini untuk berlangganan.",
    "promo-breaking-news": "Simak breaking news dan berita pilihan kami langsung di ponselmu.",
    "promo-whatsapp-channel": "Pilih saluran andalanmu akses berita Warta.com WhatsApp Channel :"
    " https://www.whatsapp.com/channel/0029Contoh.",
    "promo-install-app": "Pastikan kamu sudah install aplikasi WhatsApp ya.",
    "teaser": "Simak informasinya!",
    "url-only": "https://www.contoh.co.id/berita/12345/koperasi-naik",
    "whatsapp-channel": "Gabung channel WhatsApp kami untuk berita terbaru",
    "credit": "Editor: Budi Santoso",
    "next-page-inline": "NEXT: Daftar Koperasi Terbesar Halaman12Selanjutnya",
    "pagination-inline": "Halaman12Tampilkan Semua",
    "next-page": "Halaman selanjutnya",
    "pagination": "Halaman: 1 2 3",
    "reporter-code": "(mdk/idr)",
    "reporter-code-suffix": '"Kami siap," tutupnya. (ant)',
    "reporter-code-bracket": "[noe]",
    "read-also-placeholder": "Baca_Juga",
    "reporter-code-bracket-suffix": "Pertandingan berakhir imbang. [ian]",
    "editor-code": "Harga cabai turun di Pasar Induk. (T.H-ZG / S023)",
    "source-credit": "Pemerintah akan menambah kuota tahun depan. (Antara)",
    "next-article": "Geser ke atas Berita Selanjutnya",
    "read-more": "Baca Selengkapnya",
    "related": "Artikel Terkait",
    "watch-video-tail": "Harga naik.Simak juga Video 'Menkop Teten Tinjau UMKM': (mdk/idr)",
    "watch-video": 'Simak Video "Menkop Teten Tinjau UMKM"',
    "watch-also": "Tonton juga: Video BPJS",
    "tags": "Tags: BPJS, Koperasi, UMKM",
    "dateline-domain": "Merdeka.com - ",
    "dateline-domain-city": "Liputan6.com, Jakarta ",
    "dateline-agency": "Jakarta (ANTARA) - ",
    "dateline-city-outlet": "Jakarta, CNN Indonesia -- ",
    "dateline-detik": "detikFinance - ",
    "dateline-city": "BANDUNG - ",
}

RULES_BY_NAME = {rule.name: rule for rule in RULES}


def test_every_rule_has_an_example() -> None:
    assert len(RULES_BY_NAME) == len(RULES), "rule names must be unique"
    assert set(EXAMPLES) == set(RULES_BY_NAME)


@pytest.mark.parametrize("name", [rule.name for rule in RULES])
def test_rule(name: str) -> None:
    rule = RULES_BY_NAME[name]
    example = EXAMPLES[name]
    assert rule.match(example), f"{name} does not match its example"
    if rule.action is Action.DROP_LINE:
        text = f"{BODY1}\n\n{example}\n\n{BODY2}"
        assert clean_text(text) == f"{BODY1}\n\n{BODY2}"
    elif rule.action is Action.DROP_LINE_AND_NEXT:
        text = f"{BODY1}\n{example}\nMenkop Teten Dorong Digitalisasi UMKM\n{BODY2}"
        assert clean_text(text) == f"{BODY1}\n\n{BODY2}"
    elif rule.action is Action.END_BODY:
        text = f"{BODY1}\n\n{example}\n\n{BODY2}\n\nJudul Berita Lain"
        assert clean_text(text) == BODY1
    elif rule.action is Action.END_BODY_AFTER:
        text = f"{BODY1}\n\n{example}\n\n{BODY2}"
        head = example[: rule.match(example).start()].rstrip()
        assert clean_text(text) == f"{BODY1}\n\n{head}"
    elif rule.action in (Action.STRIP_INLINE, Action.STRIP_REPEATED):
        text = f"Harga naik. {example} Warga mengeluh.\n\n{BODY2}"
        assert clean_text(text) == f"Harga naik. Warga mengeluh.\n\n{BODY2}"
    elif rule.action is Action.STRIP_TAIL:
        text = f"{BODY1}\n\n{example}\n\n{BODY2}"
        head = example[: rule.match(example).start()].rstrip()
        assert clean_text(text) == f"{BODY1}\n\n{head}\n\n{BODY2}"
    elif rule.action is Action.STRIP_PREFIX:
        assert clean_text(f"{example}{BODY1}\n\n{BODY2}") == f"{BODY1}\n\n{BODY2}"
        assert strip_dateline(f"{example}{BODY1}") == BODY1
    else:  # pragma: no cover - a new action needs a test branch
        pytest.fail(f"no test for action {rule.action}")


@pytest.mark.parametrize(
    "dateline",
    [
        "Merdeka.com - ",
        "Jakarta, CNN Indonesia -- ",
        "Jakarta (ANTARA) - ",
        "Jakarta (ANTARA News) - ",
        "JAKARTA, KOMPAS.com - ",
        "Liputan6.com, Jakarta - ",
        "TEMPO.CO, Jakarta - ",
        "Jakarta, CNBC Indonesia - ",
        "Bisnis.com, JAKARTA — ",
        "SURABAYA, suaramerdeka.com - ",
        "REPUBLIKA.CO.ID, JAKARTA -- ",
        "Suara.com - ",
        "Okezone.com - ",
        "detikFinance - ",
        "Jakarta - ",
        "BANDUNG - ",
        "Denpasar (ANTARA) -",
        "Mataram, NTB (ANTARA News) - ",
        "Bandarlampung, Lampung (ANTARA News) - ",
        "JAKARTA (Pos Kota) – ",
        "JAKARTA- ",
    ],
)
def test_datelines(dateline: str) -> None:
    assert strip_dateline(f"{dateline}{BODY1}") == BODY1
    assert clean_text(f"{dateline}{BODY1}\n\n{BODY2}") == f"{BODY1}\n\n{BODY2}"


def test_dateline_only_at_start_of_body() -> None:
    text = f"{BODY1}\n\nJakarta - Pemerintah menaikkan harga.\n\nMerdeka.com - Budi pergi."
    assert clean_text(text) == text


def test_strip_dateline_leaves_plain_sentences() -> None:
    for sentence in (BODY1, "Kementerian Koperasi dan UKM - yang dipimpin Teten - hadir.", ""):
        assert strip_dateline(sentence) == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Bangunan-bangunan tua di Mosul rentan ambruk.",
        "Masing-masing warga menerima bantuan Rp600 ribu.",
        "Paris Saint-Germain dikabarkan sanggup membayar.",
        "Timnas U-16 kalah dari Malaysia.",
        "Karl-Heinz Rummenigge mengonfirmasi kabar itu.",
        "Bosnia-Herzegovina naik ke peringkat dua.",
    ],
)
def test_hyphenated_words_are_not_datelines(sentence: str) -> None:
    assert strip_dateline(sentence) == sentence
    assert clean_text(f"{sentence}\n\n{BODY2}") == f"{sentence}\n\n{BODY2}"


@pytest.mark.parametrize(
    "line",
    [
        "SIMAK JUGA: Antoine Griezmann Tidak Alami Patah Kaki",
        "SIMAK JUGA- Andre Silva Menangkan Portugal",
        "[Baca Juga: Dear David: Sebuah Surat untuk David Moyes di Masa Lalu]",
        "Baca pula: Harga Beras Naik Lagi",
    ],
)
def test_read_also_variants_are_dropped(line: str) -> None:
    assert clean_text(f"{BODY1}\n\n{line}\n\n{BODY2}") == f"{BODY1}\n\n{BODY2}"


def test_a_paragraph_broken_mid_sentence_is_rejoined() -> None:
    text = (
        "Kunjungan itu beragendakan\n\nmembahas isu perdagangan.\n\nKurang Motivasi\n\nDia pergi."
    )
    assert clean_text(text) == (
        "Kunjungan itu beragendakan membahas isu perdagangan.\n\nKurang Motivasi\n\nDia pergi."
    )


def test_list_items_are_not_joined() -> None:
    text = "Isinya sebagai berikut:\n\na. Takbir di masjid\n\nb. Tidak takbir keliling"
    assert clean_text(text) == text


def test_liputan6_dateline_without_dash_keeps_the_sentence() -> None:
    text = "Liputan6.com, menemui duo produser film ini di Senayan."
    assert strip_dateline(text) == text
    assert clean_text(text) == text


def test_a_paragraph_that_is_only_a_dateline_is_dropped() -> None:
    text = f"ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) --\n\n{BODY1}\n\n{BODY2}"
    assert clean_text(text) == f"{BODY1}\n\n{BODY2}"


def test_seed_article() -> None:
    raw = SEED.read_text(encoding="utf-8")
    for cleaned in (clean_text(raw), clean_text(raw, title=TITLE)):
        assert cleaned.startswith("Kementerian Koperasi dan UKM menggandeng")
        assert "9.982 koperasi" in cleaned
        assert cleaned.endswith("tutupnya.")
        for boilerplate in (
            "portrait mode",
            "Geser ke atas",
            "Iklan",
            "Orang lain juga bertanya",
            "©",
            "(mdk/idr)",
            "Berita Selanjutnya",
            "Baca Selengkapnya",
            "Perkuat Ekosistem Wirausaha",
            "FYP",
            "Merdeka.com",
            TITLE,
        ):
            assert boilerplate not in cleaned, boilerplate
        assert "\n\n\n" not in cleaned
        assert "Beri Perhatian Serius" in cleaned


def test_title_lines_dropped_only_at_top() -> None:
    text = f"{TITLE}\n{TITLE}.\n\n{BODY1}\n\n{TITLE}"
    assert clean_text(text, title=TITLE) == f"{BODY1}\n\n{TITLE}"
    assert clean_text(text).startswith(TITLE)


@pytest.mark.parametrize(
    "sentence",
    [
        "Warga diminta membaca juga aturan baru itu, baca juga petunjuk di situs resmi.",
        "Menurut editor: naskah itu sudah diperiksa sejak pekan lalu oleh tim redaksi.",
        "Perusahaan itu mengiklankan produknya, kata Budi, Advertisement Manager di sana.",
        "Pemerintah meminta warga ikuti kabar resmi, bukan hoaks di Google News dan media sosial.",
        "Ilustrasi kenaikan harga itu dipaparkan Menteri Keuangan di depan DPR pada Senin.",
        "Dia menyebut berita terkait kenaikan iuran tidak benar.",
        "Sumber: data Badan Pusat Statistik menunjukkan inflasi tahunan mencapai 2,5 persen, "
        "tertinggi sejak awal tahun dan di atas perkiraan para ekonom yang disurvei sebelumnya.",
        "Baca juga: " + "laporan lengkap yang panjang sekali " * 10,
        "Hak cipta © tetap dipegang penulis, kata hakim dalam putusan yang dibacakan Senin "
        "sore di Pengadilan Negeri Jakarta Pusat setelah sidang panjang selama berbulan-bulan "
        "yang menghadirkan puluhan saksi dari kedua belah pihak yang bersengketa sejak tahun "
        "2019 lalu di Jakarta.",
        "Simak: harga beras naik (ant) di pasar tradisional pekan ini.",
    ],
)
def test_body_sentences_are_kept(sentence: str) -> None:
    expected = " ".join(sentence.split())
    assert clean_text(f"{BODY1}\n\n{sentence}\n\n{BODY2}") == f"{BODY1}\n\n{expected}\n\n{BODY2}"


def test_end_marker_before_body_does_not_cut() -> None:
    text = f"Berita Terkait\n\n{BODY1}\n\n{BODY2}"
    assert clean_text(text) == f"{BODY1}\n\n{BODY2}"


def test_normalisation() -> None:
    text = (
        "<p>Harga&nbsp;naik &amp; <b>turun</b>.</p>\n\n\n"
        "Cafe\u0301   di\u200b\tsana.\r\n\r\n  \n"
        "Teks ini dipotong\npada baris kedua."
    )
    assert clean_text(text) == (
        "Harga naik & turun .\n\nCafé di sana.\n\nTeks ini dipotong pada baris kedua."
    )


def test_single_newlines_keep_paragraphs() -> None:
    assert clean_text(f"{BODY1}\n{BODY2}") == f"{BODY1}\n\n{BODY2}"


def test_empty() -> None:
    assert clean_text("") == ""
    assert clean_text("\n \n") == ""


@pytest.mark.parametrize(
    "text",
    [
        "\n\n".join([clean_text(SEED.read_text(encoding="utf-8"))] * 80)[:200_000],
        "a" * 200_000,
        "(" * 200_000,
        "<a " * 70_000,
        "© " * 100_000,
        "Jakarta " * 25_000,
        "Baca juga:\n" * 20_000,
        ("x" * 199 + "\n") * 1000,
    ],
    ids=["prose", "letters", "parens", "tags", "copyright", "cities", "labels", "lines"],
)
def test_large_input_comes_back_clean(text: str) -> None:
    """200,000 characters of awkward input are cleaned without error (speed: bench/)."""
    cleaned = clean_text(text)
    assert "Baca juga" not in cleaned
    assert len(cleaned) <= len(text)


@pytest.mark.parametrize(
    "line",
    [
        "Dana itu disalurkan lewat Bank Rakyat Indonesia (BRI/BBRI).",
        "Pemerintah Provinsi (Pemprov) DKI menyiapkan anggaran.",
        "Kantor Berita Antara melaporkan kenaikan harga.",
    ],
)
def test_parentheses_inside_the_body_are_kept(line: str) -> None:
    text = f"{BODY1}\n\n{line}\n\n{BODY2}"
    assert clean_text(text) == text
