"""``warta migrate`` and ``warta copy-db SRC DST``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping

from bot.core.config import Settings
from bot.storage import StoreError, parse_database_url
from bot.storage.copy import Progress, copy_database
from bot.storage.copy_marker import incomplete_copy_error
from bot.storage.migrations import migrate_database, unfinished_copy


def run_migrate(args: argparse.Namespace, settings: Settings) -> int:
    """Apply the pending migrations to WARTA_DATABASE and exit; an unfinished copy-db
    destination is named and exits 2 (after migrating), as ``warta run`` would refuse it."""
    applied, version = migrate_database(settings.database)
    where = parse_database_url(settings.database)
    if applied:
        print(f"{where}: applied {applied} migration(s); the schema is at version {version}")
    else:
        print(f"{where}: already at schema version {version}; nothing to do")
    marker = unfinished_copy(settings.database)
    if marker is not None:
        raise incomplete_copy_error(where, marker)  # one line on stderr, exit 2 (cli)
    return 0


def copy_endpoints(
    args: argparse.Namespace, environ: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """SRC and DST: as given, else from WARTA_COPY_FROM and WARTA_COPY_TO."""
    source = args.source or environ.get("WARTA_COPY_FROM") or None
    destination = args.destination or environ.get("WARTA_COPY_TO") or None
    return source, destination


def has_password(database: str) -> bool:
    """Whether a database URL carries a password (in the user part or a password= option)."""
    url = parse_database_url(database)
    return url.kind == "postgresql" and str(url) != url.dsn


def run_copy_db(args: argparse.Namespace, settings: Settings) -> int:
    """Copy a whole database between backends, with a progress bar on stderr."""
    given_source, given_destination = copy_endpoints(args, os.environ)
    if given_source is None or given_destination is None:
        print(
            "warta: copy-db needs SRC and DST, as arguments or in WARTA_COPY_FROM and "
            "WARTA_COPY_TO",
            file=sys.stderr,
        )
        return 2
    for argument in (args.source, args.destination):
        if argument and has_password(argument):
            print(
                "warta: warning: a password on the command line can be seen by other users "
                "of this machine; use WARTA_COPY_FROM / WARTA_COPY_TO, PGPASSWORD or ~/.pgpass",
                file=sys.stderr,
            )
            break
    source, destination = parse_database_url(given_source), parse_database_url(given_destination)
    if source == destination:
        print("warta: the source and the destination are the same database", file=sys.stderr)
        return 2
    if source.kind == "sqlite" and not source.exists():
        print(f"warta: no database at {source}", file=sys.stderr)
        return 2
    try:
        report = copy_database(
            given_source,
            given_destination,
            force=args.force,
            progress=Progress(sys.stderr),
        )
    except StoreError as exc:
        print(f"warta: {exc}", file=sys.stderr)
        return 1
    rows = ", ".join(f"{table} {count:,}" for table, count in report.items() if count)
    print(f"copied {source} to {destination}: {rows or 'no rows'}")
    return 0
