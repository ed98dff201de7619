"""The composition root: Redis, the bus, the consumer and the routes of ``/dev/sms/``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

import redis.asyncio as redis
from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from xiuhua_devsms import page
from xiuhua_devsms.messages import SMS_REQUESTED, to_entry
from xiuhua_devsms.settings import DevSmsSettings, InboxOff
from xiuhua_devsms.store import Inbox
from xiuhua_events import Bus, CloudEvent
from xiuhua_runtime.errors import install_error_handlers

log = logging.getLogger(__name__)
REDIS_PATIENCE_SECONDS = 60.0
Phone = Annotated[str, Query(max_length=20, pattern=r"^\d*$", description="the number, or its last digits")]


class InboxMessage(BaseModel):
    out_id: str
    phone: str
    template_id: str
    params: dict[str, Any] = {}
    text: str
    code: str | None = Field(default=None, description="the verification code the text carries, if any")
    community: str = ""
    issue_id: str | None = None
    event_id: str
    received_at: datetime


class InboxPage(BaseModel):
    items: list[InboxMessage] = Field(description="newest first")


class Node:
    """The inbox's clients and its consumer, started in the background so /healthz answers at once."""

    def __init__(self, settings: DevSmsSettings) -> None:
        self.settings = settings
        self.redis = redis.from_url(settings.redis_url, decode_responses=True, socket_timeout=5)
        self.inbox = Inbox(self.redis, prefix=settings.redis_prefix, keep=settings.keep)
        self.bus = Bus(url=settings.amqp_url, service=settings.consumer_name or settings.service,
                       delivery_limit=settings.delivery_limit)
        self.bus.subscribe(SMS_REQUESTED, self.keep)
        self.started = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def keep(self, event: CloudEvent) -> None:
        """Keep one requested SMS (once per out id); Redis being away is waited out, not retried
        by the broker until the message is dead-lettered."""
        entry = to_entry(event)
        delay, waited = 0.1, 0.0
        while True:
            try:
                if not await self.inbox.add(entry):
                    log.info("sms %s already in the inbox", entry["out_id"])
                return
            except (RedisConnectionError, RedisTimeoutError) as exc:
                if waited > REDIS_PATIENCE_SECONDS:
                    raise
                log.info("redis unavailable (%s); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)
            waited += delay
            delay = min(delay * 2, 5.0)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._connect(), name="devsms-connect")

    async def _connect(self) -> None:
        delay = 0.5
        while True:
            try:
                await self.bus.connect()
                await self.bus.start_consuming()
                break
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("broker not ready (%s); retrying in %.1fs", exc, delay)
                await self.bus.close()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)
        self.started.set()
        log.info("devsms consuming %s from queue xiuhua.%s", SMS_REQUESTED, self.bus.service)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.bus.close()
        await self.redis.aclose()

    async def readiness(self) -> dict[str, bool]:
        try:
            redis_ok = bool(await asyncio.wait_for(self.redis.ping(), timeout=2))
        except Exception:
            redis_ok = False
        return {"redis": redis_ok, "rabbitmq": self.bus.connected,
                "consumers": self.started.is_set() and self.bus.consuming}


def create_app(settings: DevSmsSettings) -> FastAPI:
    """The inbox app; refuses (``InboxOff``) unless the settings switch it on."""
    if not settings.switched_on:
        raise InboxOff()
    node = Node(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await node.start()
        try:
            yield
        finally:
            await node.stop()

    app = FastAPI(title="xiuhua development SMS inbox", version="1.0.0", lifespan=lifespan,
                  description="Every SMS the platform asks to send, login codes included. `make run` only.",
                  docs_url=None, redoc_url=None, openapi_url="/dev/sms/openapi.json")
    app.state.node = node
    install_error_handlers(app)
    app.include_router(_routes(node))
    return app


def _routes(node: Node) -> APIRouter:
    router = APIRouter()

    @router.get("/dev/sms", include_in_schema=False)
    async def bare() -> RedirectResponse:
        return RedirectResponse("/dev/sms/", status_code=301)

    @router.get("/dev/sms/", response_class=HTMLResponse, summary="The inbox page")
    async def inbox_page(phone: Phone = "") -> HTMLResponse:
        """The last SMS, newest first, codes large; filter by phone; refreshes itself."""
        messages = await node.inbox.latest(phone=phone or None, limit=100)
        html = page.render(messages, phone=phone, now=datetime.now(UTC))
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    @router.get("/dev/sms/messages", response_model=InboxPage, summary="The last SMS as JSON")
    async def messages(phone: Phone = "", limit: Annotated[int, Query(ge=1, le=500)] = 50) -> JSONResponse:
        """The last SMS (newest first), optionally only those to ``phone``: what scripts and tests read."""
        items = await node.inbox.latest(phone=phone or None, limit=limit)
        return JSONResponse({"items": items}, headers={"Cache-Control": "no-store"})

    @router.get("/healthz", summary="Liveness")
    async def healthz() -> dict[str, str]:
        """The process is alive and serving HTTP."""
        return {"status": "ok"}

    @router.get("/readyz", summary="Readiness")
    async def readyz() -> JSONResponse:
        """Redis answers and the consumer is attached."""
        checks = await node.readiness()
        ready = all(checks.values())
        return JSONResponse({"status": "ready" if ready else "not_ready", "checks": checks},
                            status_code=200 if ready else 503)

    return router
