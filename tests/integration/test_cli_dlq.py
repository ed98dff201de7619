"""`xiuhua dlq` against the real RabbitMQ: a message that kept failing is dead-lettered by the
quorum queue; `list` counts it, `show` says what it is and why it died (leaving it there), and
`replay` sends it back to its queue, where the now-fixed consumer handles it once."""

from __future__ import annotations

import asyncio
import os
import subprocess

from tests.support.broker import publish
from tests.support.servers import AMQP_URL, PORT_SHIFT, eventually, unique
from xiuhua_cli import dlq
from xiuhua_events import Bus, CloudEvent, new_event

MANAGEMENT_URL = f"http://127.0.0.1:{15673 + PORT_SHIFT}"


async def xiuhua(*args: str) -> tuple[int, str]:
    env = os.environ | {"AMQP_URL": AMQP_URL, "RABBITMQ_MANAGEMENT_URL": MANAGEMENT_URL}
    proc = await asyncio.create_subprocess_exec("xiuhua", "dlq", *args, env=env, stdout=subprocess.PIPE,
                                                stderr=subprocess.STDOUT)
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode, out.decode()


async def test_a_dead_lettered_event_is_listed_shown_and_replayed_to_its_queue():
    service, kind = unique("dlqtest"), f"xiuhua.test.{unique('t')}.v1"
    handled: list[str] = []
    broken = True

    async def handler(event: CloudEvent) -> None:
        if broken:
            raise RuntimeError("the database said no")
        handled.append(event.id)

    bus = Bus(url=AMQP_URL, service=service, delivery_limit=1)
    bus.subscribe(kind, handler)
    await bus.connect()
    await bus.start_consuming()
    try:
        poison, other = (new_event(type=kind, source="/test", tenant="huayuan", data={"n": n}) for n in (1, 2))
        await publish(poison)
        await publish(other)
        queue = f"xiuhua.{service}.dlq"

        async def dead() -> list:
            found = await dlq.peek(AMQP_URL, service, limit=10)
            return found if len(found) == 2 else None

        await eventually(dead, timeout=30)

        async def listed() -> bool:  # the management API's counts follow a few seconds behind
            code, out = await xiuhua("list")
            assert code == 0, out
            return any(line.split() == [queue, "2"] for line in out.splitlines())

        await eventually(listed, timeout=30, interval=1)

        code, out = await xiuhua("show", service, "--full")
        assert code == 0, out
        assert poison.id in out and kind in out and f"from=xiuhua.{service}" in out and "tenant=huayuan" in out
        assert "reason=delivery_limit" in out and '"n": 1' in out
        assert len(await dlq.peek(AMQP_URL, queue, limit=10)) == 2  # show leaves them there

        code, out = await xiuhua("replay", service)
        assert code != 0 and "--all" in out  # nothing is replayed without saying what

        broken = False
        code, out = await xiuhua("replay", queue, "--id", poison.id)
        assert code == 0 and f"replayed {poison.id}" in out and "1 replayed" in out, out
        await eventually(lambda: handled == [poison.id], timeout=15)
        left = await dlq.peek(AMQP_URL, service, limit=10)
        assert [d.event_id for d in left] == [other.id]

        code, out = await xiuhua("replay", service, "--all")
        assert code == 0 and "1 replayed" in out
        await eventually(lambda: sorted(handled) == sorted([poison.id, other.id]), timeout=15)
        assert await dlq.peek(AMQP_URL, service, limit=10) == []
    finally:
        channel = await bus.open_channel()
        for name in (f"xiuhua.{service}", f"xiuhua.{service}.dlq"):
            await channel.queue_delete(name)
        await channel.close()
        await bus.close()
