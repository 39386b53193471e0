"""Tests for summaries.standalone: bullets that do not lean on the sentence before."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from summaries.standalone import JOIN_LIMIT, find_opener, person_named, repair


@dataclass
class Sentence:
    text: str
    paragraph: int = 0


def _sentences(*texts: str) -> list[Sentence]:
    return [Sentence(t, i) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("sentence", "kind", "words"),
    [
        (
            "Namun, kebijakan rotasi pemain membuat ban kapten kerap berpindah.",
            "connective",
            "Namun",
        ),
        (
            "Meski demikian, Cole menyatakan akan tetap membutuhkan banyak uang.",
            "connective",
            "Meski demikian",
        ),
        (
            "Oleh karena itu ahli kesehatan mengimbau segera mencuci handuk.",
            "connective",
            "Oleh karena itu",
        ),
        (
            "Sementara itu, harga Solar naik menjadi Rp6.800 per liter.",
            "connective",
            "Sementara itu",
        ),
        ("Ia mengaku tak perlu pikir panjang saat ditawari bermain.", "person", "Ia"),
        ("Menurutnya, isu tersebut sesat dan ingin merusak ketertiban.", "person", "Menurutnya"),
        (
            "Hal itu disampaikan Yasonna di sela-sela acara Festival Keimigrasian.",
            "anaphor",
            "Hal itu",
        ),
        ("Mereka meminta Presiden Jokowi tak mengorbankan para petani.", "anaphor", "Mereka"),
        ('"Dia diperiksa sebagai saksi," kata Febri Diansyah.', "person", "Dia"),
    ],
)
def test_openers_are_found(sentence: str, kind: str, words: str) -> None:
    opener = find_opener(sentence)
    assert opener is not None
    assert (opener.kind, opener.words) == (kind, words)


@pytest.mark.parametrize(
    "sentence",
    [
        "Lalu lintas di sekitar Pasar Minggu macet total sejak pagi.",
        "Jadi tersangka, Fredrich Yunadi langsung ditahan penyidik KPK.",
        "Indonesia menjadi satu-satunya perwakilan asing yang menampilkan tarian tradisional.",
        "Selain motif politik, Bonar juga menilai hakim terpengaruh tekanan massa.",
        "Dianggap berhasil, program ini akan dilanjutkan tahun depan.",
    ],
)
def test_ordinary_openings_are_not_openers(sentence: str) -> None:
    assert find_opener(sentence) is None


def test_dropped_connective_leaves_a_capitalized_sentence() -> None:
    fixed = repair(
        _sentences("Bahkan harta Bhumibol disinyalir lebih besar dari Kerajaan Inggris."), 0
    )
    assert fixed.standalone
    assert fixed.text == "Harta Bhumibol disinyalir lebih besar dari Kerajaan Inggris."


def test_pronoun_becomes_the_one_person_named_before() -> None:
    sentences = _sentences(
        "Kapolda Lampung Irjen Sudjarno mengatakan empat tersangka sudah ditahan.",
        "Dia mengatakan, pengungkapan kasus ini berkat laporan dari pegawai paket ekspedisi.",
    )
    fixed = repair(sentences, 1)
    assert fixed.standalone
    assert fixed.text.startswith("Sudjarno mengatakan, pengungkapan kasus ini")


def test_menurutnya_becomes_menurut_and_the_name() -> None:
    sentences = _sentences(
        "Kadiv Humas Mabes Polri Irjen Pol Boy Rafli Amar menyebut ada sembilan terduga teroris.",
        "Menurutnya, mereka adalah kelompok Abu Nusaibah.",
    )
    assert (
        repair(sentences, 1).text == "Menurut Boy Rafli Amar, mereka adalah kelompok Abu Nusaibah."
    )


def test_connective_then_pronoun_are_both_repaired() -> None:
    sentences = _sentences(
        "Juru Bicara KPK Febri Diansyah mengatakan Marianus diperiksa sebagai saksi.",
        "Namun, dia tak tahu pasti penyebab kematian Marliem.",
    )
    assert repair(sentences, 1).text == "Febri Diansyah tak tahu pasti penyebab kematian Marliem."


@pytest.mark.parametrize(
    "before",
    [
        # two people: the pronoun is ambiguous
        "Presiden Joko Widodo bertemu Ketua DPR Setya Novanto di Istana Merdeka.",
        # a body, not a person
        "PT Adira Finance mengatakan laba perusahaan naik tahun ini.",
        # nobody named
        "Hujan deras mengguyur Jakarta sejak Senin pagi.",
    ],
)
def test_pronoun_is_not_guessed(before: str) -> None:
    sentences = _sentences(before, "Ia mengatakan rapat akan dilanjutkan pekan depan.")
    fixed = repair(sentences, 1, join=False)
    assert not fixed.standalone


def test_person_named_strips_titles() -> None:
    assert (
        person_named("Menteri Keuangan Sri Mulyani Indrawati mengatakan defisit tetap aman.")
        == "Sri Mulyani Indrawati"
    )
    assert person_named("Hal itu diumumkan Ponaryo selepas laga pemungkas.") == "Ponaryo"


def test_back_pointing_sentence_is_joined_to_its_antecedent() -> None:
    sentences = _sentences(
        "Perhimpunan Advokat Indonesia menilai Fredrich Yunadi melanggar kode etik.",
        "Hal itu terkait penetapan Fredrich sebagai tersangka.",
    )
    fixed = repair(sentences, 1)
    assert fixed.standalone
    assert (fixed.first, fixed.last) == (0, 1)
    assert fixed.text.startswith("Perhimpunan Advokat Indonesia")
    assert fixed.text.endswith("Hal itu terkait penetapan Fredrich sebagai tersangka.")


def test_join_that_would_be_too_long_is_refused() -> None:
    long_before = "Pemerintah menyiapkan bantuan langsung tunai bagi keluarga penerima manfaat " * 3
    assert len(long_before) > JOIN_LIMIT
    sentences = _sentences(long_before.strip() + ".", "Hal ini untuk menjaga daya beli warga.")
    assert not repair(sentences, 1).standalone


def test_quoted_back_pointing_word_is_not_rewritten() -> None:
    sentences = _sentences(
        "Marianus diperiksa KPK pada Selasa.",
        '"Dia diperiksa sebagai saksi," kata Juru Bicara KPK Febri Diansyah.',
    )
    fixed = repair(sentences, 1, join=False)
    assert not fixed.standalone
    assert fixed.text == sentences[1].text


def test_first_sentence_with_a_pronoun_has_nothing_to_lean_on() -> None:
    assert not repair(_sentences("Ia juga pernah melahap 130 taco dalam 10 menit."), 0).standalone


def test_join_that_is_too_long_is_fitted_by_cutting_a_part() -> None:
    from summaries.clauses import cut

    before = (
        "Swansea City sebenarnya memimpin lebih dahulu lewat gol Wayne Routledge pada menit "
        "kesebelas di Stadion Liberty."
    )
    leaning = (
        "Mereka harus menerima kenyataan dijebol tiga kali dalam enam menit terakhir, sehingga "
        "Swansea tetap tertahan di zona degradasi klasemen sementara Liga Inggris."
    )
    assert len(before) + 1 + len(leaning) > JOIN_LIMIT
    fixed = repair(_sentences(before, leaning), 1, shorten=lambda text, limit: cut(text, limit))
    assert fixed.standalone
    assert (fixed.first, fixed.last) == (0, 1)
    assert len(fixed.text) <= JOIN_LIMIT
    assert fixed.text == (
        f"{before} Mereka harus menerima kenyataan dijebol tiga kali dalam enam menit terakhir."
    )
