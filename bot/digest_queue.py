"""Digest building: a chat's digest composed from the store and queued in the outbox.

The rendering is :mod:`bot.digest`; the schedules that call :func:`queue_digest` are in
:mod:`bot.jobs` (one process) and :mod:`bot.worker` (several, from the database).
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from bot.digest import build_digest, digest_window, gather_digest_articles
from bot.models import ChatSettings, Topic
from bot.storage import Store

ON_DEMAND_WINDOW = dtm.timedelta(hours=24)
DIGEST_MISFIRE_GRACE = 3 * 3600  # a digest delayed by a restart still goes out within 3 hours


def compose_digest(
    store: Store,
    topics: Mapping[str, Topic],
    chat: ChatSettings,
    now: dtm.datetime,
    since: dtm.datetime,
) -> list[str]:
    """The chat's digest messages for news since ``since`` ([] when there is none)."""
    subscriptions = store.subscriptions(chat.chat_id)
    if not subscriptions:
        return []
    articles = gather_digest_articles(store, subscriptions, since=since)
    stories = {a.story_id: a.outlet for found in articles.values() for a in found}
    other_outlets = {
        story_id: [o for o in store.story_outlets(story_id) if o != outlet]
        for story_id, outlet in stories.items()
    }
    return build_digest(
        chat, subscriptions, articles, topics=topics, now=now, other_outlets=other_outlets
    )


def on_demand_digest(
    store: Store, topics: Mapping[str, Topic], chat: ChatSettings, now: dtm.datetime
) -> list[str]:
    """/ringkasan: the news since the last digest, but at least the last 24 hours.

    It does not move ``last_digest_at``: the daily digest still comes as usual.
    """
    since = min(digest_window(chat, now), now - ON_DEMAND_WINDOW)
    return compose_digest(store, topics, chat, now, since)


def queue_digest(store: Store, topics: Mapping[str, Topic], chat_id: int, now: dtm.datetime) -> int:
    """Queue the daily digest of one chat; returns how many messages were queued."""
    chat = store.get_chat(chat_id)
    if chat is None or not chat.active or chat.paused:
        return 0
    messages = compose_digest(store, topics, chat, now, digest_window(chat, now))
    local_date = now.astimezone(ZoneInfo(chat.timezone)).date().isoformat()
    queued = 0
    for number, text in enumerate(messages, start=1):
        key = f"digest:{chat_id}:{local_date}" + (f":{number}" if number > 1 else "")
        if store.enqueue(chat_id, "digest", text, dedupe_key=key) is not None:
            queued += 1
    if queued or not messages:
        # Already queued today (a second run): keep the window so nothing is skipped.
        store.update_chat(chat_id, last_digest_at=now)
    return queued


def last_digest_time(chat: ChatSettings, now: dtm.datetime) -> dtm.datetime:
    """The latest moment, at or before ``now``, when the chat's daily digest was due."""
    zone = ZoneInfo(chat.timezone)
    local = now.astimezone(zone)
    due = dtm.datetime.combine(local.date(), dtm.time(hour=chat.digest_hour % 24), tzinfo=zone)
    if due > local:
        due -= dtm.timedelta(days=1)
    return due.astimezone(dtm.UTC)


def digest_due(chat: ChatSettings, now: dtm.datetime) -> bool:
    """Whether the chat's daily digest is due now: its hour has passed (by at most the grace
    period) and no digest was queued since."""
    due = last_digest_time(chat, now)
    if now - due > dtm.timedelta(seconds=DIGEST_MISFIRE_GRACE):
        return False
    last = chat.last_digest_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=dtm.UTC)
    return last is None or last < due


def due_digests(
    chats: Iterable[ChatSettings], with_subscriptions: set[int], now: dtm.datetime
) -> list[int]:
    """Chats whose daily digest is due (active, not paused, with subscriptions)."""
    return [
        chat.chat_id
        for chat in chats
        if chat.active
        and not chat.paused
        and chat.chat_id in with_subscriptions
        and digest_due(chat, now)
    ]
