"""Leases, feed claims, fan-out cursors and batch enqueueing: what several processes share."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.models import FeedSource, NewArticle, NewOutboxMessage
from bot.storage import Store
from tests.support.clock import SettableClock

START = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START)


@pytest.fixture
def st(store_factory: Callable[..., Store], clock: SettableClock) -> Store:
    return store_factory(clock=clock)


def article(n: int) -> NewArticle:
    return NewArticle(
        url=f"https://news.example/{n}",
        canonical_url=f"https://news.example/{n}",
        outlet="Contoh",
        title=f"Berita nomor {n} tentang koperasi desa",
        text=f"Isi berita nomor {n} yang berbeda dari yang lain: kode {n * 7919}.",
        bullets=(f"Poin {n}.",),
        fetched_at=START,
    )


def message(n: int, **overrides: object) -> NewOutboxMessage:
    values: dict[str, object] = {
        "chat_id": 1000 + n,
        "kind": "push",
        "text": f"Berita {n}",
        "dedupe_key": f"push:{n}",
    }
    values.update(overrides)
    return NewOutboxMessage(**values)  # type: ignore[arg-type]


# -- leases ------------------------------------------------------------------------------------


def test_a_lease_is_held_by_one_holder_until_it_expires(st: Store, clock: SettableClock) -> None:
    ttl = timedelta(seconds=10)
    assert st.lease_holder("sender") is None
    assert st.acquire_lease("sender", "worker-a", ttl=ttl)
    assert not st.acquire_lease("sender", "worker-b", ttl=ttl)
    assert st.lease_holder("sender") == "worker-a"
    clock.now += timedelta(seconds=8)
    assert st.acquire_lease("sender", "worker-a", ttl=ttl)  # renewed to +18 s
    clock.now += timedelta(seconds=8)
    assert not st.acquire_lease("sender", "worker-b", ttl=ttl)
    clock.now += timedelta(seconds=3)
    assert st.lease_holder("sender") is None  # expired
    assert st.acquire_lease("sender", "worker-b", ttl=ttl)
    assert st.lease_holder("sender") == "worker-b"
    assert not st.acquire_lease("sender", "worker-a", ttl=ttl)


def test_releasing_a_lease_frees_it_only_for_its_holder(st: Store) -> None:
    ttl = timedelta(minutes=1)
    assert st.acquire_lease("sender", "a", ttl=ttl)
    st.release_lease("sender", "b")
    assert st.lease_holder("sender") == "a"
    st.release_lease("sender", "a")
    assert st.lease_holder("sender") is None
    assert st.acquire_lease("sender", "b", ttl=ttl)


def test_leases_of_different_names_are_independent(st: Store) -> None:
    ttl = timedelta(minutes=1)
    assert st.acquire_lease("sender", "a", ttl=ttl)
    assert st.acquire_lease("digest", "b", ttl=ttl)
    assert (st.lease_holder("sender"), st.lease_holder("digest")) == ("a", "b")


def test_only_one_of_many_concurrent_candidates_gets_the_lease(
    store_factory: Callable[..., Store],
) -> None:
    stores = [store_factory() for _ in range(4)]
    winners: list[str] = []
    barrier = threading.Barrier(len(stores))

    def run(i: int) -> None:
        barrier.wait()
        if stores[i].acquire_lease("sender", f"w{i}", ttl=timedelta(seconds=30)):
            winners.append(f"w{i}")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1
    assert stores[0].lease_holder("sender") == winners[0]


@pytest.mark.parametrize(("name", "holder"), [("", "a"), ("sender", "  ")])
def test_empty_lease_names_and_holders_are_refused(st: Store, name: str, holder: str) -> None:
    with pytest.raises(ValueError, match="non-empty"):
        st.acquire_lease(name, holder, ttl=timedelta(seconds=1))


# -- feed claims -------------------------------------------------------------------------------


FEEDS = [FeedSource(f"Outlet {i}", f"https://outlet{i}.example/rss") for i in range(5)]


def test_a_due_feed_is_claimed_by_one_worker_at_a_time(st: Store) -> None:
    st.sync_feeds(FEEDS)
    lease = timedelta(minutes=5)
    first = st.claim_due_feeds("a", now=START, limit=3, lease=lease)
    second = st.claim_due_feeds("b", now=START, limit=10, lease=lease)
    assert len(first) == 3 and len(second) == 2
    assert set(first) | set(second) == {f.url for f in FEEDS}
    assert st.claim_due_feeds("c", now=START, limit=10, lease=lease) == []
    # The claim lapses when its holder died without releasing it.
    later = START + lease + timedelta(seconds=1)
    assert sorted(st.claim_due_feeds("c", now=later, limit=10, lease=lease)) == sorted(
        f.url for f in FEEDS
    )


def test_released_feeds_wait_for_their_next_poll_time(st: Store) -> None:
    st.sync_feeds(FEEDS[:2])
    lease = timedelta(minutes=5)
    urls = st.claim_due_feeds("a", now=START, limit=10, lease=lease)
    st.record_feed_success(
        urls[0], at=START, etag=None, last_modified=None, next_poll_at=START + timedelta(hours=1)
    )
    st.record_feed_failure(
        urls[1], at=START, error="timeout", next_poll_at=START + timedelta(minutes=2)
    )
    for url in urls:
        st.release_feed(url, "a")
    assert st.claim_due_feeds("b", now=START + timedelta(minutes=1), limit=10, lease=lease) == []
    assert st.claim_due_feeds("b", now=START + timedelta(minutes=3), limit=10, lease=lease) == [
        urls[1]
    ]
    st.record_feed_success(
        urls[1], at=START, etag=None, last_modified=None, next_poll_at=START + timedelta(hours=3)
    )
    st.release_feed(urls[1], "b")
    later = START + timedelta(hours=2)
    assert st.claim_due_feeds("c", now=later, limit=10, lease=lease) == [urls[0]]
    assert st.feed_state(urls[0]).next_poll_at == START + timedelta(hours=1)  # type: ignore[union-attr]


def test_release_by_another_holder_keeps_the_claim(st: Store) -> None:
    st.sync_feeds(FEEDS[:1])
    lease = timedelta(minutes=5)
    [url] = st.claim_due_feeds("a", now=START, limit=1, lease=lease)
    st.release_feed(url, "b")
    assert st.claim_due_feeds("b", now=START, limit=1, lease=lease) == []
    # Not even to its own holder: a feed being polled is not handed out twice.
    assert st.claim_due_feeds("a", now=START, limit=1, lease=lease) == []


def test_retired_feeds_are_not_claimed(st: Store) -> None:
    st.sync_feeds(FEEDS[:2])
    st.sync_feeds(FEEDS[1:2])
    assert st.claim_due_feeds("a", now=START, limit=10, lease=timedelta(minutes=1)) == [
        FEEDS[1].url
    ]


def test_concurrent_claims_never_share_a_feed(store_factory: Callable[..., Store]) -> None:
    feeds = [FeedSource(f"F{i}", f"https://f{i}.example/rss") for i in range(40)]
    stores = [store_factory() for _ in range(4)]
    stores[0].sync_feeds(feeds)
    claimed: dict[int, list[str]] = {}
    barrier = threading.Barrier(len(stores))

    def run(i: int) -> None:
        barrier.wait()
        got: list[str] = []
        for _ in range(5):
            got += stores[i].claim_due_feeds(
                f"w{i}", now=START, limit=3, lease=timedelta(minutes=5)
            )
        claimed[i] = got

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [url for urls in claimed.values() for url in urls]
    assert len(every) == len(set(every)) == 40


# -- fan-out -----------------------------------------------------------------------------------


def test_fanout_cursor_starts_at_zero_and_articles_come_in_id_order(st: Store) -> None:
    assert st.fanout_cursor() == 0
    ids = [st.add_article(article(n)).article_id for n in range(1, 6)]
    assert [a.id for a in st.articles_after(0, limit=3)] == ids[:3]
    assert [a.id for a in st.articles_after(ids[2], limit=10)] == ids[3:]
    assert st.articles_after(ids[-1], limit=10) == []
    assert st.articles_after(0, limit=0) == []


def test_commit_fanout_moves_the_cursor_and_queues_in_one_go(st: Store) -> None:
    ids = [st.add_article(article(n)).article_id for n in range(1, 4)]
    assert st.commit_fanout("push", expected=0, upto=ids[1], messages=[message(1), message(2)])
    assert st.fanout_cursor("push") == ids[1]
    assert st.stats().pending == 2
    # A second process that read the old cursor loses the race: nothing written.
    assert st.commit_fanout("push", expected=0, upto=ids[1], messages=[message(3)]) is None
    assert st.stats().pending == 2
    assert st.fanout_cursor("push") == ids[1]
    # Duplicate dedupe keys are skipped, the cursor still moves.
    assert st.commit_fanout("push", expected=ids[1], upto=ids[2], messages=[message(2)]) == 0
    assert st.fanout_cursor("push") == ids[2]
    assert st.fanout_cursor("digest") == 0  # cursors are per name


def test_commit_fanout_with_a_bad_message_writes_nothing(st: Store) -> None:
    with pytest.raises(ValueError, match="kind"):
        st.commit_fanout("push", expected=0, upto=5, messages=[message(1), message(2, kind="x")])
    assert st.fanout_cursor("push") == 0
    assert st.stats().pending == 0


def test_commit_fanout_cannot_move_back(st: Store) -> None:
    assert st.commit_fanout("push", expected=0, upto=5, messages=[]) == 0
    with pytest.raises(ValueError, match="back"):
        st.commit_fanout("push", expected=5, upto=4, messages=[])


def test_concurrent_fanouts_write_once(store_factory: Callable[..., Store]) -> None:
    stores = [store_factory() for _ in range(4)]
    results: list[int | None] = []
    barrier = threading.Barrier(len(stores))

    def run(i: int) -> None:
        barrier.wait()
        msgs = [message(n, dedupe_key=f"push:{i}:{n}") for n in range(50)]
        results.append(stores[i].commit_fanout("push", expected=0, upto=10, messages=msgs))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=lambda r: r is None) == [50, None, None, None]
    assert stores[0].stats().pending == 50


# -- batch enqueue -----------------------------------------------------------------------------


def test_enqueue_many_skips_known_keys_and_keeps_fields(st: Store, clock: SettableClock) -> None:
    later = START + timedelta(hours=2)
    assert st.enqueue(7, "push", "lama", dedupe_key="push:1") is not None
    new = [
        message(1),
        message(2, reply_markup='{"inline_keyboard": []}', not_before=later),
        message(3, kind="digest"),
        message(3, text="dua kali dalam satu batch"),
    ]
    assert st.enqueue_many(new) == 2
    due = st.due_messages(now=START)
    assert [(m.chat_id, m.kind, m.text) for m in due] == [
        (7, "push", "lama"),
        (1003, "digest", "Berita 3"),
    ]
    [delayed] = st.due_messages(now=later)[2:]
    assert delayed.reply_markup == '{"inline_keyboard": []}'
    assert delayed.not_before == later
    assert st.enqueue_many([]) == 0


def test_a_big_batch_keeps_every_field_and_its_order(st: Store) -> None:
    """A fan-out to many readers (the bulk path of a backend: COPY on PostgreSQL)."""
    odd = 'Iuran "naik"?\t<b>Tidak</b>\n• \\ 😊'
    markup = (
        '{"inline_keyboard": [[{"text": "🔕 Berhenti ikuti \\"bpjs\\"", "callback_data": "u:1"}]]}'
    )
    batch = [
        message(n, text=f"{odd} {n}", reply_markup=markup if n % 2 else None)
        for n in range(1, 1201)
    ]
    assert st.enqueue(1005, "push", "sudah ada", dedupe_key="push:5") is not None
    assert st.enqueue_many([*batch, message(7, text="dua kali")]) == 1199
    due = st.due_messages(now=START, limit=2000)
    assert len(due) == 1200
    assert due[0].text == "sudah ada"
    assert [m.dedupe_key for m in due[1:]] == [f"push:{n}" for n in range(1, 1201) if n != 5]
    third = next(m for m in due if m.dedupe_key == "push:3")
    assert (third.chat_id, third.text, third.reply_markup) == (1003, f"{odd} 3", markup)
    assert next(m for m in due if m.dedupe_key == "push:4").reply_markup is None


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"kind": "shout"}, "kind"),
        ({"text": " "}, "message text"),
        ({"dedupe_key": ""}, "dedupe_key"),
        ({"reply_markup": "{nope"}, "reply_markup"),
        ({"not_before": datetime(2026, 11, 25, 9, 0)}, "time zone"),
    ],
)
def test_enqueue_many_refuses_a_bad_batch_whole(
    st: Store, overrides: dict[str, object], error: str
) -> None:
    with pytest.raises(ValueError, match=error):
        st.enqueue_many([message(1), message(2, **overrides)])
    assert st.stats().pending == 0
