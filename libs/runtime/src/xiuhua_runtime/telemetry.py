"""OpenTelemetry: one tracer provider per process, spans for HTTP (FastAPI instrumentation)
and for the broker (the bus makes producer and consumer spans itself)."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

log = logging.getLogger(__name__)


def setup_tracing(*, service: str, otlp_endpoint: str | None) -> None:
    """Install a provider unless the process already has one (tests install their own)."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = TracerProvider(resource=Resource.create({"service.name": f"xiuhua-{service}",
                                                        "service.namespace": "xiuhua"}))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=f"{otlp_endpoint}/v1/traces")))
        log.info("exporting traces to %s", otlp_endpoint)
    trace.set_tracer_provider(provider)


def instrument(app: FastAPI) -> None:
    # One server span per request; the per-chunk receive/send spans cost more than they tell.
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics", exclude_spans=["receive", "send"])
