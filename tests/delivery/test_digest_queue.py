"""Digests due from the database (what the sweep of the sending process looks at every half
minute), and the sweep itself on each backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.dedupe import minhash_signature, text_hash
from bot.core.models import ChatSettings, NewArticle
from bot.core.topics import load_topics
from bot.delivery.digest_queue import (
    SWEEP_CURSOR,
    digest_due,
    due_digests,
    last_digest_time,
    sweep_digests,
)
from bot.storage import Store
from tests.support.harness import TOPICS_FILE

# 07:00 WIB on 3 March 2025 is 00:00 UTC.
SEVEN_WIB = datetime(2025, 3, 3, 0, 0, tzinfo=UTC)


def article(title: str, *, fetched: datetime) -> NewArticle:
    body = (
        f"{title}. Pemerintah menurunkan tarif pajak penghasilan final bagi pelaku UMKM mulai "
        "tahun depan, kata Menteri Keuangan di Jakarta, agar usaha kecil lebih mudah tumbuh."
    )
    return NewArticle(
        url="https://contoh.id/pajak/1",
        canonical_url="https://contoh.id/pajak/1",
        outlet="Antara",
        title=title,
        text=body,
        bullets=(f"{title}.",),
        topics=("pajak",),
        published_at=fetched,
        fetched_at=fetched,
        text_hash=text_hash(body),
        minhash=minhash_signature(body),
    )


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


def test_due_once_at_the_hour_after_the_last_sweep() -> None:
    before = SEVEN_WIB - timedelta(seconds=10)  # the previous sweep
    assert digest_due(chat(), SEVEN_WIB + timedelta(seconds=20), since=before)
    # The next sweep, half a minute later: the hour was already swept.
    later = SEVEN_WIB + timedelta(seconds=50)
    assert not digest_due(chat(), later, since=SEVEN_WIB + timedelta(seconds=20))


def test_a_sweep_missed_at_the_hour_is_caught_up_within_the_grace() -> None:
    """Down from 06:55 to 07:20: the first sweep back still finds the 07:00 digest due; after
    more than 3 hours it is left for the next day."""
    down = SEVEN_WIB - timedelta(minutes=5)
    assert digest_due(chat(), SEVEN_WIB + timedelta(minutes=20), since=down)
    assert not digest_due(chat(), SEVEN_WIB + timedelta(hours=3, minutes=5), since=down)


def test_an_hour_already_past_waits_for_tomorrow() -> None:
    """A reader who subscribes, or picks 07.00, at 09.00 gets the first digest tomorrow."""
    nine = SEVEN_WIB + timedelta(hours=2)
    assert not digest_due(chat(), nine, since=nine - timedelta(seconds=30))
    tomorrow = SEVEN_WIB + timedelta(days=1)
    assert digest_due(
        chat(), tomorrow + timedelta(seconds=5), since=tomorrow - timedelta(seconds=25)
    )


def test_the_sweep_keeps_its_cursor_in_the_database(store: Store) -> None:
    """Each sweep starts where the previous one ended (in the database), queues a digest
    once, and does nothing when the clock goes back."""
    topics = {t.slug: t for t in load_topics(TOPICS_FILE)}
    store.upsert_chat(1)
    store.add_subscription(1, "topic", "pajak")
    assert store.fanout_cursor(SWEEP_CURSOR) == 0
    six = SEVEN_WIB - timedelta(hours=1)
    assert sweep_digests(store, topics, six) == 0  # no news: nothing queued, and not due
    assert store.fanout_cursor(SWEEP_CURSOR) == int(six.timestamp())
    store.add_article(article("Tarif pajak UMKM turun", fetched=SEVEN_WIB - timedelta(hours=2)))
    at_seven = SEVEN_WIB + timedelta(seconds=15)
    assert sweep_digests(store, topics, at_seven) == 1
    assert store.get_chat(1).last_digest_at == at_seven
    assert sweep_digests(store, topics, at_seven + timedelta(seconds=30)) == 0
    assert sweep_digests(store, topics, six) == 0  # the clock went back
    assert store.fanout_cursor(SWEEP_CURSOR) == int(at_seven.timestamp()) + 30
