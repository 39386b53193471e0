"""The question inside a reader's message, and follow-up questions."""

from __future__ import annotations

import pytest

from summaries.question_core import core_question, is_follow_up, with_previous


@pytest.mark.parametrize(
    ("message", "question"),
    [
        (
            "Selamat sore min, mau tanya dong, iuran kelas 2 sekarang berapa? soalnya saya mau "
            "turun kelas. Makasih",
            "iuran kelas 2 sekarang berapa",
        ),
        ("permisi kak, jht bisa cair kapan ya kak?", "jht bisa cair kapan ya?"),
        ("Assalamualaikum wr wb, min. cara daftar bpjs tk gmn", "cara daftar bpjs tk gmn"),
        ("maaf ganggu min, denda bpjs kes berapa?", "denda bpjs kes berapa?"),
        ("min mau tanya, kemo ditanggung bpjs gak?", "kemo ditanggung bpjs gak?"),
    ],
)
def test_greetings_politeness_and_context_are_set_aside(message: str, question: str) -> None:
    assert core_question(message) == question


@pytest.mark.parametrize(
    "message",
    [
        "pagi ini harga emas berapa",  # "pagi" is part of the question here
        "sore tadi gempa di mana",
        "bu risma ke mana",
        "halo",  # nothing would be left: small talk handles it
        "mau tanya",
    ],
)
def test_a_question_that_only_looks_like_a_greeting_is_kept(message: str) -> None:
    assert core_question(message) == message


def test_the_narrowing_context_stays() -> None:
    message = "selamat siang min, saya peserta mandiri. bisa gak pindah ke pbi?"
    assert core_question(message) == "saya peserta mandiri. bisa gak pindah ke pbi?"


@pytest.mark.parametrize(
    ("follow_up", "merged"),
    [
        ("terus kalau kelas 2?", "iuran kelas 2 bpjs kes brp"),
        ("itu mulai kapan?", "mulai kapan iuran kelas 1 bpjs kes"),
    ],
)
def test_a_follow_up_is_read_with_the_previous_subject(follow_up: str, merged: str) -> None:
    assert is_follow_up(follow_up)
    assert with_previous("iuran kelas 1 bpjs kes brp", follow_up) == merged


def test_a_year_in_a_follow_up_replaces_the_previous_year() -> None:
    assert with_previous("bsu 2022 cair brp", "kalo 2025?") == "bsu 2025 cair brp"


def test_a_whole_question_is_not_a_follow_up() -> None:
    assert not is_follow_up("berapa iuran kelas 1 bpjs kesehatan untuk peserta mandiri")
