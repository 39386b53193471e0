"""Texts no database can keep (a NUL byte, a lone surrogate) are refused the same way by both
backends: UnstorableText, a StoreError, never PostgreSQL's DataError; nothing is written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import NewAnswerRecord
from bot.core.unstorable import is_unstorable
from bot.storage import Store, StoreError
from bot.storage.errors import UnstorableText

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
CHAT = 4242


@pytest.mark.parametrize(
    ("text", "unstorable"),
    [
        ("iuran bpjs", False),
        ("😀 iuran bpjs naik?", False),
        ("bpjs\x00", True),
        ("\x00", True),
        ("iuran \ud83d bpjs", True),  # half of an emoji
        ("", False),
    ],
)
def test_nul_bytes_and_lone_surrogates_are_unstorable(text: str, unstorable: bool) -> None:
    assert is_unstorable(text) is unstorable


def answer(
    question: str = "iuran bpjs naik berapa?", sentence: str = "Iuran naik."
) -> NewAnswerRecord:
    return NewAnswerRecord(
        chat_id=CHAT,
        question=question,
        sentences=(sentence,),
        article_ids=(1,),
        article_urls=("https://berita.example/1",),
        asked_at=NOW,
    )


@pytest.mark.parametrize("bad", ["bpjs\x00", "bpjs \ud800"])
def test_reader_texts_with_unstorable_characters_are_refused_and_nothing_is_written(
    store: Store, bad: str
) -> None:
    store.upsert_chat(CHAT)
    with pytest.raises(UnstorableText, match="NUL byte or a lone surrogate") as refused:
        store.add_subscription(CHAT, "keyword", bad)
    assert isinstance(refused.value, StoreError)
    with pytest.raises(UnstorableText):
        store.save_last_question(CHAT, f"iuran {bad} naik?", at=NOW)
    with pytest.raises(UnstorableText):
        store.save_answer(answer(question=bad))
    with pytest.raises(UnstorableText):
        store.save_answer(answer(sentence=bad))
    assert store.subscriptions(CHAT) == []
    assert store.last_question(CHAT) is None
    assert store.answer_records() == []
    # The store goes on as before.
    assert store.add_subscription(CHAT, "keyword", "bpjs")
    store.save_last_question(CHAT, "iuran bpjs naik?", at=NOW)
    assert store.last_question(CHAT) is not None
