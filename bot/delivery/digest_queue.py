"""Digest building: a chat's digest composed from the store and queued in the outbox.

The rendering (grouped by subscription, ranked, within a budget, "Sudah dikirim", as pages)
is :mod:`bot.delivery.digest`; :func:`due_digests` says, from the chats' rows, whose daily
digest is due, and the sweep of :mod:`bot.runtime.worker` (every role that sends) queues them
with :func:`queue_digest`. A digest of several pages goes out as its first page with ⟨ 1/3 ⟩
buttons; its pages are saved for them.
"""

from __future__ import annotations

import datetime as dtm
import json
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.core.models import ChatSettings, Topic
from bot.delivery.digest import build_digest, digest_window, gather_digest_articles
from bot.present.keyboards import digest_keyboard
from bot.storage import Store

DIGEST_MISFIRE_GRACE = 3 * 3600  # a digest delayed by a restart still goes out within 3 hours
SWEEP_CURSOR = "digest-sweep"  # the end of the last digest sweep (seconds since the epoch)


def compose_digest(
    store: Store,
    topics: Mapping[str, Topic],
    chat: ChatSettings,
    now: dtm.datetime,
    since: dtm.datetime,
) -> list[str]:
    """The chat's digest pages for news since ``since`` ([] when there is nothing new:
    stories already pushed to the chat since then are listed by title only, never alone)."""
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
        chat,
        subscriptions,
        articles,
        topics=topics,
        now=now,
        since=since,
        other_outlets=other_outlets,
        pushed=store.pushed_stories(chat.chat_id, since),
    )


def first_page(store: Store, chat_id: int, pages: list[str]) -> tuple[str, InlineKeyboardMarkup]:
    """The first page of a digest and its keyboard (⟨ 1/N ⟩ when there are more pages, and
    ⚙️ Pengaturan); the pages are saved for the page buttons."""
    digest_id = store.save_digest(chat_id, pages) if len(pages) > 1 else None
    return pages[0], digest_keyboard(digest_id, 1, len(pages))


def on_demand_digest(
    store: Store, topics: Mapping[str, Topic], chat: ChatSettings, now: dtm.datetime
) -> list[str]:
    """/ringkasan: the news since the last digest (daily or asked for), else the last 24
    hours. When there is something, the chat's ``last_digest_at`` moves to ``now``, so
    asking twice in a row says there is nothing new."""
    pages = compose_digest(store, topics, chat, now, digest_window(chat, now))
    if pages:
        store.update_chat(chat.chat_id, last_digest_at=now)
    return pages


def queue_digest(store: Store, topics: Mapping[str, Topic], chat_id: int, now: dtm.datetime) -> int:
    """Queue the daily digest of one chat (its first page, with the page buttons); returns
    how many messages were queued (0 or 1). A digest with nothing new is not queued, and the
    day still counts as done: ``last_digest_at`` moves on, so the next digest starts here."""
    chat = store.get_chat(chat_id)
    if chat is None or not chat.active or chat.paused:
        return 0
    pages = compose_digest(store, topics, chat, now, digest_window(chat, now))
    local_date = now.astimezone(ZoneInfo(chat.timezone)).date().isoformat()
    queued = 0
    if pages:
        key = f"digest:{chat_id}:{local_date}"
        text, keyboard = first_page(store, chat_id, pages)
        markup = json.dumps(keyboard.to_dict(), ensure_ascii=False)
        if store.enqueue(chat_id, "digest", text, dedupe_key=key, reply_markup=markup):
            queued = 1
    if queued or not pages:
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


def digest_due(chat: ChatSettings, now: dtm.datetime, since: dtm.datetime | None = None) -> bool:
    """Whether the chat's daily digest is due now: its hour came after ``since`` (where the
    previous sweep ended; None: no sweep yet) and at most the grace period ago, and no digest
    went out since that hour.

    So a digest goes out once, at the hour: a sweep missed at the hour (the process was down
    and came back 20 minutes later) still sends it, since the hour is after the last sweep
    that ran; later than the grace period it is left for the next day, whose digest covers
    the news since the last one. A reader who picks an hour that has already passed today,
    or subscribes after their hour, gets the first digest at that hour tomorrow.
    """
    due = last_digest_time(chat, now)
    start = now - dtm.timedelta(seconds=DIGEST_MISFIRE_GRACE)
    if since is not None:
        start = max(start, since)
    if due <= start:
        return False
    last = chat.last_digest_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=dtm.UTC)
    return last is None or last < due


def due_digests(
    chats: Iterable[ChatSettings],
    with_subscriptions: set[int],
    now: dtm.datetime,
    since: dtm.datetime | None = None,
) -> list[int]:
    """Chats whose daily digest is due (active, not paused, with subscriptions)."""
    return [
        chat.chat_id
        for chat in chats
        if chat.active
        and not chat.paused
        and chat.chat_id in with_subscriptions
        and digest_due(chat, now, since)
    ]


def sweep_digests(store: Store, topics: Mapping[str, Topic], now: dtm.datetime) -> int:
    """Queue every daily digest whose hour came since the previous sweep; returns how many
    messages were queued. Where the sweep ended is a cursor in the database (whole seconds
    since the epoch, in the cursor table the fan-out uses), so a process that takes over the
    sending goes on from there, and a restart finds the hours it missed."""
    swept = store.fanout_cursor(SWEEP_CURSOR)
    upto = int(now.timestamp())
    if upto < swept:  # the clock went back: nothing new can be due
        return 0
    since = dtm.datetime.fromtimestamp(swept, dtm.UTC) if swept else None
    with_subscriptions = {sub.chat_id for sub in store.all_subscriptions()}
    queued = 0
    for chat_id in due_digests(store.chats(active_only=True), with_subscriptions, now, since):
        queued += queue_digest(store, topics, chat_id, now)
    # A crash before this line sweeps the same hours again: the chats' last_digest_at and the
    # outbox's dedupe key keep that to one digest a day.
    store.commit_fanout(SWEEP_CURSOR, expected=swept, upto=upto, messages=[])
    return queued
