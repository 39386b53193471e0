"""Run the outbox Sender in its own process (for the SIGKILL crash-recovery test).

Usage: python -m tests.support.sender_child DB_PATH BOT_BASE_URL [--rate R] [--concurrency N]
       [--until-idle]
The token is read from TELEGRAM_BOT_TOKEN. Prints "ready" once the sender is running.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

import telegram

from bot.delivery.sender import Sender
from bot.storage import open_store


async def main(args: argparse.Namespace) -> None:
    store = open_store(args.db)
    try:
        async with telegram.Bot(os.environ["TELEGRAM_BOT_TOKEN"], base_url=args.base_url) as bot:
            sender = Sender(bot, store, global_rate=args.rate, concurrency=args.concurrency)
            print("ready", flush=True)
            if args.until_idle:
                await sender.run_until_idle(timeout=60)
            else:
                await sender.run()
    finally:
        store.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("base_url")
    parser.add_argument("--rate", type=float, default=29.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--until-idle", action="store_true")
    asyncio.run(main(parser.parse_args()))
    sys.exit(0)
