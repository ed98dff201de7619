"""Where the test servers are (started by `make test` on their own ports) and waiting for them."""

from __future__ import annotations

import asyncio
import inspect
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import aio_pika
import redis.asyncio as redis
from pymongo import AsyncMongoClient

# XIUHUA_TEST_PORT_SHIFT moves the test servers' ports and the e2e tier's own (two stacks side by side)
PORT_SHIFT = int(os.environ.get("XIUHUA_TEST_PORT_SHIFT", "0") or 0)
AMQP_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5673/")
MONGO_URL = os.environ.get("TEST_MONGO_URL", "mongodb://127.0.0.1:27018/?replicaSet=rs0")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6380/0")
# The test stack's own secrets: random-looking, so that the services' start-up check takes them.
JWT_SECRET = "S-1eD4sGRDc5vuARIPdbJJ-gOWiYMwOmqNe6DFNH7Us"
RECEIPT_TOKEN = "HVbPps2OLB-5nddmJdR3X5CokC258HAvKvdU6sDdm7w"


async def eventually(check: Callable[[], Awaitable[Any]], *, timeout: float = 10.0, interval: float = 0.05) -> Any:
    """Poll ``check`` until it returns something truthy; fail with the last value after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if inspect.isawaitable(last):
                last = await last
        except AssertionError as exc:
            last = exc
        else:
            if last:
                return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s; last value: {last!r}")


async def wait_for_servers(timeout: float = 90.0) -> None:
    async def mongo_primary() -> bool:
        client = AsyncMongoClient(MONGO_URL, serverSelectionTimeoutMS=1000)
        try:
            hello = await client.admin.command("hello")
            return bool(hello.get("isWritablePrimary"))
        except Exception:
            return False
        finally:
            await client.close()

    async def rabbit_up() -> bool:
        try:
            connection = await aio_pika.connect(AMQP_URL, timeout=2)
        except Exception:
            return False
        await connection.close()
        return True

    async def redis_up() -> bool:
        client = redis.from_url(REDIS_URL)
        try:
            return bool(await client.ping())
        except Exception:
            return False
        finally:
            await client.aclose()

    for name, check in (("MongoDB", mongo_primary), ("RabbitMQ", rabbit_up), ("Redis", redis_up)):
        try:
            await eventually(check, timeout=timeout, interval=0.5)
        except AssertionError as exc:
            raise RuntimeError(f"{name} test server is not reachable; `make test` starts it") from exc


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
