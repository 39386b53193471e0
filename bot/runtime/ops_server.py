"""Operability: Prometheus metrics on ``/metrics`` and a health check on ``/healthz``.

Served on ``WARTA_METRICS_LISTEN`` (host:port) by a small threaded HTTP server, so a scrape
never waits for the event loop. The counters live in :mod:`bot.core.metrics`. A scrape never
waits for the database either: the outbox gauges come from the last reading a background
thread made (every ``refresh_every`` seconds), with that reading's age as a gauge. The
health check bounds its own database ping (:mod:`bot.runtime.health`).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

from bot.core.logsafe import redact
from bot.core.metrics import REGISTRY

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutboxReading:
    """The outbox as last read: waiting messages, when the oldest was queued, messages being
    sent and how many of those were claimed longer than the claim timeout ago."""

    depth: int
    oldest: datetime | None
    sending: int | None = None
    stale: int | None = None


BacklogRead = Callable[[], "tuple[int, datetime | None] | OutboxReading"]


class OutboxCollector(Collector):
    """The outbox gauges from the last reading of a background thread; never the store.

    The thread reads once at start, then after each scrape, at most every ``every`` seconds:
    the database is asked no more often than scrapes come (as when scrapes read it), and a
    scrape never waits for it.
    """

    def __init__(
        self, read: BacklogRead, *, every: float = 2.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.read = read
        self.every = every
        self.clock = clock
        self._last: tuple[float, OutboxReading] | None = None  # (when, reading)
        self._stop = threading.Event()
        self._wanted = threading.Event()
        self._thread = threading.Thread(target=self._run, name="warta-metrics-outbox", daemon=True)
        self._failing = False

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wanted.set()

    def refresh(self) -> None:
        """One reading (blocking; a hung database only delays the next one)."""
        try:
            value = self.read()
        except Exception as exc:  # the database is down: /healthz says so; gauges get older
            if not self._failing:
                log.warning("metrics: cannot read the outbox: %s", redact(str(exc)))
            self._failing = True
            return
        self._failing = False
        reading = value if isinstance(value, OutboxReading) else OutboxReading(*value)
        self._last = (self.clock(), reading)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = self.clock()
            self.refresh()
            self._stop.wait(max(0.0, self.every - (self.clock() - started)))
            self._wanted.wait()
            self._wanted.clear()

    def collect(self) -> Iterator[GaugeMetricFamily]:
        self._wanted.set()  # read again for the next scrape
        last = self._last
        if last is None:
            return
        at, reading = last
        oldest = reading.oldest
        age = 0.0 if oldest is None else max(0.0, (datetime.now(UTC) - oldest).total_seconds())
        yield GaugeMetricFamily(
            "warta_outbox_depth", "Outbox messages waiting to be sent", value=reading.depth
        )
        yield GaugeMetricFamily(
            "warta_outbox_oldest_seconds", "Age of the oldest waiting outbox message", value=age
        )
        if reading.sending is not None:
            yield GaugeMetricFamily(
                "warta_outbox_sending", "Outbox messages being sent", value=reading.sending
            )
        if reading.stale is not None:
            yield GaugeMetricFamily(
                "warta_outbox_sending_stale",
                "Outbox messages 'sending' for longer than the claim timeout",
                value=reading.stale,
            )
        yield GaugeMetricFamily(
            "warta_outbox_reading_age_seconds",
            "Seconds since the outbox gauges were read from the database",
            value=max(0.0, self.clock() - at),
        )


Health = Callable[[], tuple[bool, dict[str, Any]]]


class OpsServer:
    """``/metrics`` and ``/healthz`` over HTTP, in a daemon thread."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        health: Health,
        backlog: BacklogRead | None = None,
        refresh_every: float = 2.0,
    ) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(_Forward(REGISTRY))
        self.outbox: OutboxCollector | None = None
        if backlog is not None:
            self.outbox = OutboxCollector(backlog, every=refresh_every)
            self.registry.register(self.outbox)
        registry, check = self.registry, health

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == "/metrics":
                    self._send(200, generate_latest(registry), CONTENT_TYPE_LATEST)
                elif path == "/healthz":
                    try:
                        ok, body = check()
                    except Exception as exc:  # a broken check is an unhealthy process
                        ok, body = False, {"error": redact(f"{type(exc).__name__}: {exc}")}
                    body = {"status": "ok" if ok else "fail", **body}
                    payload = json.dumps(body, ensure_ascii=False).encode()
                    self._send(200 if ok else 503, payload, "application/json")
                else:
                    self._send(404, b'{"error": "not found"}', "application/json")

            def _send(self, status: int, payload: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: scrapes every few seconds would flood the log."""

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="warta-metrics", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def start(self) -> OpsServer:
        if self.outbox is not None:
            self.outbox.start()
        self._thread.start()
        return self

    def stop(self) -> None:
        if self.outbox is not None:
            self.outbox.stop()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class _Forward(Collector):
    """Exposes the process-wide registry through a server's own registry."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterator[Any]:
        yield from self.source.collect()
