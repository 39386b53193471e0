"""The tables every backend keeps, with their columns and value types, parents first.

``warta copy-db`` moves these one to one between backends (ids kept); everything else (the
search index, per-term document counts) is derived from them and rebuilt at the destination.
Values cross over as Python values: ``int``, ``str``, ``bool``, ``bytes``, aware UTC
``datetime`` (kind "time"), or None.
"""

from __future__ import annotations

INT, TEXT, BOOL, TIME, BYTES = "int", "text", "bool", "time", "bytes"

TABLES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "feeds",
        (
            ("id", INT),
            ("url", TEXT),
            ("name", TEXT),
            ("in_catalogue", BOOL),
            ("etag", TEXT),
            ("last_modified", TEXT),
            ("last_success_at", TIME),
            ("last_error_at", TIME),
            ("last_error", TEXT),
            ("consecutive_failures", INT),
            ("next_poll_at", TIME),
            ("failing_since", TIME),
            ("reported_at", TIME),
            ("claimed_by", TEXT),
            ("claimed_until", TIME),
        ),
    ),
    ("stories", (("id", INT), ("created_at", TIME), ("updated_at", TIME), ("article_count", INT))),
    (
        "articles",
        (
            ("id", INT),
            ("story_id", INT),
            ("dated_at", TIME),
            ("fetched_at", TIME),
            ("published_at", TIME),
            ("outlet", TEXT),
            ("title", TEXT),
            ("url", TEXT),
            ("canonical_url", TEXT),
            ("feed_url", TEXT),
            ("guid", TEXT),
            ("author", TEXT),
            ("from_description", BOOL),
            ("topics", TEXT),
            ("text_hash", TEXT),
            ("image_url", TEXT),
        ),
    ),
    (
        "article_bodies",
        (("article_id", INT), ("bullets", TEXT), ("minhash", BYTES), ("text", TEXT)),
    ),
    ("article_topics", (("topic", TEXT), ("article_id", INT))),
    ("story_bands", (("band_key", INT), ("article_id", INT))),
    (
        "chats",
        (
            ("chat_id", INT),
            ("chat_type", TEXT),
            ("title", TEXT),
            ("timezone", TEXT),
            ("digest_hour", INT),
            ("mode", TEXT),
            ("paused", BOOL),
            ("active", BOOL),
            ("inactive_reason", TEXT),
            ("last_digest_at", TIME),
            ("created_at", TIME),
            ("updated_at", TIME),
            ("message_thread_id", INT),
            ("quiet_start", INT),
            ("quiet_end", INT),
            ("quiet_mode", TEXT),
            ("pictures", BOOL),
        ),
    ),
    (
        "subscriptions",
        (
            ("id", INT),
            ("chat_id", INT),
            ("kind", TEXT),
            ("value", TEXT),
            ("value_key", TEXT),
            ("created_at", TIME),
            ("removed_at", TIME),
        ),
    ),
    (
        "outbox",
        (
            ("id", INT),
            ("chat_id", INT),
            ("kind", TEXT),
            ("text", TEXT),
            ("reply_markup", TEXT),
            ("dedupe_key", TEXT),
            ("status", TEXT),
            ("attempts", INT),
            ("not_before", TIME),
            ("created_at", TIME),
            ("sent_at", TIME),
            ("last_error", TEXT),
            ("telegram_message_id", INT),
            ("send_options", TEXT),
        ),
    ),
    ("leases", (("name", TEXT), ("holder", TEXT), ("expires_at", TIME))),
    ("fanout_cursors", (("name", TEXT), ("article_id", INT))),
    ("digest_pages", (("id", INT), ("chat_id", INT), ("pages", TEXT), ("created_at", TIME))),
    ("last_questions", (("chat_id", INT), ("question", TEXT), ("asked_at", TIME))),
    (
        "answer_records",
        (
            ("id", INT),
            ("chat_id", INT),
            ("question", TEXT),
            ("sentences", TEXT),
            ("article_ids", TEXT),
            ("article_urls", TEXT),
            ("asked_at", TIME),
            ("vote", TEXT),
            ("voted_at", TIME),
        ),
    ),
    # What buttons remember (a search's pages, an offer), and the updates received: pending
    # ones are still to be handled at the destination, handled ones keep their update_id
    # from being handled twice. ``database_meta`` (markers about one database) is not copied.
    (
        "reader_state",
        (("chat_id", INT), ("key", TEXT), ("value", TEXT), ("updated_at", TIME)),
    ),
    (
        "inbox",
        (
            ("update_id", INT),
            ("chat_id", INT),
            ("payload", TEXT),
            ("received_at", TIME),
            ("state", TEXT),
            ("claimed_by", TEXT),
            ("claimed_until", TIME),
            ("attempts", INT),
            ("done_at", TIME),
        ),
    ),
)

COLUMNS = {name: columns for name, columns in TABLES}
IDENTITY_TABLES = (
    "feeds",
    "stories",
    "articles",
    "subscriptions",
    "outbox",
    "digest_pages",
    "answer_records",
)
"""Tables whose ``id`` the database assigns: their counters move past the copied ids."""


def table_columns(table: str) -> tuple[tuple[str, str], ...]:
    """The columns of ``table``, or ValueError naming the known tables."""
    try:
        return COLUMNS[table]
    except KeyError:
        raise ValueError(f"unknown table {table!r}; known: {', '.join(COLUMNS)}") from None


def copy_tables() -> list[str]:
    """The copied tables, parents first."""
    return [name for name, _ in TABLES]
