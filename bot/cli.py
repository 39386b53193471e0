"""The ``warta`` command line: run the bot, ingest, search, ask, summarize, feedback, migrate,
copy-db."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.core.config import ConfigError, load_settings
from bot.core.database_url import DatabaseURLError
from bot.core.logs import setup_logging
from bot.storage.errors import SchemaError, StoreUnavailable


def configure_logging(level: str = "INFO", fmt: str = "text", *, verbose: bool = False) -> None:
    """Configure logging once (``bot.core.logs``); ``-v`` means DEBUG whatever the setting."""
    setup_logging("DEBUG" if verbose else level, fmt)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warta", description="Indonesian news, summarized, on Telegram."
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="debug logging (WARTA_LOG_LEVEL=DEBUG)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the Telegram bot and the ingestion schedule")
    run.add_argument(
        "--role",
        choices=("all", "bot", "worker"),
        default="all",
        help="all: everything in one process (default); bot: answer readers only; "
        "worker: feeds, fan-out, digests and sending (needs PostgreSQL)",
    )

    summarize = commands.add_parser("summarize", help="summarize an article (file, URL or -)")
    summarize.add_argument("source", nargs="?", help="a text file, an http(s) URL, or - for stdin")
    summarize.add_argument("--bullets", type=int, default=3, help="number of bullets (1-5)")
    summarize.add_argument("--title", help="the article's title, if known")
    summarize.add_argument("--json", action="store_true", help="print JSON")
    summarize.add_argument(
        "--jsonl", metavar="FILE", help='batch: lines {"id", "text", "title"?} (- for stdin)'
    )

    ingest = commands.add_parser("ingest", help="poll the feeds and store new articles")
    ingest.add_argument("--once", action="store_true", help="poll all feeds once and exit")
    ingest.add_argument("--no-progress", action="store_true", help="no progress bar")

    search = commands.add_parser("search", help="search the archive")
    search.add_argument("query", nargs="+")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--json", action="store_true", help="print JSON")

    from bot.commands.ask import limit_arg

    ask = commands.add_parser("ask", help="answer a question from the archive, as the bot does")
    ask.add_argument("question", nargs="+", help='the question, e.g. "iuran bpjs naik berapa?"')
    ask.add_argument("--limit", type=limit_arg, default=3, help="most quotes (1-10)")
    ask.add_argument("--json", action="store_true", help="print JSON")

    commands.add_parser("feeds", help="show feed health")

    feedback = commands.add_parser(
        "feedback",
        help="export the answers to readers' questions with their 👍 / 👎",
        description="Write every answer the bot gave to a question, with the reader's vote, "
        'as JSON lines {"id", "asked_at", "question", "sentences", "article_urls", "vote", '
        '"voted_at"} (no chat ids).',
    )
    feedback.add_argument(
        "--export", metavar="FILE", required=True, help="the file to write (- for stdout)"
    )

    commands.add_parser("migrate", help="bring the database schema up to date and exit")
    copy_db = commands.add_parser(
        "copy-db",
        help="copy a whole Warta database (SQLite <-> PostgreSQL)",
        description="Copy every reader, subscription, outbox message, article and feed of "
        "SRC into DST, ids kept; DST's search index is rebuilt. Each is a file path, "
        "sqlite:///path or postgresql://user@host/db. Keep passwords off the command line "
        "(other users see it): give SRC and DST in WARTA_COPY_FROM and WARTA_COPY_TO, or "
        "leave the password out of the URL and let PostgreSQL read it from PGPASSWORD or "
        "~/.pgpass.",
    )
    copy_db.add_argument("source", metavar="SRC", nargs="?", help="default: $WARTA_COPY_FROM")
    copy_db.add_argument("destination", metavar="DST", nargs="?", help="default: $WARTA_COPY_TO")
    copy_db.add_argument(
        "--force",
        action="store_true",
        help="replace what DST holds, or start an unfinished copy over (refused otherwise)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        configure_logging(settings.log_level, settings.log_format, verbose=args.verbose)
        if args.command == "summarize":
            from bot.commands.summarize import run_summarize

            return run_summarize(args, settings)
        if args.command == "ingest":
            from bot.commands.ingest import run_ingest

            return run_ingest(args, settings)
        if args.command == "search":
            from bot.commands.search import run_search

            return run_search(args, settings)
        if args.command == "ask":
            from bot.commands.ask import run_ask

            return run_ask(args, settings)
        if args.command == "feeds":
            from bot.commands.feeds import run_feeds

            return run_feeds(args, settings)
        if args.command == "feedback":
            from bot.commands.feedback import run_feedback

            return run_feedback(args, settings)
        if args.command == "migrate":
            from bot.commands.database import run_migrate

            return run_migrate(args, settings)
        if args.command == "copy-db":
            from bot.commands.database import run_copy_db

            return run_copy_db(args, settings)
        from bot.runtime.runner import run

        return run(settings, args.role)
    except (ConfigError, DatabaseURLError, SchemaError, StoreUnavailable) as exc:
        # One line: the database is unreachable, refuses us, or is not ours (no password
        # in any of these messages).
        print(f"warta: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
