"""The outbox on the real servers: what it keeps after publishing, and what it must not."""

from __future__ import annotations

import pytest
from pymongo import AsyncMongoClient

from tests.support.broker import Probe
from tests.support.servers import AMQP_URL, MONGO_URL, unique
from xiuhua_events import Bus, OutboxRelay, UnitOfWork, new_event
from xiuhua_events.uow import OUTBOX, ensure_indexes


@pytest.fixture
async def relay():
    client = AsyncMongoClient(MONGO_URL, tz_aware=True)
    db = client[unique("outbox").replace("-", "_")]
    await ensure_indexes(db)
    bus = Bus(url=AMQP_URL, service=unique("outbox"))
    await bus.connect()
    yield UnitOfWork(client=client, db=db), OutboxRelay(db=db, bus=bus)
    await bus.close()
    await client.drop_database(db.name)
    await client.close()


async def test_a_sensitive_event_leaves_no_copy_once_the_broker_has_it(relay):
    uow, outbox = relay
    code = new_event(type="xiuhua.test.code.v1", source="/test", tenant="platform", data={"code": "654321"})
    plain = new_event(type="xiuhua.test.plain.v1", source="/test", tenant="platform", data={"n": 1})
    async with Probe(["xiuhua.test.#"]) as probe:
        async with uow.transaction() as tx:
            tx.emit(code, sensitive=True)
            tx.emit(plain)
        assert await uow.db[OUTBOX].count_documents({}) == 2
        assert await outbox.publish_pending() == 2
        await probe.wait_for("xiuhua.test.code.v1", code="654321")
    assert await uow.db[OUTBOX].find_one({"_id": code.id}) is None
    kept = await uow.db[OUTBOX].find_one({"_id": plain.id})
    assert kept["published_at"] is not None
