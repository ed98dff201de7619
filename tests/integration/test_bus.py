"""The bus on the real broker: dead-lettering, and readiness that tells the truth."""

from __future__ import annotations

import aio_pika

from tests.support.servers import AMQP_URL, eventually, unique
from tests.support.services import running, settings_for
from xiuhua_events import EXCHANGE, Bus, CloudEvent, new_event
from xiuhua_reporting.app import create_app
from xiuhua_reporting.settings import ReportingSettings


class DeadLetters:
    """Reads a dead-letter queue with basic.get (quorum queues' declare-ok counts lag behind)."""

    def __init__(self, channel, service: str) -> None:
        self.channel, self.name, self.messages = channel, f"xiuhua.{service}.dlq", []

    async def at_least(self, n: int) -> bool:
        queue = await self.channel.declare_queue(self.name, passive=True)
        while (message := await queue.get(fail=False, no_ack=True)) is not None:
            self.messages.append(message)
        return len(self.messages) >= n


async def test_unreadable_and_always_failing_messages_end_in_the_dead_letter_queue():
    service = unique("dlq")
    bus = Bus(url=AMQP_URL, service=service, delivery_limit=2)
    attempts: list[str] = []

    async def always_fails(event: CloudEvent) -> None:
        attempts.append(event.id)
        raise RuntimeError("handler bug")

    bus.subscribe("xiuhua.test.#", always_fails)
    await bus.connect()
    await bus.start_consuming()
    channel = await bus.open_channel()
    try:
        exchange = await channel.get_exchange(EXCHANGE)
        await exchange.publish(aio_pika.Message(b"not a cloudevent"), routing_key="xiuhua.test.junk.v1")
        dead = DeadLetters(channel, service)
        await eventually(lambda: dead.at_least(1), timeout=10)
        assert dead.messages[0].body == b"not a cloudevent"
        assert dead.messages[0].headers["x-first-death-reason"] == "rejected"
        poison = new_event(type="xiuhua.test.poison.v1", source="/test", tenant="huayuan", data={})
        await bus.publish(poison)
        await eventually(lambda: dead.at_least(2), timeout=20)
        assert dead.messages[1].headers["ce-id"] == poison.id
        assert attempts.count(poison.id) >= 2  # retried up to the delivery limit, then dead-lettered
    finally:
        for name in (f"xiuhua.{service}", f"xiuhua.{service}.dlq"):
            await channel.queue_delete(name)
        await bus.close()


async def test_readyz_is_503_while_the_broker_cannot_be_reached_and_200_when_it_can():
    broken = settings_for(ReportingSettings, amqp_url="amqp://guest:guest@127.0.0.1:1/")
    async with running(create_app, broken, wait_ready=False) as svc:
        r = await svc.client.get("/readyz")
        assert r.status_code == 503
        assert r.json()["checks"] == {"mongodb": True, "redis": True, "rabbitmq": False, "consumers": False}
        assert (await svc.client.get("/healthz")).status_code == 200
    async with running(create_app, settings_for(ReportingSettings)) as svc:
        r = await svc.client.get("/readyz")
        assert r.status_code == 200 and all(r.json()["checks"].values())
        metrics = await svc.client.get("/metrics")
        assert "xiuhua_outbox_pending" in metrics.text
        doc = (await svc.client.get("/reporting/v1/asyncapi.json")).json()
        assert doc["asyncapi"] == "3.0.0" and "xiuhua.issue.submitted.v1" in doc["channels"]


async def test_an_event_whose_data_does_not_fit_is_dead_lettered_at_once():
    async with running(create_app, settings_for(ReportingSettings)) as svc:
        channel = await svc.runtime.bus.open_channel()
        bad = new_event(type="xiuhua.issue.submitted.v1", source="/test", tenant="huayuan", data={"issue_id": 7})
        await svc.runtime.bus.publish(bad)
        dead = DeadLetters(channel, svc.runtime.bus.service)
        await eventually(lambda: dead.at_least(1), timeout=10)
        assert dead.messages[0].headers["ce-id"] == bad.id
        assert dead.messages[0].headers["x-first-death-reason"] == "rejected"
        await channel.close()
