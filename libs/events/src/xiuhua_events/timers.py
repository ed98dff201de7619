"""Durable timers: "close this issue in 7 days", kept in MongoDB so that they survive restarts.

A timer is a document with a due time. Every replica polls for due timers, claims one with a
lease (an atomic find-and-update) and fires it inside a unit of work whose first write marks the
timer fired — only if it was not fired yet. Two replicas that claim the same timer (a lease ran
out) cannot both get past that write, so the effect happens once; a replica that dies mid-fire
leaves the transaction uncommitted and the lease to expire, and the timer fires later. A timer
that fell due while the service or MongoDB was down fires as soon as both are back.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from xiuhua_events import clock
from xiuhua_events.uow import _EPOCH, Transaction, UnitOfWork, ensure_collections

log = logging.getLogger(__name__)

TIMERS = "timers"
FIRED_RETENTION = timedelta(days=30)
MAX_ATTEMPTS = 10
REPLAY_GRACE = timedelta(minutes=3)  # see Timers.fire_due


@dataclass(frozen=True)
class Timer:
    key: str
    kind: str
    due_at: datetime
    data: dict[str, Any]


TimerHandler = Callable[[Transaction, Timer], Awaitable[None]]


async def schedule(tx: Transaction, *, key: str, kind: str, due_at: datetime, data: dict[str, Any]) -> None:
    """Set (or move) the timer ``key`` inside the caller's transaction."""
    await tx.db[TIMERS].replace_one(
        {"_id": key},
        {"kind": kind, "due_at": due_at, "data": data, "fired_at": None, "claimed_until": _EPOCH,
         "attempts": 0, "scheduled_at": datetime.now(UTC), "replayed": clock.replaying()},
        upsert=True, session=tx.session,
    )


async def ensure(db: AsyncDatabase, *, key: str, kind: str, due_at: datetime, again: bool = False) -> None:
    """Set the timer ``key`` unless it is already set or has fired (a recurring job's first beat,
    safe for every replica to call at start); ``again``: a timer that has fired is set anew too (a
    recurring job that stopped and is wanted again)."""
    if again:
        await db[TIMERS].update_one(
            {"_id": key, "fired_at": {"$ne": None}},
            {"$set": {"due_at": due_at, "fired_at": None, "claimed_until": _EPOCH, "attempts": 0}})
    await db[TIMERS].update_one(
        {"_id": key},
        {"$setOnInsert": {"kind": kind, "due_at": due_at, "data": {}, "fired_at": None, "claimed_until": _EPOCH,
                          "attempts": 0, "scheduled_at": datetime.now(UTC), "replayed": False}},
        upsert=True,
    )


async def cancel(tx: Transaction, key: str) -> None:
    """Drop the timer ``key`` if it has not fired (inside the caller's transaction)."""
    await tx.db[TIMERS].delete_one({"_id": key, "fired_at": None}, session=tx.session)


async def ensure_timer_indexes(db: AsyncDatabase) -> None:
    await ensure_collections(db, TIMERS)
    await db[TIMERS].create_index([("fired_at", ASCENDING), ("due_at", ASCENDING)])
    await db[TIMERS].create_index([("fired_at", ASCENDING)], expireAfterSeconds=int(FIRED_RETENTION.total_seconds()),
                                  partialFilterExpression={"fired_at": {"$type": "date"}})


class Timers:
    """The loop that fires due timers of the kinds this service handles."""

    DEFAULT_CONCURRENCY = 8

    def __init__(self, *, uow: UnitOfWork, poll_seconds: float = 1.0, lease_seconds: float = 30.0,
                 concurrency: int = DEFAULT_CONCURRENCY) -> None:
        self.uow, self.collection = uow, uow.db[TIMERS]
        self.concurrency = concurrency
        self.poll_seconds, self.lease = poll_seconds, timedelta(seconds=lease_seconds)
        self._handlers: dict[str, TimerHandler] = {}
        self.replay_clock = False  # a timer set while replaying history fires as of its due time
        self.fired_total = 0

    def on(self, kind: str, handler: TimerHandler) -> None:
        self._handlers[kind] = handler

    @property
    def active(self) -> bool:
        return bool(self._handlers)

    async def run(self) -> None:
        while True:
            try:
                fired = await self.fire_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("timer pass failed; retrying")
                fired = 0
            if not fired:
                await asyncio.sleep(self.poll_seconds)

    async def fire_due(self, limit: int = 50) -> int:
        """Claim and fire up to ``limit`` due timers; how many fired here. Claims are taken a
        batch at a time and the batch fires concurrently (each timer its own transaction)."""
        fired = claimed = 0
        while claimed < limit:
            batch = []
            for _ in range(min(self.concurrency, limit - claimed)):
                doc = await self._claim()
                if doc is None:
                    break
                batch.append(doc)
            if not batch:
                break
            claimed += len(batch)
            fired += sum(await asyncio.gather(*(self._fire(doc) for doc in batch)))
        return fired

    async def _claim(self) -> dict[str, Any] | None:
        now, owner = datetime.now(UTC), uuid.uuid4().hex
        due: dict[str, Any] = {"fired_at": None, "due_at": {"$lte": now}, "claimed_until": {"$lt": now},
                               "kind": {"$in": list(self._handlers)}}
        if self.replay_clock:
            # a replayed timer waits a while for the replay to take the steps that came before it
            due["$or"] = [{"replayed": {"$ne": True}}, {"scheduled_at": {"$lte": now - REPLAY_GRACE}}]
        return await self.collection.find_one_and_update(
            due,
            {"$set": {"claimed_until": now + self.lease, "claimed_by": owner}, "$inc": {"attempts": 1}},
            sort=[("due_at", ASCENDING)], return_document=ReturnDocument.AFTER,
        )

    async def _fire(self, doc: dict[str, Any]) -> bool:
        timer = Timer(key=doc["_id"], kind=doc["kind"], due_at=doc["due_at"], data=doc.get("data", {}))
        handler = self._handlers[timer.kind]
        if self.replay_clock and doc.get("replayed"):
            with clock.as_of(timer.due_at):
                return await self._fire_now(timer, handler, doc)
        return await self._fire_now(timer, handler, doc)

    async def _fire_now(self, timer: Timer, handler: TimerHandler, doc: dict[str, Any]) -> bool:
        for attempt in range(5):
            try:
                async with self.uow.transaction() as tx:
                    marked = await tx.db[TIMERS].update_one(
                        {"_id": timer.key, "fired_at": None, "due_at": timer.due_at},
                        {"$set": {"fired_at": datetime.now(UTC)}}, session=tx.session,
                    )
                    if marked.modified_count == 0:
                        return False  # fired by another replica, cancelled or moved meanwhile
                    await handler(tx, timer)
                self.fired_total += 1
                return True
            except PyMongoError as exc:
                if not exc.has_error_label("TransientTransactionError") or attempt == 4:
                    return await self._failed(doc, exc)
                await asyncio.sleep(0.05 * 2**attempt)
            except Exception as exc:
                return await self._failed(doc, exc)
        return False

    async def _failed(self, doc: dict[str, Any], exc: Exception) -> bool:
        """Leave the lease to run out so the timer is tried again; give up after MAX_ATTEMPTS."""
        if doc.get("attempts", 0) >= MAX_ATTEMPTS:
            log.error("timer %s failed %d times; giving up: %s", doc["_id"], doc["attempts"], exc)
            await self.collection.update_one({"_id": doc["_id"], "fired_at": None},
                                             {"$set": {"fired_at": datetime.now(UTC), "failed": repr(exc)}})
        else:
            log.exception("timer %s failed (attempt %d); it will be tried again", doc["_id"], doc.get("attempts", 0),
                          exc_info=exc)
        return False
