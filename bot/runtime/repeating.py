"""Periodic work on python-telegram-bot's JobQueue (APScheduler): run now, then every N seconds,
never two runs of one job at once.

Every loop of a process (the feed poll, the sender lease, the database sweep) is such a job,
so one scheduler drives them all and PTB stops them with the application.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from telegram.ext import Job, JobQueue

_OVERLAP_WARNING = "maximum number of running instances reached"


class _QuietOverlaps(logging.Filter):
    """A run that is due while the previous one still works is skipped, by design
    (``max_instances=1``); APScheduler's warning about it is demoted to DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and _OVERLAP_WARNING in str(record.msg):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
        return True


def _quiet_overlaps() -> None:
    logger = logging.getLogger("apscheduler.scheduler")
    if not any(isinstance(f, _QuietOverlaps) for f in logger.filters):
        logger.addFilter(_QuietOverlaps())


def every(
    job_queue: JobQueue[Any],
    callback: Callable[[Any], Coroutine[Any, Any, object]],
    seconds: float,
    *,
    name: str,
) -> Job[Any]:
    """Run ``callback`` as soon as the scheduler runs, then every ``seconds``; a run still
    going when the next is due makes that one skip, and runs missed while the process was
    busy are one late run (``coalesce``, no misfire limit). Replaces a job of that name.

    The first run is the job's ``next_run_time``: ``run_repeating(first=0)`` added before
    the scheduler starts (in ``post_init``) would wait a whole interval, because APScheduler
    moves a start date in the past to the next interval.
    """
    _quiet_overlaps()
    for job in job_queue.get_jobs_by_name(name):
        job.schedule_removal()
    return job_queue.run_repeating(
        callback,
        interval=seconds,
        name=name,
        job_kwargs={
            "next_run_time": datetime.now(UTC),
            "max_instances": 1,
            "coalesce": True,
            "misfire_grace_time": None,
        },
    )


def run_soon(job: Job[Any] | None) -> None:
    """Bring a repeating job's next run forward to now (it keeps its interval afterwards)."""
    if job is None or job.removed:
        return
    job.job.modify(next_run_time=datetime.now(UTC))
