"""Durable timers on the real MongoDB: due timers fire once, across replicas and restarts."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from pymongo import AsyncMongoClient

from tests.support.servers import MONGO_URL, eventually, unique
from xiuhua_events import Timer, Timers, Transaction, UnitOfWork
from xiuhua_events.timers import TIMERS, cancel, ensure_timer_indexes, schedule
from xiuhua_events.uow import ensure_collections


@pytest.fixture
async def uow():
    client = AsyncMongoClient(MONGO_URL, tz_aware=True)
    db = client[unique("timers").replace("-", "_")]
    await ensure_collections(db, "outbox", "inbox", "effects")
    await ensure_timer_indexes(db)
    yield UnitOfWork(client=client, db=db)
    await client.drop_database(db.name)
    await client.close()


async def count_effect(tx: Transaction, timer: Timer) -> None:
    await tx.db.effects.update_one({"_id": timer.key}, {"$inc": {"n": 1}}, upsert=True, session=tx.session)


async def put(uow: UnitOfWork, key: str, due_at: datetime) -> None:
    async with uow.transaction() as tx:
        await schedule(tx, key=key, kind="close", due_at=due_at, data={"issue": key})


def replica(uow: UnitOfWork, **kwargs) -> Timers:
    timers = Timers(uow=uow, poll_seconds=0.05, **kwargs)
    timers.on("close", count_effect)
    return timers


async def test_a_due_timer_fires_once_when_two_replicas_race_for_it(uow):
    now = datetime.now(UTC)
    for n in range(20):
        await put(uow, f"t{n}", now - timedelta(seconds=1))
    first, second = replica(uow), replica(uow)
    await asyncio.gather(first.fire_due(), second.fire_due(), first.fire_due(), second.fire_due())
    effects = {d["_id"]: d["n"] async for d in uow.db.effects.find()}
    assert effects == {f"t{n}": 1 for n in range(20)}
    assert first.fired_total + second.fired_total == 20
    assert await uow.db[TIMERS].count_documents({"fired_at": None}) == 0


async def test_a_replica_whose_lease_ran_out_cannot_fire_it_again(uow):
    await put(uow, "t1", datetime.now(UTC) - timedelta(seconds=1))
    slow = replica(uow, lease_seconds=0.0)  # its claim lapses at once, so the other may claim too
    fast = replica(uow)
    await asyncio.gather(slow.fire_due(limit=1), fast.fire_due(limit=1))
    await asyncio.gather(slow.fire_due(limit=1), fast.fire_due(limit=1))
    assert (await uow.db.effects.find_one({"_id": "t1"}))["n"] == 1


async def test_a_timer_fires_within_seconds_of_its_due_time_and_not_before(uow):
    timers = replica(uow)
    loop = asyncio.create_task(timers.run())
    try:
        await put(uow, "soon", datetime.now(UTC) + timedelta(seconds=0.5))
        await put(uow, "later", datetime.now(UTC) + timedelta(hours=1))
        await eventually(lambda: uow.db.effects.find_one({"_id": "soon"}), timeout=5)
        assert await uow.db.effects.find_one({"_id": "later"}) is None
    finally:
        loop.cancel()


async def test_a_timer_that_fell_due_while_nothing_ran_fires_once_at_the_next_start(uow):
    await put(uow, "overdue", datetime.now(UTC) - timedelta(days=2))
    restarted = replica(uow)
    assert await restarted.fire_due() == 1
    assert await replica(uow).fire_due() == 0
    assert (await uow.db.effects.find_one({"_id": "overdue"}))["n"] == 1


async def test_a_cancelled_or_moved_timer_does_not_fire(uow):
    past = datetime.now(UTC) - timedelta(seconds=1)
    await put(uow, "cancelled", past)
    await put(uow, "moved", past)
    async with uow.transaction() as tx:
        await cancel(tx, "cancelled")
        await schedule(tx, key="moved", kind="close", due_at=datetime.now(UTC) + timedelta(days=7), data={})
    assert await replica(uow).fire_due() == 0
    assert await uow.db.effects.count_documents({}) == 0


async def test_a_failing_effect_leaves_nothing_half_done_and_is_tried_again(uow):
    await put(uow, "flaky", datetime.now(UTC) - timedelta(seconds=1))
    calls = 0

    async def flaky(tx: Transaction, timer: Timer) -> None:
        nonlocal calls
        calls += 1
        await count_effect(tx, timer)
        if calls == 1:
            raise RuntimeError("the first try fails after writing")

    timers = Timers(uow=uow, poll_seconds=0.05, lease_seconds=0.2)
    timers.on("close", flaky)
    assert await timers.fire_due() == 0
    assert await uow.db.effects.count_documents({}) == 0
    await asyncio.sleep(0.3)
    assert await timers.fire_due() == 1
    assert (await uow.db.effects.find_one({"_id": "flaky"}))["n"] == 1
