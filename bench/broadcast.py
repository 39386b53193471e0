"""Broadcast a digest to many subscribers through the fake Bot API with Telegram's limits.

The real Warta application runs against ``tests/fake_telegram.py`` (enforcing ~30 messages/s
overall, 1/s per chat, 20/min per group) and a local feed server carrying the seed article.
N digest messages are queued in the outbox (as the digest job would) and the application's
Sender delivers them, while a reader sends ``/cari bpjs`` every ``--reply-every`` seconds
(each time from another user, as real readers are different people) and the time until the
bot's answer reaches the server is measured.

Prints: messages per second (target >= 28; the broadcast and the replies together, since both
count against Telegram's one global limit, so every reply slows the broadcast by as much; the
broadcast alone is printed too), 429 answers (target 0), reply latency
p50/p95/max (target p95 <= 1.5 s), peak memory (max RSS of this process, which also hosts
the fake server and the feed server) and the store's outbox figures.

    python bench/broadcast.py                    # 10,000 subscribers, about 6 minutes
    python bench/broadcast.py --subscribers 1000  # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bot.bot_harness import started_bot  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

FIRST_SUBSCRIBER = 10_000_000
FIRST_READER = 5_000
DIGEST = (
    "<b>Ringkasan berita pagi ini</b>\n\n"
    + "\n\n".join(
        f"<b>{n}. Iuran BPJS Kesehatan dan UMKM: kabar ke-{n}</b>\n"
        "• Pemerintah menyesuaikan aturan iuran bagi pekerja mandiri.\n"
        "• Pelaku UMKM dapat mendaftar lewat aplikasi &amp; kantor cabang.\n"
        f'<a href="https://warta.example/berita/{n}">Baca selengkapnya</a>'
        for n in range(1, 6)
    )
    + "\n\n<i>Atur jam ringkasan lewat /pengaturan</i>"
)


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


async def measure_replies(
    telegram: FakeTelegram, every: float, done: asyncio.Event, latencies: list[float]
) -> None:
    """A reader sends /cari bpjs every ``every`` seconds; record when the answer arrives."""
    reader = FIRST_READER
    while not done.is_set():
        reader += 1
        started = time.monotonic()
        telegram.send_user_message(reader, "/cari bpjs")
        try:
            await telegram.wait_for_messages(1, chat_id=reader, timeout=15)
            latencies.append(time.monotonic() - started)
        except TimeoutError:
            latencies.append(float("inf"))
        await asyncio.sleep(max(0.0, every - (time.monotonic() - started)))


async def run(subscribers: int, reply_every: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, FakeTelegram(rate_limits=True) as telegram:
        async with started_bot(Path(tmp), telegram) as harness:
            services = harness.services
            rss_before = max_rss_mb()
            started = time.monotonic()
            for n in range(subscribers):
                chat_id = FIRST_SUBSCRIBER + n
                services.store.enqueue(chat_id, "digest", DIGEST, dedupe_key=f"bench:{chat_id}")
            enqueue_seconds = time.monotonic() - started
            services.wake_sender()

            done = asyncio.Event()
            latencies: list[float] = []
            reader = None
            if reply_every > 0:
                reader = asyncio.create_task(
                    measure_replies(telegram, reply_every, done, latencies)
                )
            deadline = time.monotonic() + subscribers / 20 + 120
            last_report = time.monotonic()
            while True:
                delivered = [m for m in telegram.sent_messages() if m.chat_id >= FIRST_SUBSCRIBER]
                if len(delivered) >= subscribers or time.monotonic() > deadline:
                    break
                if time.monotonic() - last_report >= 30:
                    last_report = time.monotonic()
                    print(f"  ... {len(delivered)}/{subscribers} delivered", flush=True)
                await asyncio.sleep(0.5)
            done.set()
            if reader is not None:
                await reader
            stats = services.store.stats()
            sender = services.sender
            first, last = delivered[0].time, delivered[-1].time
            all_sent = telegram.sent_messages()
            window = [m for m in all_sent if first <= m.time <= last]
            return {
                "subscribers": subscribers,
                "delivered": len(delivered),
                "distinct_chats": len({m.chat_id for m in delivered}),
                "seconds": last - first,
                "broadcast_rate": (len(delivered) - 1) / max(last - first, 1e-9),
                "total_rate": (len(window) - 1) / max(last - first, 1e-9),
                "replies": len(latencies),
                "p50": percentile(latencies, 50),
                "p95": percentile(latencies, 95),
                "max": max(latencies, default=float("nan")),
                "count_429": telegram.count_429,
                "sender_429": sender.stats.rate_limited if sender else -1,
                "direct_sends": sender.stats.direct_sends if sender else -1,
                "enqueue_seconds": enqueue_seconds,
                "rss_before_mb": rss_before,
                "rss_peak_mb": max_rss_mb(),
                "outbox_sent": stats.sent,
                "outbox_pending": stats.pending,
                "outbox_failed": stats.failed,
            }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=10_000, help="default 10,000")
    parser.add_argument(
        "--reply-every",
        type=float,
        default=0.5,
        help="seconds between /cari (default 0.5; 0: no reader)",
    )
    args = parser.parse_args()
    print(
        f"broadcast: {args.subscribers} subscribers, fake Telegram enforcing 30/s global, "
        f"1/s per chat; a reader sends /cari bpjs every {args.reply_every} s",
        flush=True,
    )
    r = asyncio.run(run(args.subscribers, args.reply_every))
    print(
        f"delivered            {r['delivered']}/{r['subscribers']} "
        f"({r['distinct_chats']} distinct chats) in {r['seconds']:.1f} s"
    )
    print(f"messages per second  {r['total_rate']:.2f} (target >= 28; server cap 30)")
    print(f"  of which broadcast {r['broadcast_rate']:.2f} (the rest are /cari replies)")
    print(f"429 answers          {r['count_429']} (target 0)")
    print(
        f"/cari reply latency  p50 {r['p50'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms, "
        f"max {r['max'] * 1000:.0f} ms over {r['replies']} replies (target p95 <= 1500 ms)"
    )
    print(f"replies charged      {r['direct_sends']} (ReplyMeter -> Sender budget)")
    print(f"enqueue              {r['enqueue_seconds']:.2f} s for {r['subscribers']} rows")
    print(
        f"peak memory          {r['rss_peak_mb']:.0f} MB max RSS (before the broadcast "
        f"{r['rss_before_mb']:.0f} MB; includes the fake servers)"
    )
    print(
        f"outbox               sent {r['outbox_sent']}, pending {r['outbox_pending']}, "
        f"failed {r['outbox_failed']}"
    )
    ok = (
        r["delivered"] >= r["subscribers"]
        and r["count_429"] == 0
        and (not r["replies"] or r["p95"] <= 1.5)
        and (r["subscribers"] < 300 or r["total_rate"] >= 28)
    )
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
