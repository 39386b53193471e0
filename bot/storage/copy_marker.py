"""The mark an unfinished ``warta copy-db`` leaves in its destination.

copy-db writes it into ``database_meta`` (committed) before the first row, and deletes it
only after every table and the search index are committed, so a copy killed at any point is
recognised: ``warta run`` (and every command but copy-db and migrate) refuses it,
``warta migrate`` names it, and copy-db itself tells to start over with ``--force``.
The mark holds where the copy came from (never a password) and when it started.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from bot.core.database_url import DatabaseURL, parse_database_url
from bot.storage.errors import IncompleteCopy

MARKER_KEY = "copy_incomplete"
"""The ``database_meta`` key of the mark."""


def marker_value(source: str | Path | DatabaseURL, started_at: datetime) -> str:
    """The mark's value: the source as shown to people (password replaced) and the start."""
    return json.dumps(
        {
            "source": str(parse_database_url(source)),
            "started_at": started_at.astimezone(UTC).isoformat(timespec="seconds"),
        },
        ensure_ascii=False,
    )


def describe_marker(value: str) -> str:
    """ "from SRC, started 2026-12-07 14:50 UTC" (a mark that is not ours: as it is)."""
    try:
        fields = json.loads(value)
        source, started = fields["source"], datetime.fromisoformat(fields["started_at"])
    except (ValueError, TypeError, KeyError):
        return f"({value})"
    return f"from {source}, started {started.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def incomplete_copy_error(database: str | Path | DatabaseURL, value: str) -> IncompleteCopy:
    """The refusal for a database holding the mark."""
    where = parse_database_url(database)
    return IncompleteCopy(
        f"{where} is an unfinished copy made by copy-db {describe_marker(value)}: some rows "
        "or the search index may be missing. Run warta copy-db SRC DST --force again to "
        "start the copy over"
    )
