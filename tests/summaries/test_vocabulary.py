"""Concepts: the words readers use and the words the news uses for the same thing."""

from __future__ import annotations

from summaries.normalize import normalize
from summaries.tokenize import split_words
from summaries.vocabulary import concepts_of, learn_expansions, terms_of


def _concepts(question: str) -> dict[str, object]:
    words = split_words(normalize(question))
    return {c.typed: c for c in concepts_of(words, words)}


def test_a_short_form_is_held_by_its_long_form() -> None:
    jht = _concepts("cara cairin jht")["jht"]
    assert jht.held_by(terms_of(split_words("Pencairan Jaminan Hari Tua kini lebih mudah.")))
    assert jht.held_by(terms_of(split_words("Saldo JHT bisa dicek.")))
    assert not jht.held_by(terms_of(split_words("Jaminan pensiun dibayar bulanan.")))


def test_phrases_are_one_concept() -> None:
    found = _concepts("bpjs kes nanggung cuci darah gak")
    assert "bpjs kes" in found and "cuci darah" in found
    assert "kes" not in found and "darah" not in found
    assert found["cuci darah"].held_by(terms_of(split_words("biaya hemodialisis ditanggung")))


def test_reader_words_the_list_knows() -> None:
    found = _concepts("kemo ditanggung bpjs kesehatan")
    assert found["kemo"].held_by(terms_of(split_words("Kemoterapi dijamin program JKN.")))
    assert found["ditanggung"].held_by(terms_of(split_words("biayanya dijamin BPJS")))


def test_hyphenated_words_count_their_parts() -> None:
    assert {"covid", "19"} <= terms_of(["Covid-19"])


def test_a_short_form_is_learned_from_the_archive() -> None:
    texts = ["Program Jaminan Kehilangan Pekerjaan (JKP) diluncurkan pemerintah."]
    learned = learn_expansions(texts, ["jkp", "xyz"])
    assert learned["jkp"] == terms_of(["jaminan", "kehilangan", "pekerjaan"])
    assert "xyz" not in learned
