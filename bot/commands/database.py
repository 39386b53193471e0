"""``warta migrate`` and ``warta copy-db SRC DST``."""

from __future__ import annotations

import argparse
import sys

from bot.core.config import Settings
from bot.storage import StoreError, parse_database_url
from bot.storage.copy import Progress, copy_database
from bot.storage.migrations import migrate_database


def run_migrate(args: argparse.Namespace, settings: Settings) -> int:
    """Apply the pending migrations to WARTA_DATABASE and exit."""
    applied, version = migrate_database(settings.database)
    where = parse_database_url(settings.database)
    if applied:
        print(f"{where}: applied {applied} migration(s); the schema is at version {version}")
    else:
        print(f"{where}: already at schema version {version}; nothing to do")
    return 0


def run_copy_db(args: argparse.Namespace, settings: Settings) -> int:
    """Copy a whole database between backends, with a progress bar on stderr."""
    source, destination = parse_database_url(args.source), parse_database_url(args.destination)
    if source == destination:
        print("warta: the source and the destination are the same database", file=sys.stderr)
        return 2
    if source.kind == "sqlite" and not source.exists():
        print(f"warta: no database at {source}", file=sys.stderr)
        return 2
    try:
        report = copy_database(
            args.source,
            args.destination,
            force=args.force,
            progress=Progress(sys.stderr),
        )
    except StoreError as exc:
        print(f"warta: {exc}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{table} {count:,}" for table, count in report.items() if count)
    print(f"copied {source} to {destination}: {rows or 'no rows'}")
    return 0
