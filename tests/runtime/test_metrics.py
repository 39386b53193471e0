"""/metrics and /healthz over real HTTP, from a running bot."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from tests.runtime.test_webhook import free_port
from tests.support.fake_telegram import FakeTelegram
from tests.support.harness import started_bot


async def answered_until(
    client: httpx.AsyncClient,
    path: str,
    condition: Callable[[httpx.Response], bool],
    timeout: float = 10.0,
) -> str:
    """The text of ``path`` once its answer meets ``condition`` (an event, not a fixed wait)."""
    deadline = time.monotonic() + timeout
    while True:
        response = await client.get(path)
        if condition(response):
            return response.text
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} never answered as expected: {response.text[:300]}")
        await asyncio.sleep(0.05)


READER = 6201
HOUR = timedelta(hours=1)


def metric(text: str, name: str) -> float:
    """The value of an unlabelled sample in the Prometheus text format."""
    found = re.search(rf"^{re.escape(name)} ([0-9.e+-]+)$", text, re.MULTILINE)
    assert found, f"{name} not in /metrics"
    return float(found.group(1))


def test_metrics_and_health_of_a_running_bot(tmp_path: Path) -> None:
    port = free_port()

    async def scenario(telegram: FakeTelegram) -> None:
        changes = {"metrics_listen": ("127.0.0.1", port)}
        async with (
            started_bot(tmp_path, telegram, settings_changes=changes) as bot,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client,
        ):
            first = (await client.get("/metrics")).text
            assert metric(first, "warta_feeds_polled_total") >= 2  # Merdeka and Antara
            assert metric(first, "warta_articles_stored_total") >= 1  # the seed article
            assert metric(first, "warta_outbox_depth") == 0
            assert "warta_outbox_oldest_seconds" in first
            searches = metric(first, "warta_search_seconds_count")
            replies = metric(first, "warta_reply_seconds_count")

            await bot.say(READER, "/cari bpjs ketenagakerjaan")
            await bot.say(READER, "/langganan koperasi")
            telegram.block_user(READER + 1)
            bot.store.upsert_chat(READER + 1)
            held = bot.store.enqueue(READER + 1, "push", "Halo", dedupe_key="m:1")
            assert held is not None  # waiting, not yet due: the sender leaves it alone
            bot.store.mark_retry(held, error="held", not_before=datetime.now(UTC) + HOUR)
            # The gauges come from a background reading: they catch up within seconds.
            backlog = await answered_until(
                client, "/metrics", lambda r: metric(r.text, "warta_outbox_depth") == 1
            )
            assert metric(backlog, "warta_outbox_reading_age_seconds") < 10
            assert metric(backlog, "warta_outbox_sending_stale") == 0
            bot.store.mark_retry(held, error="held", not_before=datetime.now(UTC))
            bot.services.wake_sender()
            after = await answered_until(
                client,
                "/metrics",
                lambda r: (
                    metric(r.text, "warta_messages_forbidden_total") >= 1
                    and metric(r.text, "warta_outbox_depth") == 0
                ),
            )
            assert metric(after, "warta_search_seconds_count") == searches + 1
            assert metric(after, "warta_reply_seconds_count") >= replies + 2
            assert metric(after, "warta_messages_forbidden_total") >= 1

            healthy = await client.get("/healthz")
            assert healthy.status_code == 200
            body = healthy.json()
            assert body["status"] == "ok" and body["database"] == "ok"
            assert body["sender"] == "running"
            assert 0 <= body["last_poll_age_seconds"] < 60

            assert (await client.get("/nothing")).status_code == 404

            # The sender stops: unhealthy, and the JSON says why.
            await bot.services.sender.stop()
            await answered_until(client, "/healthz", lambda r: r.status_code == 503)
            stopped = await client.get("/healthz")
            assert stopped.status_code == 503
            assert stopped.json()["sender"] == "stopped"

            # The database cannot be reached: unhealthy, the metrics still answer.
            bot.store.close()
            await answered_until(
                client,
                "/healthz",
                lambda r: r.status_code == 503 and r.json()["database"] != "ok",
                timeout=5.0,
            )
            assert (await client.get("/metrics")).status_code == 200

    with FakeTelegram() as telegram:
        asyncio.run(scenario(telegram))
