"""Prometheus metrics shared by every service (labelled by service, so several services can
live in one process, as they do in the end-to-end tests)."""

from __future__ import annotations

import time

from prometheus_client import Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HTTP_REQUESTS = Counter("xiuhua_http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
HTTP_LATENCY = Histogram("xiuhua_http_request_seconds", "HTTP request latency", ["service", "method", "route"])
EVENTS_CONSUMED = Counter("xiuhua_events_consumed_total", "Events consumed", ["service", "type", "outcome"])
OUTBOX_PUBLISHED = Gauge("xiuhua_outbox_published", "Outbox events published since start", ["service"])
OUTBOX_PENDING = Gauge("xiuhua_outbox_pending", "Outbox events not yet published", ["service"])


class HttpMetricsMiddleware:
    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            HTTP_REQUESTS.labels(self.service, scope["method"], route, str(status)).inc()
            HTTP_LATENCY.labels(self.service, scope["method"], route).observe(time.perf_counter() - started)

# Delivery per channel (sms, push, group…): "accepted" by the provider, then "delivered" or
# "failed" by its receipt (or failed at once). Rates are ratios of these counters, e.g.
# rate(xiuhua_deliveries_total{outcome="delivered"}[1h]) / rate(xiuhua_deliveries_total{outcome="accepted"}[1h]).
DELIVERIES = Counter("xiuhua_deliveries_total", "Messages by channel and outcome", ["channel", "outcome"])
PROVIDER_CALLS = Counter("xiuhua_provider_calls_total", "Calls to outside providers by verdict",
                         ["provider", "verdict"])
