"""What answering questions keeps, on every backend: each chat's last question (follow-ups)
and the answers sent, with the readers' 👍 / 👎."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from bot.core.models import NewAnswerRecord
from bot.storage import Store, StoreError

if TYPE_CHECKING:
    from tests.conftest import StoreFactory

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
WIB = ZoneInfo("Asia/Jakarta")  # times in any zone are stored as UTC


@pytest.fixture
def store(store_factory: StoreFactory) -> Store:
    return store_factory(clock=lambda: NOW)


def record(chat_id: int = 11, n: int = 1, **changes: object) -> NewAnswerRecord:
    values: dict[str, object] = {
        "chat_id": chat_id,
        "question": f"berapa iuran bpjs kelas {n}?",
        "sentences": (f"Iuran kelas {n} naik menjadi Rp42.000.", "Kenaikan berlaku Januari."),
        "article_ids": (7, 9),
        "article_urls": ("https://contoh.id/7", "https://contoh.id/9"),
        "asked_at": NOW,
    }
    values.update(changes)
    return NewAnswerRecord(**values)  # type: ignore[arg-type]


# -- last questions ----------------------------------------------------------------------------


def test_the_last_question_is_one_row_per_chat_replaced_by_a_newer_one(store: Store) -> None:
    assert store.last_question(11) is None
    store.save_last_question(11, "  berapa   iuran bpjs kelas 3? ", at=NOW)
    kept = store.last_question(11)
    assert kept is not None
    assert (kept.chat_id, kept.question, kept.asked_at) == (11, "berapa iuran bpjs kelas 3?", NOW)
    store.save_last_question(11, "kalau kelas 2?", at=NOW + timedelta(minutes=2))
    store.save_last_question(12, "kapan mulai?", at=NOW)
    assert store.last_question(11).question == "kalau kelas 2?"  # type: ignore[union-attr]
    assert store.last_question(12).question == "kapan mulai?"  # type: ignore[union-attr]
    assert store.count_rows("last_questions") == 2


def test_an_older_question_never_replaces_a_newer_one(store: Store) -> None:
    """Two bot processes answering one reader: the one that finishes last may have read the
    earlier message."""
    store.save_last_question(11, "yang baru", at=NOW)
    store.save_last_question(11, "yang lama", at=NOW - timedelta(seconds=5))
    assert store.last_question(11).question == "yang baru"  # type: ignore[union-attr]


def test_times_in_any_zone_are_kept_as_utc_and_naive_ones_refused(store: Store) -> None:
    jakarta = NOW.astimezone(WIB)
    store.save_last_question(11, "pertanyaan", at=jakarta)
    assert store.last_question(11).asked_at == NOW  # type: ignore[union-attr]
    assert store.last_question(11).asked_at.utcoffset() == timedelta(0)  # type: ignore[union-attr]
    with pytest.raises(StoreError, match="no time zone"):
        store.save_last_question(11, "pertanyaan", at=datetime(2026, 11, 25, 8))


def test_questions_older_than_a_week_are_forgotten_when_another_is_kept(store: Store) -> None:
    store.save_last_question(1, "lama sekali", at=NOW - timedelta(days=8))
    store.save_last_question(2, "enam hari lalu", at=NOW - timedelta(days=6))
    store.save_last_question(3, "baru", at=NOW)
    assert store.last_question(1) is None
    assert store.last_question(2) is not None and store.last_question(3) is not None


@pytest.mark.parametrize("bad", ["", "   ", None, 42])
def test_an_empty_question_is_refused(store: Store, bad: object) -> None:
    with pytest.raises(StoreError, match="question"):
        store.save_last_question(11, bad, at=NOW)  # type: ignore[arg-type]
    assert store.last_question(11) is None


def test_a_very_long_question_is_kept_cut(store: Store) -> None:
    store.save_last_question(11, "koperasi " * 500, at=NOW)
    kept = store.last_question(11)
    assert kept is not None and len(kept.question) == 1000


# -- answers and votes -------------------------------------------------------------------------


def test_an_answer_is_kept_whole(store: Store) -> None:
    first = store.save_answer(record(n=3, asked_at=NOW.astimezone(WIB)))
    second = store.save_answer(record(n=2))
    assert second > first > 0
    kept = store.get_answer(first)
    assert kept is not None
    assert (kept.id, kept.chat_id, kept.question) == (first, 11, "berapa iuran bpjs kelas 3?")
    assert kept.sentences == ("Iuran kelas 3 naik menjadi Rp42.000.", "Kenaikan berlaku Januari.")
    assert kept.article_ids == (7, 9)
    assert kept.article_urls == ("https://contoh.id/7", "https://contoh.id/9")
    assert kept.asked_at == NOW and (kept.vote, kept.voted_at) == (None, None)
    assert store.get_answer(second + 100) is None


def test_a_vote_is_stored_and_a_later_one_replaces_it(store: Store) -> None:
    answer = store.save_answer(record())
    up = store.vote_answer(11, answer, "up", at=NOW + timedelta(minutes=1))
    assert up is not None and (up.vote, up.voted_at) == ("up", NOW + timedelta(minutes=1))
    down = store.vote_answer(11, answer, "down", at=NOW + timedelta(minutes=3))
    assert down is not None and (down.vote, down.voted_at) == ("down", NOW + timedelta(minutes=3))
    assert store.get_answer(answer) == down


def test_only_the_chat_that_got_the_answer_can_vote_on_it(store: Store) -> None:
    answer = store.save_answer(record(chat_id=11))
    assert store.vote_answer(12, answer, "down", at=NOW) is None
    assert store.get_answer(answer).vote is None  # type: ignore[union-attr]


@pytest.mark.parametrize("answer_id", [0, -1, 404, 2**63 - 1, 2**63, 10**30])
def test_a_vote_for_an_unknown_answer_writes_nothing(store: Store, answer_id: int) -> None:
    store.save_answer(record())
    assert store.vote_answer(11, answer_id, "up", at=NOW) is None
    assert store.get_answer(answer_id) is None
    assert [r.vote for r in store.answer_records()] == [None]


@pytest.mark.parametrize("vote", ["", "UP", "yes", None, 1])
def test_a_bad_vote_is_refused(store: Store, vote: object) -> None:
    answer = store.save_answer(record())
    with pytest.raises(StoreError, match="vote"):
        store.vote_answer(11, answer, vote, at=NOW)  # type: ignore[arg-type]
    assert store.get_answer(answer).vote is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"sentences": ()}, "at least one quoted sentence"),
        ({"sentences": ("",)}, "sentence"),
        ({"question": " "}, "question"),
        ({"article_urls": ("https://contoh.id/7",)}, "one URL per quoted article"),
        ({"article_ids": ("7", 9)}, "whole numbers"),
        ({"asked_at": datetime(2026, 11, 25, 8)}, "no time zone"),
    ],
)
def test_bad_answer_records_are_refused(
    store: Store, changes: dict[str, object], match: str
) -> None:
    with pytest.raises(StoreError, match=match):
        store.save_answer(record(**changes))
    assert store.answer_records() == []


def test_answer_records_come_in_id_order_a_page_at_a_time(store: Store) -> None:
    ids = [store.save_answer(record(chat_id=10 + n % 2, n=n)) for n in range(5)]
    store.vote_answer(11, ids[1], "down", at=NOW)
    assert [r.id for r in store.answer_records()] == ids
    assert [r.id for r in store.answer_records(after=ids[1], limit=2)] == ids[2:4]
    assert store.answer_records(after=ids[-1]) == []
    assert store.answer_records(limit=0) == []
    assert [r.vote for r in store.answer_records(limit=3)] == [None, "down", None]


def test_another_process_sees_the_question_and_the_vote_at_once(
    store: Store, store_factory: StoreFactory
) -> None:
    other = store_factory(clock=lambda: NOW)
    store.save_last_question(11, "berapa iuran?", at=NOW)
    answer = store.save_answer(record())
    assert other.last_question(11).question == "berapa iuran?"  # type: ignore[union-attr]
    assert other.vote_answer(11, answer, "up", at=NOW) is not None
    assert store.get_answer(answer).vote == "up"  # type: ignore[union-attr]
