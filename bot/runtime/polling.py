"""The ingestion poll and the fan-out after it, on python-telegram-bot's JobQueue.

A poll stores new articles (:mod:`bot.ingest.pipeline`); the fan-out then queues the pushes
for every article not fanned out yet (:mod:`bot.delivery.fanout`), whichever process stored
it. Pushes are outbox rows that the :class:`bot.delivery.sender.Sender` sends; the cursor and
the dedupe keys make every run safe to repeat.
"""

from __future__ import annotations

import datetime as dtm
import logging
from typing import Any

from telegram.ext import Job, JobQueue

from bot.core import metrics
from bot.delivery.fanout import fan_out
from bot.runtime.services import AppContext, Services

log = logging.getLogger(__name__)

POLL_JOB = "poll"


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


async def poll_job(context: AppContext) -> None:
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
