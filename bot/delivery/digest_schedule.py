"""The daily digest of each chat as a JobQueue job (``digest:<chat_id>``) at the chat's hour.

A process that runs the schedules itself (``--role all``) keeps one job per active chat; the
digests it queues are outbox rows that the :class:`bot.delivery.sender.Sender` sends. Several
processes queue them from the database instead (:func:`bot.delivery.digest_queue.due_digests`).
"""

from __future__ import annotations

import datetime as dtm
import logging
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from telegram.ext import CallbackContext, ExtBot, Job, JobQueue

from bot.core.models import ChatSettings, Topic
from bot.delivery.digest_queue import DIGEST_MISFIRE_GRACE, queue_digest
from bot.storage.aio import AsyncStore

log = logging.getLogger(__name__)

DIGEST_JOB = "digest:{chat_id}"


class DigestServices(Protocol):
    """What a digest job reads of the application's services (``context.bot_data``)."""

    @property
    def db(self) -> AsyncStore: ...

    @property
    def topics(self) -> tuple[Topic, ...]: ...

    def now(self) -> dtm.datetime: ...

    def wake_sender(self) -> None: ...


DigestContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], DigestServices]


async def digest_job(context: DigestContext) -> None:
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


def ensure_digest_job(job_queue: JobQueue[Any], chat: ChatSettings) -> Job[Any] | None:
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
