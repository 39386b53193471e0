"""Chat lifecycle shared by the handlers and the outbox sender (no Telegram imports)."""

from __future__ import annotations

from bot.models import ChatSettings
from bot.storage import Store

SUPERGROUP = "supergroup"


def move_chat(store: Store, old_id: int, new_id: int) -> ChatSettings | None:
    """A group became a supergroup (a new chat id): carry its settings and subscriptions
    over and retire the old id. None when the old chat was never stored.

    One transaction where the store offers ``move_chat`` (see STORAGE_CONTRACT.md); the
    step-by-step version below is the stand-in until every backend has it.
    """
    atomic = getattr(store, "move_chat", None)
    if atomic is not None:
        return atomic(old_id, new_id, chat_type=SUPERGROUP)
    old = store.get_chat(old_id)
    if old is None:
        return None
    store.upsert_chat(new_id, chat_type=SUPERGROUP, title=old.title)
    moved = store.update_chat(
        new_id,
        timezone=old.timezone,
        digest_hour=old.digest_hour,
        mode=old.mode,
        paused=old.paused,
        last_digest_at=old.last_digest_at,
    )
    for sub in store.subscriptions(old_id):
        store.add_subscription(new_id, sub.kind, sub.value)
    store.set_chat_inactive(old_id, f"migrated to supergroup {new_id}")
    return moved
