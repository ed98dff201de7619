"""The SMS path on real servers: the local provider (xiuhua-devsms) and the SMS gateway served
over HTTP on free ports, since the providers' SDKs and receipts speak real HTTP."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from tests.support.servers import RECEIPT_TOKEN, eventually
from tests.support.services import settings_for
from xiuhua_devsms.app import Node
from xiuhua_devsms.app import create_app as devsms_app
from xiuhua_devsms.settings import DEV_KEY_ID, DEV_KEY_SECRET, DEV_TENCENT_APP_ID, DevSmsSettings
from xiuhua_runtime import Runtime
from xiuhua_smsgateway.app import create_app as gateway_app
from xiuhua_smsgateway.settings import SmsGatewaySettings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@asynccontextmanager
async def served(app: FastAPI, port: int) -> AsyncIterator[str]:
    """``app`` on 127.0.0.1:``port`` with its lifespan, until the block ends."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    await eventually(lambda: server.started, timeout=30)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.gather(task, return_exceptions=True)


@dataclass
class SmsPath:
    provider_url: str
    gateway_url: str
    node: Node
    gateway: Runtime
    http: httpx.AsyncClient

    async def inbox(self, **params: Any) -> list[dict]:
        r = await self.http.get(f"{self.provider_url}/dev/sms/messages", params=params)
        assert r.status_code == 200, r.text
        return r.json()["items"]

    async def sends(self, out_id: str) -> int:
        r = await self.http.get(f"{self.provider_url}/dev/sms/stats", params={"out_id": out_id})
        return r.json()["out_id_sends"]


@asynccontextmanager
async def sms_path(*, provider: str = "aliyun", notification_url: str = "", devsms: dict | None = None,
                   gateway: dict | None = None) -> AsyncIterator[SmsPath]:
    """The local provider and a gateway sending through it as ``provider``; receipts flow back."""
    provider_port, gateway_port = free_port(), free_port()
    receipts = f"http://127.0.0.1:{gateway_port}/smsgateway/v1/receipts"
    dev = devsms_app(settings_for(DevSmsSettings, inbox="1", receipt_delay=0.05,
                                  aliyun_report_url=f"{receipts}/aliyun?token={RECEIPT_TOKEN}",
                                  tencent_callback_url=f"{receipts}/tencent?token={RECEIPT_TOKEN}", **(devsms or {})))
    gw = gateway_app(settings_for(
        SmsGatewaySettings, sms_provider=provider, sms_endpoint=f"127.0.0.1:{provider_port}", sms_protocol="http",
        sms_access_key_id=DEV_KEY_ID, sms_access_key_secret=DEV_KEY_SECRET, sms_sdk_app_id=DEV_TENCENT_APP_ID,
        sms_receipt_token=RECEIPT_TOKEN, notification_url=notification_url, sms_backoff_base=0.02, sms_backoff_cap=0.1,
        **(gateway or {})))
    runtime: Runtime = gw.state.runtime
    async with served(dev, provider_port) as provider_url, served(gw, gateway_port) as gateway_url:
        await eventually(runtime.started.is_set, timeout=30)
        async with httpx.AsyncClient(timeout=10) as http:
            try:
                yield SmsPath(provider_url, gateway_url, dev.state.node, runtime, http)
            finally:
                await dev.state.node.inbox.clear()
                await dev.state.node.limits.clear()
                await runtime.mongo.drop_database(runtime.db.name)
                channel = await runtime.bus.open_channel()
                for name in (f"xiuhua.{runtime.bus.service}", f"xiuhua.{runtime.bus.service}.dlq"):
                    await channel.queue_delete(name)
                await channel.close()
