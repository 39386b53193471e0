"""What buttons remember (reader state), on every backend: per chat and key, shared by every
process, kept for a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from bot.storage import Store, StoreError

if TYPE_CHECKING:
    from tests.conftest import StoreFactory

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


@pytest.fixture
def store(store_factory: StoreFactory) -> Store:
    return store_factory(clock=lambda: NOW)


def test_a_state_is_kept_per_chat_and_key_and_replaced(store: Store) -> None:
    store.put_reader_state(11, "search:AbC-12_x", '"pupuk"')
    store.put_reader_state(12, "search:AbC-12_x", '"beras"')
    store.put_reader_state(11, "offer:AbC-12_x", '[["topic","pajak"]]')
    assert store.reader_state(11, "search:AbC-12_x") == '"pupuk"'
    assert store.reader_state(12, "search:AbC-12_x") == '"beras"'
    assert store.reader_state(11, "offer:AbC-12_x") == '[["topic","pajak"]]'
    assert store.reader_state(13, "search:AbC-12_x") is None
    assert store.reader_state(11, "search:other") is None

    store.put_reader_state(11, "search:AbC-12_x", '"pupuk subsidi"')
    assert store.reader_state(11, "search:AbC-12_x") == '"pupuk subsidi"'


def test_another_process_reads_what_one_wrote(store_factory: StoreFactory) -> None:
    first, second = store_factory(clock=lambda: NOW), store_factory(clock=lambda: NOW)
    first.put_reader_state(-100123, "correction:k", '"/cari bpjs"')
    assert second.reader_state(-100123, "correction:k") == '"/cari bpjs"'


def test_unusable_keys_and_values(store: Store) -> None:
    longest = "k" * 64
    store.put_reader_state(11, longest, "{}")
    assert store.reader_state(11, longest) == "{}"
    for key in ("", "k" * 65):
        with pytest.raises(StoreError):
            store.put_reader_state(11, key, "{}")
        assert store.reader_state(11, key) is None  # a tampered button: just unknown
    for value in ("a\x00b", "x" * 16_001):
        with pytest.raises(StoreError):
            store.put_reader_state(11, "search:k", value)
    assert store.reader_state(11, "search:k") is None
    store.put_reader_state(11, "search:k", "x" * 16_000)
    assert store.reader_state(11, "search:k") == "x" * 16_000


def test_a_state_is_read_for_a_week_then_ignored(store_factory: StoreFactory) -> None:
    store_factory(clock=lambda: NOW).put_reader_state(11, "search:k", '"pupuk"')
    almost = store_factory(clock=lambda: NOW + WEEK - timedelta(minutes=1))
    assert almost.reader_state(11, "search:k") == '"pupuk"'
    later = store_factory(clock=lambda: NOW + WEEK + timedelta(minutes=1))
    assert later.reader_state(11, "search:k") is None
    # Written again, it counts from then.
    later.put_reader_state(11, "search:k", '"pupuk"')
    assert later.reader_state(11, "search:k") == '"pupuk"'


def test_purge_forgets_only_older_states(store_factory: StoreFactory) -> None:
    old = store_factory(clock=lambda: NOW - timedelta(days=8))
    old.put_reader_state(11, "search:old", '"lama"')
    old.put_reader_state(12, "offer:old", "[]")
    recent = store_factory(clock=lambda: NOW)
    # Written two days ago: that write's own clean-up forgets nothing older than nine days.
    store_factory(clock=lambda: NOW - timedelta(days=2)).put_reader_state(
        11, "search:new", '"baru"'
    )
    assert recent.purge_reader_state(NOW - WEEK) == 2
    assert recent.purge_reader_state(NOW - WEEK) == 0
    assert old.reader_state(11, "search:old") is None  # gone, not only ignored
    assert old.reader_state(12, "offer:old") is None
    assert recent.reader_state(11, "search:new") == '"baru"'


def test_a_write_forgets_the_states_older_than_a_week(store_factory: StoreFactory) -> None:
    old = store_factory(clock=lambda: NOW - timedelta(days=8))
    old.put_reader_state(11, "search:old", '"lama"')
    store_factory(clock=lambda: NOW).put_reader_state(12, "search:new", '"baru"')
    assert old.reader_state(11, "search:old") is None  # deleted by the later write
