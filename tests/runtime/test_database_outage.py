"""PostgreSQL stops under a real ``warta run --role worker`` process: ``/healthz`` says 503
within 5 s and 200 soon after the database is back, ``/metrics`` keeps answering at once, and
the pushes that reached Telegram while the database was down are recorded 'sent' afterwards,
none sent twice.

The outage (40 s) outlasts the pool's 30 s wait for a connection, so recording those pushes
fails in the sender and the sender loses its lease: the recorder writes them later and the
sender elected again must not send them again."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from bot.core.models import NewOutboxMessage
from bot.storage import open_store
from tests.runtime.test_roles_postgres import start, stop, wait_for
from tests.runtime.test_webhook import free_port
from tests.support.fake_telegram import FakeTelegram
from tests.support.pg import throwaway_cluster  # noqa: F401  (the throwaway fixture)
from tests.support.postgres import PostgresForTests

CHATS = 8  # the sender's concurrency: all in flight when the database stops
OUTAGE = 40.0  # seconds
LATER = datetime.now(UTC) + timedelta(days=365)  # "claimed before" this: every claim


def get(client: httpx.Client, path: str) -> tuple[int, float]:
    """(status, seconds the answer took); a request that gets no answer in 10 s fails."""
    started = time.monotonic()
    response = client.get(path)
    return response.status_code, time.monotonic() - started


def test_health_and_the_outbox_through_a_database_outage(
    throwaway: PostgresForTests, tmp_path: Path, monkeypatch
) -> None:
    cluster = throwaway.cluster
    assert cluster is not None
    dsn = throwaway.fresh()
    store = open_store(dsn)
    for chat_id in range(1, CHATS + 1):
        store.upsert_chat(chat_id)
    store.close()
    port = free_port()
    monkeypatch.setenv("WARTA_METRICS_LISTEN", f"127.0.0.1:{port}")
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10.0)
    # Every Bot API call takes 3 s: the pushes are still on their way when the database stops.
    with FakeTelegram(latency=3.0) as telegram:
        worker = start("worker", dsn, telegram, tmp_path)
        try:
            store = open_store(dsn)
            wait_for(lambda: store.lease_holder("sender"), 90, "an elected worker")
            wait_for(lambda: get(client, "/healthz")[0] == 200, 30, "a healthy worker")
            store.enqueue_many(
                [NewOutboxMessage(n, "push", f"Berita {n}", f"p:{n}") for n in range(1, 9)]
            )
            wait_for(lambda: store.stats().pending == 0, 30, "the pushes to be claimed")
            store.close()
            cluster.take_down()
            stopped = time.monotonic()
            unhealthy_after = None
            health_times, metrics_times = [], []
            while time.monotonic() - stopped < OUTAGE:
                code, took = get(client, "/healthz")
                health_times.append(took)
                if code == 503 and unhealthy_after is None:
                    unhealthy_after = time.monotonic() - stopped
                metrics_code, took = get(client, "/metrics")
                assert metrics_code == 200
                metrics_times.append(took)
                time.sleep(0.2)
            assert len(telegram.sent_messages()) == CHATS  # they reached Telegram meanwhile
            cluster.bring_back()
            back = time.monotonic()
            wait_for(lambda: get(client, "/healthz")[0] == 200, 30, "health after the outage")
            healthy_after = time.monotonic() - back

            store = open_store(dsn)
            wait_for(
                lambda: (
                    store.outbox_in_flight(claimed_before=LATER)[0] == 0
                    and store.stats().pending == 0
                ),
                120,
                "every push recorded",
            )
            statuses = Counter(
                store.get_message(i).status  # type: ignore[union-attr]
                for i in range(1, CHATS + 1)
            )
            time.sleep(3.0)  # a push sent twice would show here
            per_chat = Counter(m.chat_id for m in telegram.sent_messages())
            store.close()
            print(
                f"503 after {unhealthy_after} s, 200 {healthy_after:.1f} s after the restart; "
                f"/healthz max {max(health_times):.2f} s, /metrics max {max(metrics_times):.2f} s"
            )
            assert unhealthy_after is not None and unhealthy_after <= 5.0
            assert max(health_times) < 2.0
            assert max(metrics_times) < 1.0
            assert healthy_after <= 15.0
            assert statuses == {"sent": CHATS}
            assert per_chat == dict.fromkeys(range(1, CHATS + 1), 1)
        finally:
            client.close()
            stop([worker])
    logs = "".join(p.read_text() for p in tmp_path.glob("*.log"))
    assert worker.returncode == 0, logs[-3000:]
    assert "recorded sent after the database came back" in logs  # the path under test
