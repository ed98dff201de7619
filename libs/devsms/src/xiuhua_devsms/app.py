"""The composition root: Redis, the providers' SendSms, the receipts and the routes of ``/dev/sms/``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

import redis.asyncio as redis
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field

from xiuhua_devsms import page
from xiuhua_devsms.limits import NumberLimits
from xiuhua_devsms.providers import Desk, aliyun_send, tencent_send
from xiuhua_devsms.receipts import ReceiptPoster
from xiuhua_devsms.settings import DevSmsSettings, InboxOff
from xiuhua_devsms.store import Inbox
from xiuhua_runtime.errors import install_error_handlers

log = logging.getLogger(__name__)
Phone = Annotated[str, Query(max_length=20, pattern=r"^\d*$", description="the number, or its last digits")]
MAX_REQUEST_BYTES = 64 * 1024


class InboxMessage(BaseModel):
    provider: str = Field(description="aliyun or tencent: whose SendSms was called")
    provider_id: str = Field(description="Aliyun BizId or Tencent SerialNo")
    out_id: str = Field(description="Aliyun OutId or Tencent SessionContext: the sender's message id")
    phone: str
    sign_name: str
    template_id: str
    params: dict[str, Any] = {}
    text: str
    code: str | None = Field(default=None, description="the verification code the message carries, if any")
    received_at: datetime


class InboxPage(BaseModel):
    items: list[InboxMessage] = Field(description="newest first")


class InboxStats(BaseModel):
    sent: int = Field(description="messages sent since the inbox was last cleared")
    out_id_sends: int | None = Field(default=None, description="how often the asked out id was sent")


class Node:
    """The provider's clients: Redis (messages, limits) and the receipt poster."""

    def __init__(self, settings: DevSmsSettings) -> None:
        self.settings = settings
        self.redis = redis.from_url(settings.redis_url, decode_responses=True, socket_timeout=5)
        self.inbox = Inbox(self.redis, prefix=settings.redis_prefix, keep=settings.keep)
        self.limits = NumberLimits(self.redis, prefix=settings.redis_prefix, per_minute=settings.per_minute,
                                   per_hour=settings.per_hour)
        self.receipts = ReceiptPoster(aliyun_url=settings.aliyun_report_url,
                                      tencent_url=settings.tencent_callback_url, delay=settings.receipt_delay)
        self.desk = Desk(secrets=settings.secrets, tencent_app_id=settings.tencent_app_id, limits=self.limits,
                         max_param_chars=settings.max_param_chars, keep=self.keep)

    async def keep(self, provider: str, message: dict[str, Any]) -> None:
        await self.inbox.add(message)
        self.receipts.post_later(provider, message)

    async def stop(self) -> None:
        await self.receipts.close()
        await self.redis.aclose()

    async def readiness(self) -> dict[str, bool]:
        try:
            redis_ok = bool(await asyncio.wait_for(self.redis.ping(), timeout=2))
        except Exception:
            redis_ok = False
        return {"redis": redis_ok}


def create_app(settings: DevSmsSettings) -> FastAPI:
    """The local provider; refuses (``InboxOff``) unless the settings switch it on."""
    if not settings.switched_on:
        raise InboxOff()
    node = Node(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await node.stop()

    app = FastAPI(title="xiuhua local SMS provider", version="1.0.0", lifespan=lifespan,
                  description="Aliyun and Tencent Cloud SendSms for `make run` and the tests, and the inbox "
                              "of every SMS sent, login codes included.",
                  docs_url=None, redoc_url=None, openapi_url="/dev/sms/openapi.json")
    app.state.node = node
    install_error_handlers(app)
    app.include_router(_provider_routes(node))
    app.include_router(_inbox_routes(node))
    return app


def _provider_routes(node: Node) -> APIRouter:
    router = APIRouter()

    @router.post("/", summary="SendSms (Aliyun or Tencent Cloud, told apart by their action header)")
    async def send_sms(request: Request) -> JSONResponse:
        """Aliyun dysmsapi 2017-05-25 (``x-acs-action``) or Tencent sms 2021-01-11 (``X-TC-Action``)."""
        body = await request.body()
        if len(body) > MAX_REQUEST_BYTES:
            return JSONResponse({"Code": "RequestTooLarge", "Message": "request too large"}, status_code=413)
        headers = {k.lower(): v for k, v in request.headers.items()}
        args = {"method": request.method, "path": request.url.path, "raw_query": request.url.query,
                "headers": headers, "body": body}
        if "x-tc-action" in headers:
            reply = await tencent_send(node.desk, **args)
        else:
            reply = await aliyun_send(node.desk, **args)
        return JSONResponse(reply.body, status_code=reply.status)

    return router


def _inbox_routes(node: Node) -> APIRouter:
    router = APIRouter()

    @router.get("/dev/sms", include_in_schema=False)
    async def bare() -> RedirectResponse:
        return RedirectResponse("/dev/sms/", status_code=301)

    @router.get("/dev/sms/", response_class=HTMLResponse, summary="The inbox page")
    async def inbox_page(phone: Phone = "") -> HTMLResponse:
        """The last SMS sent, newest first, codes large; filter by phone; refreshes itself."""
        messages = await node.inbox.latest(phone=phone or None, limit=100)
        html = page.render(messages, phone=phone, now=datetime.now(UTC))
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    @router.get("/dev/sms/messages", response_model=InboxPage, summary="The last SMS as JSON")
    async def messages(phone: Phone = "", out_id: Annotated[str, Query(max_length=80)] = "",
                       limit: Annotated[int, Query(ge=1, le=500)] = 50) -> JSONResponse:
        """The last SMS sent (newest first), optionally only those to ``phone`` or with ``out_id``."""
        items = await node.inbox.latest(phone=phone or None, out_id=out_id or None, limit=limit)
        return JSONResponse({"items": items}, headers={"Cache-Control": "no-store"})

    @router.get("/dev/sms/stats", response_model=InboxStats, summary="How much was sent")
    async def stats(out_id: Annotated[str, Query(max_length=80)] = "") -> InboxStats:
        """Messages sent in all, and how often one out id was sent (a provider sends twice if asked twice)."""
        return InboxStats(sent=await node.inbox.total(),
                          out_id_sends=await node.inbox.sends(out_id) if out_id else None)

    @router.get("/healthz", summary="Liveness")
    async def healthz() -> dict[str, str]:
        """The process is alive and serving HTTP."""
        return {"status": "ok"}

    @router.get("/readyz", summary="Readiness")
    async def readyz() -> JSONResponse:
        """Redis answers."""
        checks = await node.readiness()
        ready = all(checks.values())
        return JSONResponse({"status": "ready" if ready else "not_ready", "checks": checks},
                            status_code=200 if ready else 503)

    return router
