"""The FastAPI application every service builds the same way: errors, limits, metrics,
tracing, health routes and the AsyncAPI document around the service's own routers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from xiuhua_events import EventSpec, asyncapi_document
from xiuhua_runtime.errors import document_errors, error_response, install_error_handlers
from xiuhua_runtime.limits import BodyLimitMiddleware
from xiuhua_runtime.metrics import HttpMetricsMiddleware
from xiuhua_runtime.replay import ReplayClockMiddleware
from xiuhua_runtime.runtime import Runtime, Setup
from xiuhua_runtime.telemetry import instrument, setup_tracing

log = logging.getLogger(__name__)


def create_service_app(
    *, runtime: Runtime, title: str, description: str, routers: Sequence[APIRouter],
    publishes: Sequence[EventSpec] = (), consumes: Sequence[EventSpec] = (),
    setup: Setup | None = None, version: str = "1.0.0", json_prefixes: tuple[str, ...] | None = None,
    uploads: dict[str, int] | None = None,
) -> FastAPI:
    service = runtime.settings.service
    setup_tracing(service=service, otlp_endpoint=runtime.settings.otel_exporter_otlp_endpoint)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start(setup)
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, description=description, version=version, lifespan=lifespan,
                  docs_url=f"/{service}/docs", redoc_url=None, openapi_url=f"/{service}/openapi.json")
    app.state.runtime = runtime
    app.state.authenticator = runtime.authenticator
    install_error_handlers(app)

    @app.exception_handler(Exception)
    async def _bug(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return error_response(500, "internal", "服务出错了，请稍后再试")

    for router in routers:
        app.include_router(router)
    app.include_router(_operations_router(runtime, list(publishes), list(consumes), version))
    json_prefixes = json_prefixes or (f"/{service}/v1/",)
    document_errors(app, prefixes=json_prefixes)
    app.add_middleware(BodyLimitMiddleware, max_bytes=runtime.settings.max_body_bytes,
                       json_prefixes=json_prefixes, uploads=uploads)
    app.add_middleware(HttpMetricsMiddleware, service=service)
    if runtime.settings.replay_clock:
        app.add_middleware(ReplayClockMiddleware)
    instrument(app)
    return app


def _operations_router(runtime: Runtime, publishes: list[EventSpec], consumes: list[EventSpec],
                       version: str) -> APIRouter:
    router = APIRouter(tags=["operations"])
    service = runtime.settings.service
    document = asyncapi_document(service=service, version=version, publishes=publishes, consumes=consumes)

    @router.get("/healthz", summary="Liveness")
    async def healthz() -> dict[str, str]:
        """The process is alive and serving HTTP."""
        return {"status": "ok"}

    @router.get("/readyz", summary="Readiness", responses={503: {"description": "a dependency is not ready"}})
    async def readyz() -> JSONResponse:
        """MongoDB, RabbitMQ and Redis answer and the consumers are attached."""
        checks = await runtime.readiness()
        ready = all(checks.values())
        return JSONResponse({"status": "ready" if ready else "not_ready", "checks": checks},
                            status_code=200 if ready else 503)

    @router.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse)
    async def metrics() -> Response:
        """Prometheus text exposition."""
        await runtime.refresh_gauges()
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @router.get("/openapi.json", include_in_schema=False)
    async def openapi(request: Request) -> JSONResponse:
        return JSONResponse(request.app.openapi())

    @router.get(f"/{service}/v1/asyncapi.json", summary="AsyncAPI 3 document of this service's events")
    async def asyncapi() -> JSONResponse:
        """Every event this service publishes and consumes, generated from its schemas."""
        return JSONResponse(document)

    return router
