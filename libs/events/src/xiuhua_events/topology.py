"""Exchange and queue layout: one durable topic exchange, one quorum queue per consuming
service, each dead-lettering into its own queue after a bounded number of deliveries.

Quorum queues count redeliveries themselves (``x-delivery-limit``) and dead-letter a
message past that, so a poison message cannot loop forever.
https://www.rabbitmq.com/docs/quorum-queues#poison-message-handling
"""

from __future__ import annotations

import aio_pika

from xiuhua_events.envelope import DEAD_LETTER_EXCHANGE, EXCHANGE


def queue_name(service: str) -> str:
    return f"xiuhua.{service}"


def dead_letter_queue_name(service: str) -> str:
    return f"xiuhua.{service}.dlq"


async def declare_exchanges(channel: aio_pika.abc.AbstractChannel) -> aio_pika.abc.AbstractExchange:
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    await channel.declare_exchange(DEAD_LETTER_EXCHANGE, aio_pika.ExchangeType.DIRECT, durable=True)
    return exchange


async def declare_service_queue(
    channel: aio_pika.abc.AbstractChannel, *, service: str, patterns: list[str], delivery_limit: int,
) -> aio_pika.abc.AbstractQueue:
    """Declare ``xiuhua.<service>`` bound to ``patterns`` and its dead-letter queue."""
    name, dlq_name = queue_name(service), dead_letter_queue_name(service)
    dlq = await channel.declare_queue(dlq_name, durable=True, arguments={"x-queue-type": "quorum"})
    await dlq.bind(DEAD_LETTER_EXCHANGE, routing_key=name)
    queue = await channel.declare_queue(
        name,
        durable=True,
        arguments={
            "x-queue-type": "quorum",
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE,
            "x-dead-letter-routing-key": name,
            "x-delivery-limit": delivery_limit,
        },
    )
    for pattern in patterns:
        await queue.bind(EXCHANGE, routing_key=pattern)
    return queue


def topic_matches(pattern: str, key: str) -> bool:
    """AMQP topic matching: ``*`` is one word, ``#`` is zero or more words."""
    return _match(pattern.split("."), key.split("."))


def _match(pattern: list[str], words: list[str]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match(rest, words[i:]) for i in range(len(words) + 1))
    if not words:
        return False
    return (head == "*" or head == words[0]) and _match(rest, words[1:])
