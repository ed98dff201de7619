"""The composition of one service's clients: MongoDB, Redis, the bus, the outbox relay,
the unit of work and the authenticator, with their start-up and shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import redis.asyncio as redis
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Authenticator
from xiuhua_events import Bus, OutboxRelay, Timers, UnitOfWork
from xiuhua_events.timers import ensure_timer_indexes
from xiuhua_events.uow import ensure_indexes as ensure_outbox_indexes
from xiuhua_runtime.metrics import EVENTS_CONSUMED, OUTBOX_PENDING, OUTBOX_PUBLISHED
from xiuhua_runtime.ratelimit import RateLimiter
from xiuhua_runtime.settings import ServiceSettings

log = logging.getLogger(__name__)

Setup = Callable[[AsyncDatabase], Awaitable[None]]


class Runtime:
    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        # First: a weak JWT_SECRET stops the service before it opens any connection (xiuhua_auth.keys).
        self.authenticator = Authenticator(secret=settings.jwt_secret, algorithm=settings.jwt_algorithm,
                                           jwks_url=settings.jwt_jwks_url, issuer=settings.jwt_issuer,
                                           audience=settings.jwt_audience)
        self.mongo: AsyncMongoClient = AsyncMongoClient(
            settings.mongo_url, tz_aware=True, serverSelectionTimeoutMS=5000, appname=f"xiuhua-{settings.service}"
        )
        self.db: AsyncDatabase = self.mongo[settings.database]
        self.redis = redis.from_url(settings.redis_url, decode_responses=True, socket_timeout=5)
        self.limiter = RateLimiter(self.redis, prefix=settings.redis_prefix)
        self.bus = Bus(url=settings.amqp_url, service=settings.consumer_name or settings.service,
                       delivery_limit=settings.delivery_limit)
        self.bus.on_processed = lambda t, outcome: EVENTS_CONSUMED.labels(settings.service, t, outcome).inc()
        self.relay = OutboxRelay(db=self.db, bus=self.bus, poll_seconds=settings.outbox_poll_seconds,
                                 lease_seconds=settings.outbox_lease_seconds)
        self.uow = UnitOfWork(client=self.mongo, db=self.db, on_commit=self.relay.wake)
        self.timers = Timers(uow=self.uow, poll_seconds=settings.timer_poll_seconds)
        self.bus.replay_clock = self.timers.replay_clock = settings.replay_clock
        self.started = asyncio.Event()
        self._tasks: list[asyncio.Task] = []

    async def start(self, setup: Setup | None = None) -> None:
        """Connect in the background so /healthz answers at once and /readyz tells the truth."""
        self._tasks.append(asyncio.create_task(self._connect(setup), name="connect"))

    async def _connect(self, setup: Setup | None) -> None:
        delay = 0.5
        while True:
            try:
                await ensure_outbox_indexes(self.db)
                if self.timers.active:
                    await ensure_timer_indexes(self.db)
                if setup is not None:
                    await setup(self.db)
                await self.bus.connect()
                await self.bus.start_consuming()
                break
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("dependencies not ready (%s); retrying in %.1fs", exc, delay)
                await self.bus.close()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)
        self._tasks.append(asyncio.create_task(self.relay.run(), name="outbox-relay"))
        if self.timers.active:
            self._tasks.append(asyncio.create_task(self.timers.run(), name="timers"))
        self.started.set()
        log.info("%s connected and consuming", self.settings.service)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.bus.close()
        await self.redis.aclose()
        await self.mongo.close()

    async def readiness(self) -> dict[str, bool]:
        checks = {"mongodb": self._ping_mongo(), "redis": self._ping_redis()}
        results = dict(zip(checks, await asyncio.gather(*checks.values()), strict=True))
        results["rabbitmq"] = self.bus.connected
        results["consumers"] = self.started.is_set() and self.bus.consuming
        return results

    async def _ping_mongo(self) -> bool:
        try:
            await asyncio.wait_for(self.mongo.admin.command("ping"), timeout=2)
            return True
        except Exception:
            return False

    async def _ping_redis(self) -> bool:
        try:
            return bool(await asyncio.wait_for(self.redis.ping(), timeout=2))
        except Exception:
            return False

    async def refresh_gauges(self) -> None:
        OUTBOX_PUBLISHED.labels(self.settings.service).set(self.relay.published_total)
        try:
            OUTBOX_PENDING.labels(self.settings.service).set(await self.relay.pending())
        except Exception:
            log.debug("outbox gauge not refreshed", exc_info=True)
