"""Broadcast a digest to many subscribers through the fake Bot API with Telegram's limits.

The real Warta application runs against ``tests/support/fake_telegram.py`` (in its own process,
enforcing 30 messages/s overall, 1/s per chat, 20/min per group) and a local feed server
carrying the seed article.
N digest messages are queued in the outbox (as the digest job would) and the application's
Sender delivers them, while a reader sends ``/cari bpjs`` every ``--reply-every`` seconds
(each time from another user, as real readers are different people) and the time until the
bot's answer reaches the server is measured.

Prints: messages per second (target >= 28; the broadcast and the replies together, since both
count against Telegram's one global limit, so every reply slows the broadcast by as much; the
broadcast alone is printed too), 429 answers (target 0), reply latency
p50/p95/max (target p95 <= 1.5 s), peak memory (max RSS of this process: the bot and the
small feed server; the fake Telegram runs apart) and the store's outbox figures.

    python -m bench.broadcast                    # 10,000 subscribers, about 6 minutes
    python -m bench.broadcast --subscribers 1000  # a quick run
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bot.runtime.services import Services
from tests.support.fake_telegram import TOKEN
from tests.support.harness import started_bot

ROOT = Path(__file__).resolve().parent.parent
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


class RemoteTelegram:
    """``tests/support/fake_telegram.py`` in its own process (so its work and memory are not counted
    as the bot's), driven through its ``/_fake/`` control API."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.fake_telegram", "--rate-limits"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self.base_url = self._process.stdout.readline().strip()
        self.bot_base_url = self.base_url + "/bot"
        self._token = TOKEN  # what tests.support.harness.make_settings reads
        self._client = httpx.AsyncClient(base_url=self.base_url + "/_fake/", timeout=60)

    async def _get(self, action: str, **params: object) -> object:
        response = await self._client.post(action, data={k: str(v) for k, v in params.items()})
        body = response.json()
        if not body.get("ok"):
            raise TimeoutError(body.get("description"))
        return body

    async def send_user_message(self, user_id: int, text: str) -> float:
        """Inject a message; returns the server's time of it."""
        body = await self._get("message", user_id=user_id, text=text)
        return body["time"]  # type: ignore[index]

    async def first_reply_time(self, chat_id: int, timeout: float) -> float:
        body = await self._get("wait", chat_id=chat_id, n=1, timeout=timeout)
        return body["result"][0]["time"]  # type: ignore[index]

    async def sent(self) -> list[tuple[int, float]]:
        body = await self._get("sent")
        return [(chat, when) for chat, when in body["result"]]  # type: ignore[index]

    async def stats(self) -> dict[str, int]:
        body = await self._get("stats")
        return body["result"]  # type: ignore[index]

    async def close(self) -> None:
        await self._client.aclose()
        self._process.terminate()
        self._process.wait(timeout=10)


async def measure_replies(
    telegram: RemoteTelegram, every: float, done: asyncio.Event, latencies: list[float]
) -> None:
    """A reader sends /cari bpjs every ``every`` seconds; record when the answer arrives."""
    reader = FIRST_READER
    while not done.is_set():
        reader += 1
        started = time.monotonic()
        asked = await telegram.send_user_message(reader, "/cari bpjs")
        try:
            latencies.append(await telegram.first_reply_time(reader, timeout=15) - asked)
        except TimeoutError:
            latencies.append(float("inf"))
        await asyncio.sleep(max(0.0, every - (time.monotonic() - started)))


async def run(subscribers: int, reply_every: float) -> dict[str, float]:
    telegram = RemoteTelegram()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with started_bot(Path(tmp), telegram) as harness:  # type: ignore[arg-type]
                return await broadcast(harness.services, telegram, subscribers, reply_every)
    finally:
        await telegram.close()


async def broadcast(
    services: Services, telegram: RemoteTelegram, subscribers: int, reply_every: float
) -> dict[str, float]:
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
        reader = asyncio.create_task(measure_replies(telegram, reply_every, done, latencies))
    deadline = time.monotonic() + subscribers / 20 + 120
    last_report = time.monotonic()
    while time.monotonic() < deadline:
        stats = services.store.stats()
        if stats.sent >= subscribers:
            break
        if time.monotonic() - last_report >= 30:
            last_report = time.monotonic()
            print(f"  ... {stats.sent}/{subscribers} delivered", flush=True)
        await asyncio.sleep(0.5)
    done.set()
    if reader is not None:
        await reader
    outbox = services.store.stats()
    sender = services.sender
    all_sent = await telegram.sent()
    delivered = [when for chat, when in all_sent if chat >= FIRST_SUBSCRIBER]
    first, last = delivered[0], delivered[-1]
    window = [when for _, when in all_sent if first <= when <= last]
    return {
        "subscribers": subscribers,
        "delivered": len(delivered),
        "distinct_chats": len({chat for chat, _ in all_sent if chat >= FIRST_SUBSCRIBER}),
        "seconds": last - first,
        "broadcast_rate": (len(delivered) - 1) / max(last - first, 1e-9),
        "total_rate": (len(window) - 1) / max(last - first, 1e-9),
        "replies": len(latencies),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "max": max(latencies, default=float("nan")),
        "count_429": (await telegram.stats())["count_429"],
        "direct_sends": sender.stats.direct_sends if sender else -1,
        "enqueue_seconds": enqueue_seconds,
        "rss_before_mb": rss_before,
        "rss_peak_mb": max_rss_mb(),
        "outbox_sent": outbox.sent,
        "outbox_pending": outbox.pending,
        "outbox_failed": outbox.failed,
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
        f"{r['rss_before_mb']:.0f} MB): the bot process, with the feed server"
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
