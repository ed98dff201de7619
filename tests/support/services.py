"""Running one service in-process against the real servers, and minting tokens for it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from tests.support.servers import AMQP_URL, JWT_SECRET, MONGO_URL, REDIS_URL, eventually, unique
from xiuhua_auth import Authenticator, Principal
from xiuhua_runtime import Runtime, ServiceSettings

AUTH = Authenticator(secret=JWT_SECRET)


def token(role: str, community: str | None = "huayuan", *, subdistrict: str = "lizhou", sub: str | None = None,
          estate: str | None = None, name: str | None = None, company: str | None = None) -> dict[str, str]:
    """An Authorization header for a principal, as intake's login would issue it."""
    principal = Principal(sub=sub or f"{role}-{community}", role=role, community=community,
                          subdistrict=subdistrict, estate=estate, name=name, company=company)
    return {"Authorization": f"Bearer {AUTH.issue(principal)}"}


def settings_for(settings_cls: type[ServiceSettings], **overrides: Any) -> ServiceSettings:
    """Settings on the test servers with a database and a queue of this test's own."""
    name = unique(settings_cls.model_fields["service"].default)
    values = {"amqp_url": AMQP_URL, "mongo_url": MONGO_URL, "redis_url": REDIS_URL, "jwt_secret": JWT_SECRET,
              "mongo_db": name.replace("-", "_"), "consumer_name": name, "redis_prefix": name,
              "outbox_poll_seconds": 0.2,
              # tests run at every hour of the day: quiet hours are tested where they are the subject
              "quiet_hours": "off"}
    return settings_cls(**(values | overrides))


@dataclass
class Running:
    app: FastAPI
    client: httpx.AsyncClient
    runtime: Runtime


@asynccontextmanager
async def running(create_app: Callable[[Any], FastAPI], settings: ServiceSettings,
                  *, wait_ready: bool = True, keep_data: bool = False) -> AsyncIterator[Running]:
    """The service in-process; ``keep_data`` for a second replica sharing another's database."""
    app = create_app(settings)
    runtime: Runtime = app.state.runtime
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            if wait_ready:
                await eventually(runtime.started.is_set, timeout=30)
            try:
                yield Running(app, client, runtime)
            finally:
                if not keep_data:
                    await _drop(runtime)


async def _drop(runtime: Runtime) -> None:
    """Leave the shared test servers as they were: no stray database or queue."""
    await runtime.mongo.drop_database(runtime.db.name)
    if runtime.bus.connected:
        channel = await runtime.bus.open_channel()
        for name in (f"xiuhua.{runtime.bus.service}", f"xiuhua.{runtime.bus.service}.dlq"):
            await channel.queue_delete(name)
        await channel.close()
