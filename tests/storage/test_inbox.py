"""The inbox: every update stored once, claimed in order per chat, never by two holders."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.models import IncomingUpdate
from bot.storage import Store
from tests.support.clock import SettableClock

START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
LEASE = timedelta(seconds=15)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START)


@pytest.fixture
def st(store_factory: Callable[..., Store], clock: SettableClock) -> Store:
    return store_factory(clock=clock)


def update(update_id: int, chat_id: int | None, text: str = "halo") -> IncomingUpdate:
    payload = {"update_id": update_id, "message": {"text": text, "chat": {"id": chat_id}}}
    return IncomingUpdate(update_id, chat_id, json.dumps(payload))


def test_an_update_delivered_twice_is_stored_once(st: Store) -> None:
    assert st.store_updates([update(1, 10), update(2, 11)]) == 2
    assert st.store_updates([update(2, 11), update(3, 12)]) == 1
    assert st.inbox_backlog()[0] == 3
    st.finish_updates([1, 2, 3])
    assert st.store_updates([update(3, 12)]) == 0  # handled, and still recognised
    assert st.claim_updates("a", limit=10, lease=LEASE) == []


def test_the_payload_comes_back_as_it_was_stored(st: Store) -> None:
    odd = update(5, 10, 'kutip "bpjs" OR -pajak \u0000 \ud83d 😀')
    st.store_updates([odd])
    (item,) = st.claim_updates("a", limit=10, lease=LEASE)
    assert item.payload == odd.payload
    assert json.loads(item.payload)["message"]["text"].startswith("kutip")
    assert item.attempts == 1


def test_one_chats_updates_are_claimed_one_at_a_time_in_order(st: Store) -> None:
    st.store_updates([update(1, 10), update(2, 10), update(3, 11), update(4, None)])
    first = st.claim_updates("a", limit=10, lease=LEASE)
    assert [i.update_id for i in first] == [1, 3, 4]  # chat 10's second waits for its first
    assert st.claim_updates("b", limit=10, lease=LEASE) == []
    st.finish_updates([1])
    assert [i.update_id for i in st.claim_updates("b", limit=10, lease=LEASE)] == [2]


def test_a_claim_of_a_dead_holder_is_taken_over_when_it_expires(
    st: Store, clock: SettableClock
) -> None:
    st.store_updates([update(1, 10), update(2, 10)])
    assert [i.update_id for i in st.claim_updates("dead", limit=10, lease=LEASE)] == [1]
    clock.now += LEASE / 2
    assert st.claim_updates("live", limit=10, lease=LEASE) == []
    clock.now += LEASE
    (again,) = st.claim_updates("live", limit=10, lease=LEASE)
    assert (again.update_id, again.attempts) == (1, 2)


def test_extended_claims_are_kept(st: Store, clock: SettableClock) -> None:
    st.store_updates([update(1, 10)])
    st.claim_updates("a", limit=10, lease=LEASE)
    clock.now += LEASE * 0.9
    assert st.extend_claims("a", lease=LEASE) == 1
    clock.now += LEASE * 0.9
    assert st.claim_updates("b", limit=10, lease=LEASE) == []


def test_released_updates_come_back_at_once_or_later(st: Store, clock: SettableClock) -> None:
    st.store_updates([update(1, 10), update(2, 11), update(3, 11)])
    st.claim_updates("a", limit=10, lease=LEASE)
    st.release_update(1, retry_at=clock.now + timedelta(seconds=5))
    assert st.release_claims("a") == 1  # update 2; 1 was already given back
    assert [i.update_id for i in st.claim_updates("b", limit=10, lease=LEASE)] == [2]
    clock.now += timedelta(seconds=6)
    assert [i.update_id for i in st.claim_updates("b", limit=10, lease=LEASE)] == [1]


def test_handled_updates_are_purged_after_a_while(st: Store, clock: SettableClock) -> None:
    st.store_updates([update(1, 10), update(2, 11)])
    st.claim_updates("a", limit=10, lease=LEASE)
    st.finish_updates([1])
    clock.now += timedelta(days=2)
    assert st.purge_inbox(before=clock.now - timedelta(days=1)) == 1
    count, oldest = st.inbox_backlog()
    assert count == 1 and oldest == START


def test_concurrent_claims_never_share_an_update(store_factory: Callable[..., Store]) -> None:
    st = store_factory()
    st.store_updates([update(n, 1000 + n % 50) for n in range(1, 401)])
    claimed: dict[str, list[int]] = {}

    def claim(holder: str) -> None:
        got: list[int] = []
        while True:
            items = st.claim_updates(holder, limit=7, lease=timedelta(minutes=5))
            if not items:
                if st.inbox_backlog()[0] == 0:
                    break
                continue
            got += [i.update_id for i in items]
            st.finish_updates([i.update_id for i in items])
        claimed[holder] = got

    threads = [threading.Thread(target=claim, args=(f"h{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    everything = sorted(u for got in claimed.values() for u in got)
    assert everything == list(range(1, 401))
