"""Durable timers under load: how late they fire with 10,000 pending, two replicas polling.

10,000 timers wait in the collection (a subdistrict's reminders, breaches, escalations and
auto-closes: four or five per open task) while 1,000 more fall due evenly over 20 seconds —
50 a second, far above a subdistrict's real rate. Two replicas of the services' own ``Timers``
(their poll interval and concurrency) claim and fire them, each in a transaction that also
writes one effect document, as a real handler writes its task and outbox record. Lateness is
when the timer was marked fired minus when it was due: p50 and p99.

The ceiling, in the same run on the same collection: two bare loops with the same poll interval
that only claim (one find-and-update) and mark each timer fired (one update) — no transaction,
no lease, no effect. Most of the lateness of both is the poll interval (a loop that found
nothing due sleeps that long); the ratio is the ceiling's p50 over xiuhua's.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from pymongo import AsyncMongoClient, ReturnDocument

from xiuhua_events import Timer, Timers, Transaction, UnitOfWork
from xiuhua_events.timers import TIMERS, ensure_timer_indexes
from xiuhua_runtime.settings import ServiceSettings

DB = "bench_timers"
KIND = "bench"


async def _effect(tx: Transaction, timer: Timer) -> None:
    await tx.db["effects"].insert_one({"_id": timer.key, "at": datetime.now(UTC)}, session=tx.session)


def _doc(key: str, due: datetime) -> dict:
    return {"_id": key, "kind": KIND, "due_at": due, "data": {}, "fired_at": None,
            "claimed_until": datetime(1970, 1, 1, tzinfo=UTC), "attempts": 0, "scheduled_at": datetime.now(UTC),
            "replayed": False}


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def _bare(db, poll: float) -> None:
    while True:
        now = datetime.now(UTC)
        doc = await db[TIMERS].find_one_and_update(
            {"fired_at": None, "due_at": {"$lte": now}}, {"$set": {"claimed_until": now}},
            sort=[("due_at", 1)], return_document=ReturnDocument.AFTER)
        if doc is None:
            await asyncio.sleep(poll)
            continue
        await db[TIMERS].update_one({"_id": doc["_id"]}, {"$set": {"fired_at": datetime.now(UTC)}})


async def _xiuhua(uow: UnitOfWork, poll: float) -> None:
    timers = Timers(uow=uow, poll_seconds=poll)
    timers.on(KIND, _effect)
    await timers.run()


async def _round(db, loops, *, due: int, pending: int, spread: float) -> list[float]:
    """Lay out the timers, run two loops until all ``due`` fired, return each one's lateness (ms)."""
    await db[TIMERS].delete_many({})
    await db["effects"].delete_many({})
    far = datetime.now(UTC) + timedelta(days=30)
    await db[TIMERS].insert_many([_doc(f"far-{i}", far + timedelta(seconds=i)) for i in range(pending)])
    start = datetime.now(UTC) + timedelta(seconds=2)
    await db[TIMERS].insert_many([_doc(f"t-{i}", start + timedelta(seconds=spread * i / due)) for i in range(due)])
    tasks = [asyncio.create_task(loop()) for loop in loops]
    deadline = time.monotonic() + spread + 180
    try:
        while time.monotonic() < deadline:
            if await db[TIMERS].count_documents({"_id": {"$regex": "^t-"}, "fired_at": {"$ne": None}}) >= due:
                break
            await asyncio.sleep(0.5)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return [(d["fired_at"] - d["due_at"]).total_seconds() * 1000
            async for d in db[TIMERS].find({"_id": {"$regex": "^t-"}, "fired_at": {"$ne": None}})]


async def measure(mongo_url: str, *, due: int = 1_000, pending: int = 10_000, spread: float = 20.0) -> dict:
    client = AsyncMongoClient(mongo_url, tz_aware=True)
    try:
        await client.drop_database(DB)
        db = client[DB]
        await ensure_timer_indexes(db)
        uow = UnitOfWork(client=client, db=db)
        poll = ServiceSettings.model_fields["timer_poll_seconds"].default
        late = await _round(db, [lambda: _xiuhua(uow, poll)] * 2, due=due, pending=pending, spread=spread)
        effects = await db["effects"].count_documents({})
        bare = await _round(db, [lambda: _bare(db, poll)] * 2, due=due, pending=pending, spread=spread)

        def summary(values: list[float]) -> dict:
            return {"fired": len(values), "p50_ms": round(_pct(values, 50), 1) if values else None,
                    "p99_ms": round(_pct(values, 99), 1) if values else None,
                    "max_ms": round(max(values), 1) if values else None}

        x, c = summary(late), summary(bare)
        return {"due": due, "pending": pending, "spread_s": spread, "poll_s": poll, "replicas": 2,
                "xiuhua": x | {"effects": effects, "fired_once": effects == len(late) == due},
                "ceiling": c,
                "ratio": round(c["p50_ms"] / x["p50_ms"], 3) if x["p50_ms"] and c["p50_ms"] else None}
    finally:
        await client.drop_database(DB)
        await client.close()


if __name__ == "__main__":
    import json
    import os

    print(json.dumps(asyncio.run(measure(os.environ["MONGO_URL"])), indent=2))
