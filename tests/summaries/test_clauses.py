"""Tests for summaries.clauses: long sentences cut at a clause boundary."""

from __future__ import annotations

import pytest

from summaries.clauses import MIN_HEAD, boundaries, cut, has_predicate

LONG = (
    "Seorang pria bersenjata api mendatangi restoran pizza di Washington DC, Amerika Serikat, "
    "karena menyakini sebuah berita bohong, alias hoax, terkait calon presiden dari Partai "
    "Demokrat, Hillary Clinton."
)


def test_short_sentence_is_left_whole() -> None:
    text = "Harga Pertalite naik dari Rp7.650 menjadi Rp10.000 per liter."
    assert cut(text, 200) == text


def test_long_sentence_is_cut_at_a_clause_and_ends_a_sentence() -> None:
    short = cut(LONG, 150)
    assert len(short) <= 150
    assert short.endswith(".")
    assert LONG.startswith(short[:-1])
    assert short == (
        "Seorang pria bersenjata api mendatangi restoran pizza di Washington DC, Amerika Serikat."
    )


def test_quote_is_never_cut_inside() -> None:
    text = (
        '"Direktorat Narkoba Polda Lampung telah kembali berhasil mencegah peredaran narkoba, yang '
        "dikirim dari Medan melalui paket dengan tersangka berjumlah empat orang, sehingga kami "
        'terus waspada," kata Kapolda Lampung Irjen Sudjarno.'
    )
    short = cut(text, 120)
    assert short.count('"') % 2 == 0
    quote_end = text.index('," kata')
    assert all(p > quote_end for p in boundaries(text))


def test_number_with_a_decimal_comma_is_not_a_boundary() -> None:
    text = (
        "Realisasi belanja modal mencapai Rp 11,8 triliun atau 6,1 persen dari alokasi APBN 2017 "
        "sehingga pemerintah optimistis penyerapan anggaran tahun ini akan jauh lebih baik lagi."
    )
    short = cut(text, 120)
    assert "Rp 11,8 triliun atau 6,1 persen" in short
    assert short.endswith("dari alokasi APBN 2017.")


def test_list_of_names_is_not_cut_before_its_last_item() -> None:
    text = (
        "Ketiga mahasiswa penemu kolagen halal dari kulit ceker ayam tersebut adalah Edho Okta, "
        "Dwi Hartanti, dan Florida Maharani dari Fakultas Peternakan Universitas Brawijaya Malang."
    )
    for point in boundaries(text):
        assert not text[point:].lstrip(", ").startswith("dan Florida")


def test_fronted_phrase_alone_is_never_the_head() -> None:
    text = (
        "Meski turun dibanding bulan sebelumnya, Suhariyanto mengatakan kunjungan wisatawan "
        "mancanegara selama Juni 2017 naik 31,61 persen dibandingkan dengan bulan yang sama."
    )
    assert text.index(",") not in boundaries(text)


def test_fronted_phrase_may_be_dropped() -> None:
    text = (
        "Menurut data terbaru yang dirilis panitia pada pekan lalu, kompetisi ini diikuti oleh "
        "peserta dari sembilan kabupaten dan kota se-Kalimantan Selatan."
    )
    short = cut(text, 120)
    assert short == (
        "Kompetisi ini diikuti oleh peserta dari sembilan kabupaten dan kota se-Kalimantan Selatan."
    )


def test_short_forms_in_brackets_are_kept() -> None:
    text = (
        "Badan Penyelenggara Jaminan Sosial (BPJS) Ketenagakerjaan menggandeng Kementerian "
        "Koperasi dan UKM untuk memperluas perlindungan pekerja informal, sehingga pelaku usaha "
        "mikro di seluruh daerah bisa ikut menjadi peserta."
    )
    assert "(BPJS) Ketenagakerjaan" in cut(text, 150)


def test_head_never_ends_on_a_word_that_needs_more() -> None:
    text = (
        "General Manager Perum Perumnas Rahmad Budianto menjanjikan revitalisasi Rusun Ilir Barat "
        "tetap berjalan sesuai target yakni sebelum pelaksanaan Asian Games XVIII tahun 2018."
    )
    short = cut(text, 150)
    assert not short.endswith("yakni.")


@pytest.mark.parametrize("limit", [80, 120, 160])
def test_head_is_never_shorter_than_the_minimum(limit: int) -> None:
    short = cut(LONG, limit)
    assert short == LONG or len(short) >= MIN_HEAD


def test_place_inside_a_phrase_is_never_cut_off() -> None:
    text = (
        "Kedutaan Besar Republik Indonesia di Amman mengimbau warga yang berencana berkunjung ke "
        "Palestina untuk sementara waktu menundanya hingga situasi di Palestina kembali normal."
    )
    for limit in (120, 150, 170):
        assert not cut(text, limit).endswith("situasi."), limit


def test_trailing_place_and_date_may_go() -> None:
    text = (
        "Kementerian Pemuda dan Olahraga meminta penjelasan penyelenggara soal kericuhan saat "
        "semifinal polo air putra di Kolam Renang Si Jalak Harupat, Bandung, Senin (19/9)."
    )
    assert cut(text, 150) == (
        "Kementerian Pemuda dan Olahraga meminta penjelasan penyelenggara soal kericuhan saat "
        "semifinal polo air putra."
    )


def test_attribution_detail_goes_and_the_speaker_stays() -> None:
    text = (
        "Tempat penampungan untuk lima ribu ekor ternak sudah disiapkan di tujuh lokasi di "
        "Klungkung dan Karangasem, kata Syamsul melalui keterangan tertulis yang diterima di "
        "Jakarta, Selasa."
    )
    short = cut(text, 150)
    assert short.endswith("kata Syamsul."), short


def test_attribution_detail_needs_a_speaker_before_it() -> None:
    text = (
        "Kepala Kepolisian Resor Bogor Ajun Komisaris Besar Polisi Dicky saat ditemui di Pos "
        "Polisi Gadog mengatakan jalur Puncak ditutup bagi kendaraan roda empat selama dua belas "
        "jam pada malam pergantian tahun."
    )
    assert cut(text, 150) == text


def test_a_dated_aside_may_go_but_not_a_short_form() -> None:
    text = (
        "Petenis muda Kanada Denis Shapovalov membuat kejutan besar dengan menyingkirkan unggulan "
        "pertama Rafael Nadal (Spanyol) pada babak ketiga turnamen Rogers Cup yang berlangsung "
        "Kamis (10/8/2017)."
    )
    short = cut(text, len(text) - 5)
    assert short == text.replace(" (10/8/2017)", "")
    assert "(Spanyol)" in short


def test_a_cut_never_leaves_only_the_speaker_without_the_predicate() -> None:
    """Cutting at "…, saat dihubungi" here would leave a name and a title: no sentence."""
    text = (
        "Kepala Seksi Urusan Umum dan Humas PT Angkasa I Bandara Internasional Lombok (BIL), "
        "Eka Asmadi, saat dihubungi melalui telepon dari Mataram, Kamis, mengatakan "
        "pembatalan seluruh penerbangan itu dilakukan mulai pukul 08.00 Wita."
    )
    short = cut(text, 200)
    assert "mengatakan" in short or short == text
    assert has_predicate("Harga beras naik sejak pekan lalu")
    assert not has_predicate("Kepala Dinas Koperasi dan UKM Jawa Barat, Budi Santoso")


def test_a_cut_before_seperti_dikutip_takes_seperti_with_it() -> None:
    text = (
        '"Saya berharap ketika dirinya sudah kembali dari cedera ia akan melanjutkan '
        'penampilan hebatnya, seperti sudah ditunjukkan sepanjang musim bersama Liverpool," '
        "tutur Klopp, seperti dikutip Liverpool Echo pada akhir pekan lalu di Inggris."
    )
    assert not cut(text, 200).endswith("seperti.")
