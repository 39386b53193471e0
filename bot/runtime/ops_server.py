"""Operability: Prometheus metrics on ``/metrics`` and a health check on ``/healthz``.

Served on ``WARTA_METRICS_LISTEN`` (host:port) by a small threaded HTTP server, so a scrape
never waits for the event loop. The counters live in :mod:`bot.core.metrics`; the outbox
gauges and the health check ask the store when they are read.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
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


class OutboxCollector(Collector):
    """``warta_outbox_depth`` and ``warta_outbox_oldest_seconds``, read from the store."""

    def __init__(self, backlog: Callable[[], tuple[int, datetime | None]]) -> None:
        self.backlog = backlog

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            depth, oldest = self.backlog()
        except Exception as exc:  # the database is down: /healthz says so; no gauge now
            log.warning("metrics: cannot read the outbox: %s", redact(str(exc)))
            return
        age = 0.0 if oldest is None else max(0.0, (datetime.now(UTC) - oldest).total_seconds())
        yield GaugeMetricFamily(
            "warta_outbox_depth", "Outbox messages waiting to be sent", value=depth
        )
        yield GaugeMetricFamily(
            "warta_outbox_oldest_seconds", "Age of the oldest waiting outbox message", value=age
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
        backlog: Callable[[], tuple[int, datetime | None]] | None = None,
    ) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(_Forward(REGISTRY))
        if backlog is not None:
            self.registry.register(OutboxCollector(backlog))
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
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


class _Forward(Collector):
    """Exposes the process-wide registry through a server's own registry."""

    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterator[Any]:
        yield from self.source.collect()
