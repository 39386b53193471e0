"""The outbox's claims on both backends: claim time, stale claims, putting a claim back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.conftest import StoreFactory

CLAIMED = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def test_a_claim_holds_its_time_and_only_stale_claims_go_back(
    store_factory: StoreFactory,
) -> None:
    now = [CLAIMED]
    store = store_factory(clock=lambda: now[0])
    old, kept, recent = (
        store.enqueue(chat, "push", f"berita {chat}", dedupe_key=f"push:{chat}:1")
        for chat in (1, 2, 3)
    )
    assert old is not None and kept is not None and recent is not None
    store.mark_sending(old)
    store.mark_sending(kept)
    now[0] = CLAIMED + 10 * MINUTE
    store.mark_sending(recent)
    assert store.outbox_in_flight(claimed_before=CLAIMED + 5 * MINUTE) == (3, 2)

    requeued = store.requeue_in_flight(claimed_before=CLAIMED + 5 * MINUTE, keep={kept})
    assert requeued == 1
    assert store.get_message(old).status == "pending"  # type: ignore[union-attr]
    assert store.get_message(kept).status == "sending"  # type: ignore[union-attr]
    assert store.get_message(recent).status == "sending"  # type: ignore[union-attr]
    # Put back, it is due at once (its not_before is the claim time).
    due = store.due_messages(now=CLAIMED + 10 * MINUTE, limit=10)
    assert [m.id for m in due] == [old]
    assert store.outbox_in_flight(claimed_before=CLAIMED + 5 * MINUTE) == (2, 1)

    # At start-up every claim goes back, except the kept ones.
    assert store.requeue_in_flight(keep=[kept]) == 1
    assert store.outbox_in_flight(claimed_before=CLAIMED + 20 * MINUTE) == (1, 1)
    assert store.requeue_in_flight() == 1
    assert store.outbox_in_flight(claimed_before=CLAIMED + 20 * MINUTE) == (0, 0)


def test_release_claim_only_touches_a_claimed_message(store_factory: StoreFactory) -> None:
    store = store_factory(clock=lambda: CLAIMED)
    message = store.enqueue(5, "digest", "ringkasan", dedupe_key="digest:5:1")
    assert message is not None
    assert store.release_claim(message) is False  # pending: nothing to put back
    store.mark_sending(message)
    assert store.release_claim(message) is True
    assert store.get_message(message).status == "pending"  # type: ignore[union-attr]
    store.mark_sending(message)
    store.mark_sent(message, at=CLAIMED, telegram_message_id=77)
    assert store.release_claim(message) is False  # sent stays sent
    sent = store.get_message(message)
    assert sent is not None and sent.status == "sent" and sent.attempts == 2
