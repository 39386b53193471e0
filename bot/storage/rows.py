"""Columns and row mappers both backends share; only how a stored time is read differs."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from bot.core.models import AnswerRecord, Article, ChatSettings, FeedState, OutboxMessage

ReadTime = Callable[[Any], datetime | None]
"""A stored time (SQLite text, a PostgreSQL timestamptz, or NULL) as an aware UTC datetime."""

FEED_COLUMNS = (
    "url, name, etag, last_modified, last_success_at, last_error_at, last_error, "
    "consecutive_failures, next_poll_at, failing_since, reported_at"
)
ARTICLE_COLUMNS = (
    "a.id, a.url, a.canonical_url, a.outlet, a.title, b.text, b.bullets, a.topics, a.story_id, "
    "a.published_at, a.fetched_at, a.author, a.from_description, a.image_url"
)
ARTICLE_FROM = "articles a JOIN article_bodies b ON b.article_id = a.id"
CHAT_COLUMNS = (
    "chat_id, chat_type, title, timezone, digest_hour, mode, paused, active, inactive_reason, "
    "last_digest_at, message_thread_id, quiet_start, quiet_end, quiet_mode, pictures"
)
OUTBOX_COLUMNS = (
    "id, chat_id, kind, text, dedupe_key, reply_markup, attempts, status, not_before, last_error, "
    "send_options"
)
ANSWER_COLUMNS = (
    "id, chat_id, question, sentences, article_ids, article_urls, asked_at, vote, voted_at"
)


def feed_row(row: Sequence[Any], when: ReadTime) -> FeedState:
    return FeedState(
        url=row[0],
        name=row[1],
        etag=row[2],
        last_modified=row[3],
        last_success_at=when(row[4]),
        last_error_at=when(row[5]),
        last_error=row[6],
        consecutive_failures=row[7],
        next_poll_at=when(row[8]),
        failing_since=when(row[9]),
        reported_at=when(row[10]),
    )


def article_row(row: Sequence[Any], when: ReadTime) -> Article:
    fetched = when(row[10])
    assert fetched is not None
    return Article(
        id=row[0],
        url=row[1],
        canonical_url=row[2],
        outlet=row[3],
        title=row[4],
        text=row[5],
        bullets=tuple(json.loads(row[6])),
        topics=tuple(json.loads(row[7])),
        story_id=row[8],
        published_at=when(row[9]),
        fetched_at=fetched,
        author=row[11],
        from_description=bool(row[12]),
        image_url=row[13],
    )


def chat_row(row: Sequence[Any], when: ReadTime) -> ChatSettings:
    return ChatSettings(
        chat_id=row[0],
        chat_type=row[1],
        title=row[2],
        timezone=row[3],
        digest_hour=row[4],
        mode=row[5],
        paused=bool(row[6]),
        active=bool(row[7]),
        inactive_reason=row[8],
        last_digest_at=when(row[9]),
        message_thread_id=row[10],
        quiet_start=row[11],
        quiet_end=row[12],
        quiet_mode=row[13],
        pictures=bool(row[14]),
    )


def outbox_row(row: Sequence[Any], when: ReadTime) -> OutboxMessage:
    return OutboxMessage(
        id=row[0],
        chat_id=row[1],
        kind=row[2],
        text=row[3],
        dedupe_key=row[4],
        reply_markup=row[5],
        attempts=row[6],
        status=row[7],
        not_before=when(row[8]),
        last_error=row[9],
        send_options=row[10],
    )


def answer_row(row: Sequence[Any], when: ReadTime) -> AnswerRecord:
    asked = when(row[6])
    assert asked is not None
    return AnswerRecord(
        id=row[0],
        chat_id=row[1],
        question=row[2],
        sentences=tuple(json.loads(row[3])),
        article_ids=tuple(json.loads(row[4])),
        article_urls=tuple(json.loads(row[5])),
        asked_at=asked,
        vote=row[7],
        voted_at=when(row[8]),
    )
