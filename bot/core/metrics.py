"""The process's Prometheus counters and histograms, in its own registry.

Every layer counts what it does here; :mod:`bot.runtime.ops_server` serves them on
``/metrics``.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

FEEDS_POLLED = Counter(
    "warta_feeds_polled", "Feed fetches that answered (304 included)", registry=REGISTRY
)
FEEDS_FAILED = Counter("warta_feeds_failed", "Feed fetches that failed", registry=REGISTRY)
ARTICLES_STORED = Counter("warta_articles_stored", "New articles stored", registry=REGISTRY)
PUSHES_QUEUED = Counter("warta_pushes_queued", "Pushes queued by fan-out", registry=REGISTRY)
MESSAGES_SENT = Counter(
    "warta_messages_sent", "Outbox messages Telegram accepted", registry=REGISTRY
)
MESSAGES_429 = Counter(
    "warta_messages_rate_limited", "429 Too Many Requests answers to the sender", registry=REGISTRY
)
MESSAGES_403 = Counter(
    "warta_messages_forbidden", "403 answers (blocked, removed) to the sender", registry=REGISTRY
)
OUTBOX_STUCK = Counter(
    "warta_outbox_stuck",
    "Outbox messages left 'sending' past the claim timeout, put back by the live sender",
    registry=REGISTRY,
)
OUTBOX_UNRECORDED = Gauge(
    "warta_outbox_unrecorded",
    "Delivery outcomes (sent, or not sent) waiting for the database to record them",
    registry=REGISTRY,
)
OUTBOX_RECORD_GIVEN_UP = Counter(
    "warta_outbox_record_given_up",
    "Delivery outcomes the database could not record in time (such a message may go twice)",
    registry=REGISTRY,
)
UPDATES_RECEIVED = Counter(
    "warta_updates_received", "Updates from Telegram stored in the inbox", registry=REGISTRY
)
UPDATES_HANDLED = Counter(
    "warta_updates_handled", "Stored updates handled and marked done", registry=REGISTRY
)
REPLY_SECONDS = Histogram(
    "warta_reply_seconds",
    "Time from an update's arrival to the end of its handling, reply included",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
    registry=REGISTRY,
)
SEARCH_SECONDS = Histogram(
    "warta_search_seconds",
    "Archive search time as the reader waits for it (search, /cari, questions, inline)",
    buckets=(0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1, 2),
    registry=REGISTRY,
)
