"""The relay that publishes committed outbox records and marks them published.

Records are claimed with a lease so that several replicas share the work; a relay that dies
between publishing and marking leaves the lease to expire and the record is published again.
Consumers deduplicate by event id, so at-least-once here is exactly-once in effect.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.bus import Bus
from xiuhua_events.envelope import CloudEvent
from xiuhua_events.uow import _EPOCH, OUTBOX

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(self, *, db: AsyncDatabase, bus: Bus, batch: int = 100,
                 poll_seconds: float = 1.0, lease_seconds: float = 30.0) -> None:
        self.outbox = db[OUTBOX]
        self.bus, self.batch = bus, batch
        self.poll_seconds, self.lease = poll_seconds, timedelta(seconds=lease_seconds)
        self._wakeup = asyncio.Event()
        self.published_total = 0

    def wake(self) -> None:
        """Called after a commit so the event leaves now rather than at the next poll."""
        self._wakeup.set()

    async def run(self) -> None:
        while True:
            self._wakeup.clear()
            try:
                published = await self.publish_pending()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay pass failed; retrying")
                published = 0
            if published >= self.batch:
                continue
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                pass

    async def pending(self) -> int:
        return await self.outbox.count_documents({"published_at": None})

    async def publish_pending(self) -> int:
        """Claim a batch, publish it with confirms, mark what the broker confirmed."""
        records = await self._claim()
        if not records:
            return 0
        results = await asyncio.gather(
            *(self.bus.publish(CloudEvent.model_validate(r["event"])) for r in records),
            return_exceptions=True,
        )
        done = [r["_id"] for r, res in zip(records, results, strict=True) if res is None]
        failed = [r["_id"] for r, res in zip(records, results, strict=True) if res is not None]
        secret = [r["_id"] for r, res in zip(records, results, strict=True) if res is None and r.get("sensitive")]
        if secret:  # a login code must not outlive its delivery to the broker
            await self.outbox.delete_many({"_id": {"$in": secret}})
        if kept := [i for i in done if i not in secret]:
            await self.outbox.update_many(
                {"_id": {"$in": kept}}, {"$set": {"published_at": datetime.now(UTC)}}
            )
        self.published_total += len(done)
        if failed:
            log.warning("broker refused %d outbox events; they stay pending", len(failed))
            await self.outbox.update_many({"_id": {"$in": failed}}, {"$set": {"claimed_until": _EPOCH}})
        return len(done)

    async def _claim(self) -> list[dict]:
        now = datetime.now(UTC)
        free = {"published_at": None, "claimed_until": {"$lt": now}}
        ids = [d["_id"] async for d in self.outbox.find(free, {"_id": 1}).sort("created_at", 1).limit(self.batch)]
        if not ids:
            return []
        owner = uuid.uuid4().hex
        await self.outbox.update_many(
            {"_id": {"$in": ids}, **free},
            {"$set": {"claimed_until": now + self.lease, "claimed_by": owner}},
        )
        cursor = self.outbox.find({"_id": {"$in": ids}, "claimed_by": owner}).sort("created_at", 1)
        return [d async for d in cursor]
