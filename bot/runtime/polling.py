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
from bot.runtime.repeating import every
from bot.runtime.services import AppContext, Services

log = logging.getLogger(__name__)

POLL_JOB = "poll"


# -- ingestion and pushes ----------------------------------------------------------------


def schedule_poll(job_queue: JobQueue[Any], interval: float) -> Job[Any]:
    """Poll every feed now and then every ``interval`` seconds; never two polls at once (the
    job's ``max_instances=1``, and ``Services.poll_lock`` for a poll run by hand)."""
    return every(job_queue, poll_job, interval, name=POLL_JOB)


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
        # An idle worker polls every few seconds: a line at INFO only when something happened.
        log.log(
            logging.INFO if article_ids or queued or report.feeds_failed else logging.DEBUG,
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
