"""JobQueue wiring: the ingestion poll (then fan-out) and one daily digest job per chat.

Pushes (:mod:`bot.fanout`) and digests (:mod:`bot.digest_queue`) are outbox rows that the
:class:`bot.deliver.Sender` sends; the cursor and the dedupe keys make every job safe to run
twice.
"""

from __future__ import annotations

import datetime as dtm
import logging
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import Job, JobQueue

from bot import metrics
from bot.digest_queue import DIGEST_MISFIRE_GRACE, queue_digest
from bot.fanout import fan_out
from bot.models import ChatSettings
from bot.services import Services, WartaContext
from bot.storage.aio import AsyncStore

log = logging.getLogger(__name__)

POLL_JOB = "poll"
DIGEST_JOB = "digest:{chat_id}"


def own_schedules(context: WartaContext) -> JobQueue[Any] | None:
    """This process's JobQueue; None in a bot process (the worker elected through the database
    queues the digests), without PTB's warning about a missing JobQueue."""
    services: Services = context.bot_data
    return None if services.role == "bot" else context.job_queue


def reschedule_digest(context: WartaContext, chat: ChatSettings | None) -> None:
    """(Re)schedule the chat's daily digest, where this process runs the schedules."""
    schedules = own_schedules(context)
    if schedules is not None and chat is not None:
        ensure_digest_job(schedules, chat)


def unschedule_digest(context: WartaContext, chat_id: int) -> None:
    """Unschedule the chat's daily digest, where this process runs the schedules."""
    schedules = own_schedules(context)
    if schedules is not None:
        remove_digest_job(schedules, chat_id)


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


async def run_poll(services: Services, *, holder: str | None = None) -> int:
    """Poll the feeds once (never concurrently with another poll), then fan out; returns
    pushes queued. ``holder``: a worker among several, polling only the feeds it claims."""
    if services.ingestor is None:
        log.warning("poll skipped: ingestion is not set up")
        return 0
    async with services.poll_lock:
        report = await services.ingestor.poll_once(holder=holder)
        article_ids = list(getattr(report, "new_article_ids", ()) or ())
        services.last_poll_at = services.now()
        metrics.FEEDS_POLLED.inc(report.feeds_ok)
        metrics.FEEDS_FAILED.inc(report.feeds_failed)
        metrics.ARTICLES_STORED.inc(report.new_articles)
        queued = await run_fan_out(services)
        log.info(
            "poll done: %d new articles, %d pushes queued",
            len(article_ids),
            queued,
        )
        services.polls_done += 1
        services.last_poll_pushes = queued
        return queued


async def run_fan_out(services: Services) -> int:
    """Queue the pushes for every article not fanned out yet (whoever stored it)."""
    max_age = dtm.timedelta(hours=services.settings.push_max_age_hours)
    queued = await services.db.run(
        fan_out,
        now=services.now(),
        max_age=max_age,
        topics={t.slug: t for t in services.topics},
    )
    if queued:
        metrics.PUSHES_QUEUED.inc(queued)
        services.wake_sender()
    return queued


async def digest_job(context: WartaContext) -> None:
    job = context.job
    if job is None or job.chat_id is None:
        return
    services = context.bot_data
    topics = {t.slug: t for t in services.topics}
    queued = await services.db.run(queue_digest, topics, job.chat_id, services.now())
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


async def schedule_all_digests(job_queue: JobQueue[Any], db: AsyncStore) -> int:
    """At start-up: a digest job for every active chat that has subscriptions."""
    with_subscriptions = {sub.chat_id for sub in await db.all_subscriptions()}
    count = 0
    for chat in await db.chats(active_only=True):
        if chat.chat_id in with_subscriptions:
            ensure_digest_job(job_queue, chat)
            count += 1
    return count
