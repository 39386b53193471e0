"""JobQueue wiring: the ingestion poll (then pushes) and one daily digest job per chat.

Pushes and digests are outbox rows (``store.enqueue``) that the :class:`bot.deliver.Sender`
sends; the dedupe keys make every job safe to run twice.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup
from telegram.ext import Job, JobQueue

from bot.digest import build_digest, digest_window, gather_digest_articles
from bot.keyboards import PushKeyboards, digest_keyboard, push_reason, subscription_name
from bot.match import match_article, prepare_article
from bot.models import ChatSettings, Topic
from bot.render import article_message
from bot.services import Services, WartaContext
from bot.storage import Store

log = logging.getLogger(__name__)

POLL_JOB = "poll"
DIGEST_JOB = "digest:{chat_id}"
DIGEST_MISFIRE_GRACE = 3 * 3600  # a digest delayed by a restart still goes out within 3 hours


# -- ingestion and pushes ----------------------------------------------------------------


def schedule_poll(job_queue: JobQueue[Any], interval: float) -> Job:
    """Poll every ``interval`` seconds, the first time right away; never two polls at once.

    The immediate poll is a separate one-off job: ``run_repeating(first=0)`` added in
    ``post_init`` (before the scheduler starts) would be skipped, because APScheduler's
    interval trigger moves a start date in the past to the next interval. Both jobs share
    ``Services.poll_lock``, and the repeating one also has ``max_instances=1``.
    """
    for job in job_queue.get_jobs_by_name(POLL_JOB):
        job.schedule_removal()
    job_queue.run_once(poll_job, when=0, name=POLL_JOB, job_kwargs={"misfire_grace_time": None})
    return job_queue.run_repeating(
        poll_job,
        interval=interval,
        first=interval,
        name=POLL_JOB,
        job_kwargs={
            "max_instances": 1,
            "coalesce": True,
            "misfire_grace_time": max(30, int(interval // 2)),
        },
    )


async def poll_job(context: WartaContext) -> None:
    """One ingestion poll, then the pushes for the articles it stored."""
    await run_poll(context.bot_data)


async def run_poll(services: Services) -> int:
    """Poll the feeds once (never concurrently with another poll); returns pushes queued."""
    if services.ingestor is None:
        log.warning("poll skipped: ingestion is not set up")
        return 0
    async with services.poll_lock:
        report = await services.ingestor.poll_once()
        article_ids = list(getattr(report, "new_article_ids", ()) or ())
        queued = 0
        if article_ids:
            queued = await asyncio.to_thread(
                push_articles, services.store, article_ids, {t.slug: t for t in services.topics}
            )
            if queued:
                services.wake_sender()
        log.info(
            "poll done: %d new articles, %d pushes queued",
            len(article_ids),
            queued,
        )
        services.polls_done += 1
        services.last_poll_pushes = queued
        return queued


def push_articles(
    store: Store, article_ids: Sequence[int], topics: Mapping[str, Topic] | None = None
) -> int:
    """Queue one push per story per subscribed chat (instant mode, not paused, active).

    Each push starts with the subscription that brought it ("📌 Pajak", the chat's oldest
    matching one) and carries its "🔕 Berhenti ikuti …" and share buttons.
    """
    subscriptions = store.all_subscriptions()
    if not subscriptions:
        return 0
    topics = topics or {}
    chats = {chat.chat_id: chat for chat in store.chats(active_only=True)}
    keyboards = PushKeyboards()
    queued = 0
    for article_id in article_ids:
        article = store.get_article(article_id)
        if article is None:
            continue
        wanted = match_article(prepare_article(article), subscriptions)
        if not wanted:
            continue
        others = [o for o in store.story_outlets(article.story_id) if o != article.outlet]
        # One rendering per time zone and reason, not per chat.
        rendered: dict[tuple[str, str, str], str] = {}
        for chat_id, matched in wanted.items():
            chat = chats.get(chat_id)
            if chat is None or chat.paused or chat.mode != "instant":
                continue
            sub = matched[0]
            key = (chat.timezone, sub.kind, sub.value.casefold())
            text = rendered.get(key)
            if text is None:
                text = article_message(
                    article,
                    tz=chat.timezone,
                    other_outlets=others,
                    reason=push_reason(sub, topics),
                )
                rendered[key] = text
            markup = keyboards.json(sub, subscription_name(sub, topics), article.title)
            dedupe_key = f"push:{chat_id}:{article.story_id}"
            if store.enqueue(chat_id, "push", text, dedupe_key=dedupe_key, reply_markup=markup):
                queued += 1
    return queued


# -- digests ---------------------------------------------------------------------------


def compose_digest(
    services: Services, chat: ChatSettings, now: dtm.datetime, since: dtm.datetime
) -> list[str]:
    """The chat's digest pages for news since ``since`` ([] when there is none)."""
    store = services.store
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
        topics={t.slug: t for t in services.topics},
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


def on_demand_digest(services: Services, chat: ChatSettings, now: dtm.datetime) -> list[str]:
    """/ringkasan: the news since the last digest (daily or asked for), else the last 24
    hours. When there is something, the chat's ``last_digest_at`` moves to ``now``, so
    asking twice in a row says there is nothing new."""
    pages = compose_digest(services, chat, now, digest_window(chat, now))
    if pages:
        services.store.update_chat(chat.chat_id, last_digest_at=now)
    return pages


def queue_digest(services: Services, chat_id: int, now: dtm.datetime) -> int:
    """Queue the daily digest of one chat (its first page, with the page buttons); returns
    how many messages were queued (0 or 1)."""
    store = services.store
    chat = store.get_chat(chat_id)
    if chat is None or not chat.active or chat.paused:
        return 0
    pages = compose_digest(services, chat, now, digest_window(chat, now))
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


async def digest_job(context: WartaContext) -> None:
    job = context.job
    if job is None or job.chat_id is None:
        return
    services = context.bot_data
    queued = await asyncio.to_thread(queue_digest, services, job.chat_id, services.now())
    if queued:
        services.wake_sender()
    log.info("digest for chat %s: %d messages queued", job.chat_id, queued)


def digest_time(chat: ChatSettings) -> dtm.time:
    """The chat's digest hour as a time in its own zone."""
    return dtm.time(hour=chat.digest_hour % 24, tzinfo=ZoneInfo(chat.timezone))


def remove_digest_job(job_queue: JobQueue[Any], chat_id: int) -> str:
    """Unschedule the chat's daily digest, if any; returns the job's name."""
    name = DIGEST_JOB.format(chat_id=chat_id)
    for job in job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    return name


def ensure_digest_job(job_queue: JobQueue[Any], chat: ChatSettings) -> Job | None:
    """(Re)schedule the chat's daily digest at its hour; none for an inactive chat."""
    name = remove_digest_job(job_queue, chat.chat_id)
    if not chat.active:
        return None
    return job_queue.run_daily(
        digest_job,
        time=digest_time(chat),
        name=name,
        chat_id=chat.chat_id,
        job_kwargs={"misfire_grace_time": DIGEST_MISFIRE_GRACE, "coalesce": True},
    )


def schedule_all_digests(job_queue: JobQueue[Any], store: Store) -> int:
    """At start-up: a digest job for every active chat that has subscriptions."""
    with_subscriptions = {sub.chat_id for sub in store.all_subscriptions()}
    count = 0
    for chat in store.chats(active_only=True):
        if chat.chat_id in with_subscriptions:
            ensure_digest_job(job_queue, chat)
            count += 1
    return count
