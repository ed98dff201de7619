"""`xiuhua dlq list / show / replay`: the dead-letter queues of every service, what lies in them
and why, and sending messages back to the queue they died in once the cause is fixed.

Layout (xiuhua_events.topology): each consuming service has the quorum queue ``xiuhua.<service>``
dead-lettering into ``xiuhua.<service>.dlq`` after its delivery limit or a rejection; the broker
adds ``x-death`` / ``x-first-death-*`` headers saying where and why.
https://www.rabbitmq.com/docs/dlx
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import aio_pika
import httpx

DLQ_SUFFIX = ".dlq"
# Headers the broker added when the message died; a replayed message starts afresh without them.
DEATH_HEADERS = ("x-death", "x-first-death-queue", "x-first-death-reason", "x-first-death-exchange",
                 "x-last-death-queue", "x-last-death-reason", "x-last-death-exchange", "x-delivery-count")


def dlq_name(queue_or_service: str) -> str:
    """``notification``, ``xiuhua.notification`` or ``xiuhua.notification.dlq`` → the DLQ's name."""
    name = queue_or_service if queue_or_service.startswith("xiuhua.") else f"xiuhua.{queue_or_service}"
    return name if name.endswith(DLQ_SUFFIX) else name + DLQ_SUFFIX


@dataclass
class DeadLetter:
    event_id: str
    event_type: str
    tenant: str
    queue: str          # where it died (and goes back to)
    reason: str         # rejected, delivery_limit, expired…
    deaths: int
    died_at: str
    headers: dict[str, Any] = field(default_factory=dict)
    body: str = ""


def dead_letter_queues(management_url: str, user: str, password: str) -> list[tuple[str, int, int]]:
    """Every ``xiuhua.*.dlq`` with its messages and consumers (the management API)."""
    rows = httpx.get(f"{management_url}/api/queues", auth=(user, password), timeout=5).json()
    return sorted((r["name"], int(r.get("messages", 0)), int(r.get("consumers", 0)))
                  for r in rows if r["name"].startswith("xiuhua.") and r["name"].endswith(DLQ_SUFFIX))


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _read(message: aio_pika.abc.AbstractIncomingMessage, dlq: str) -> DeadLetter:
    headers = _plain(dict(message.headers or {}))
    deaths = headers.get("x-death") or [{}]
    first = deaths[-1] if isinstance(deaths, list) and deaths else {}
    queue = str(headers.get("x-first-death-queue") or first.get("queue") or dlq.removesuffix(DLQ_SUFFIX))
    return DeadLetter(event_id=str(headers.get("ce-id") or message.message_id or ""),
                      event_type=str(headers.get("ce-type") or message.routing_key or ""),
                      tenant=str(headers.get("ce-tenant", "")), queue=queue,
                      reason=str(headers.get("x-first-death-reason") or first.get("reason") or "?"),
                      deaths=sum(int(d.get("count", 1)) for d in deaths if isinstance(d, dict)) or 1,
                      died_at=str(first.get("time", "")), headers=headers, body=message.body.decode(errors="replace"))


async def peek(amqp_url: str, queue: str, *, limit: int) -> list[DeadLetter]:
    """The first ``limit`` messages of a DLQ, left in it (taken unacknowledged, then given back)."""
    dlq = dlq_name(queue)
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        source = await channel.declare_queue(dlq, passive=True)
        seen: list[DeadLetter] = []
        while len(seen) < limit:
            message = await source.get(no_ack=False, fail=False)
            if message is None:
                break
            seen.append(_read(message, dlq))
        await channel.close()  # unacknowledged: all of them go back, in order
    return seen


async def replay(amqp_url: str, queue: str, *, ids: set[str] | None, limit: int) -> list[DeadLetter]:
    """Send messages of a DLQ (those with ``ids``, or the first ``limit``) back to the queue they
    died in: each is published with confirms, then removed from the DLQ; the rest stay."""
    dlq = dlq_name(queue)
    connection = await aio_pika.connect(amqp_url)
    replayed: list[DeadLetter] = []
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        source = await channel.declare_queue(dlq, passive=True)
        total = source.declaration_result.message_count
        for _ in range(total):
            if ids is None and len(replayed) >= limit:
                break
            message = await source.get(no_ack=False, fail=False)
            if message is None:
                break
            dead = _read(message, dlq)
            if ids is not None and dead.event_id not in ids:
                continue  # left unacknowledged: back to the DLQ when the channel closes
            headers = {k: v for k, v in (message.headers or {}).items() if k not in DEATH_HEADERS}
            again = aio_pika.Message(body=message.body, headers=headers, content_type=message.content_type,
                                     content_encoding=message.content_encoding, message_id=message.message_id,
                                     correlation_id=message.correlation_id, timestamp=message.timestamp,
                                     type=message.type, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
            await channel.default_exchange.publish(again, routing_key=dead.queue)  # straight into its queue
            await message.ack()
            replayed.append(dead)
        await channel.close()
    return replayed


def describe(dead: DeadLetter, *, full: bool) -> str:
    line = (f"{dead.event_id}  {dead.event_type}  tenant={dead.tenant or '-'}  from={dead.queue}  "
            f"reason={dead.reason}  deaths={dead.deaths}  at={dead.died_at or '-'}")
    if not full:
        return line
    shown = {k: v for k, v in dead.headers.items() if not k.startswith("traceparent")}
    return "\n".join([line, "  headers: " + json.dumps(shown, ensure_ascii=False, default=str),
                      "  body:    " + dead.body[:2000]])
