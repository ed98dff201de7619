"""A probe on the real broker: what an outside consumer (an SMS gateway, say) would receive."""

from __future__ import annotations

import json
from typing import Any

import aio_pika

from tests.support.servers import AMQP_URL, eventually
from xiuhua_events import EXCHANGE, CloudEvent


class Probe:
    def __init__(self, patterns: list[str]) -> None:
        self.patterns = patterns
        self.messages: list[aio_pika.abc.AbstractIncomingMessage] = []
        self._connection: aio_pika.abc.AbstractConnection | None = None

    async def __aenter__(self) -> Probe:
        self._connection = await aio_pika.connect(AMQP_URL)
        channel = await self._connection.channel()
        exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        for pattern in self.patterns:
            await queue.bind(exchange, routing_key=pattern)
        await queue.consume(self._collect, no_ack=True)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        assert self._connection is not None
        await self._connection.close()

    async def _collect(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        self.messages.append(message)

    def of_type(self, event_type: str, **data_match: Any) -> list[aio_pika.abc.AbstractIncomingMessage]:
        found = []
        for m in self.messages:
            if (m.headers or {}).get("ce-type") != event_type:
                continue
            data = json.loads(m.body)
            if all(data.get(k) == v for k, v in data_match.items()):
                found.append(m)
        return found

    async def wait_for(self, event_type: str, count: int = 1, timeout: float = 10.0,
                       **data_match: Any) -> list[aio_pika.abc.AbstractIncomingMessage]:
        async def enough():
            found = self.of_type(event_type, **data_match)
            return found if len(found) >= count else None

        return await eventually(enough, timeout=timeout)


async def publish(event: CloudEvent, *, times: int = 1) -> None:
    """Publish ``event`` as a producer would (the same id ``times`` times, as a redelivery would)."""
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
        for _ in range(times):
            await exchange.publish(event.to_message(), routing_key=event.type)


