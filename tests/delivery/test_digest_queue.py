"""Digests due from the database (what the elected worker looks at every half minute)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.models import ChatSettings
from bot.delivery.digest_queue import digest_due, due_digests, last_digest_time

# 07:00 WIB on 3 March 2025 is 00:00 UTC.
SEVEN_WIB = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)


def chat(chat_id: int = 1, **changes: object) -> ChatSettings:
    return ChatSettings(chat_id=chat_id, digest_hour=7, timezone="Asia/Jakarta", **changes)


def test_due_after_the_hour_until_sent_and_within_the_grace() -> None:
    assert not digest_due(chat(), SEVEN_WIB - timedelta(minutes=1))
    assert digest_due(chat(), SEVEN_WIB + timedelta(minutes=1))
    sent = chat(last_digest_at=SEVEN_WIB + timedelta(minutes=1))
    assert not digest_due(sent, SEVEN_WIB + timedelta(minutes=30))
    assert not digest_due(chat(), SEVEN_WIB + timedelta(hours=4))  # missed by over 3 hours
    yesterday = chat(last_digest_at=SEVEN_WIB - timedelta(days=1))
    assert digest_due(yesterday, SEVEN_WIB + timedelta(minutes=5))


def test_the_hour_is_local() -> None:
    wit = ChatSettings(chat_id=2, digest_hour=7, timezone="Asia/Jayapura")
    assert last_digest_time(wit, SEVEN_WIB + timedelta(hours=1)) == SEVEN_WIB - timedelta(hours=2)


def test_only_active_unpaused_chats_with_subscriptions() -> None:
    chats = [chat(1), chat(2, paused=True), chat(3, active=False), chat(4)]
    assert due_digests(chats, {1, 2, 3}, SEVEN_WIB + timedelta(minutes=1)) == [1]
