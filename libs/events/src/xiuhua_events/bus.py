"""Publishing with confirms and consuming with manual acks over one robust connection."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable

import aio_pika
from opentelemetry import context, propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from pydantic import ValidationError
from pymongo.errors import ConnectionFailure, PyMongoError

from xiuhua_events import clock
from xiuhua_events.envelope import EXCHANGE, CloudEvent, InvalidEvent
from xiuhua_events.topology import declare_exchanges, declare_service_queue, topic_matches
from xiuhua_events.uow import AlreadyHandled

log = logging.getLogger(__name__)
tracer = trace.get_tracer("xiuhua.events")

Handler = Callable[[CloudEvent], Awaitable[None]]
TRANSIENT_PATIENCE_SECONDS = 600.0


class Bus:
    """The service's link to ``xiuhua.events``: publish facts, consume the ones it subscribed to."""

    def __init__(self, *, url: str, service: str, prefetch: int = 32, delivery_limit: int = 5) -> None:
        self.url, self.service = url, service
        self.prefetch, self.delivery_limit = prefetch, delivery_limit
        self.replay_clock = False  # follow `replayed` events at their own past time (clock.py)
        self._handlers: dict[str, Handler] = {}
        self._connection: aio_pika.abc.AbstractRobustConnection | None = None
        self._publish_channel: aio_pika.abc.AbstractChannel | None = None
        self._consume_channel: aio_pika.abc.AbstractChannel | None = None
        self._exchange: aio_pika.abc.AbstractExchange | None = None
        self._consumer_tag: str | None = None
        self.on_processed: Callable[[str, str], None] = lambda event_type, outcome: None

    def subscribe(self, pattern: str, handler: Handler) -> None:
        """Route events whose type matches the topic ``pattern`` to ``handler`` (first match wins)."""
        self._handlers[pattern] = handler

    async def connect(self) -> None:
        self._connection = await aio_pika.connect_robust(
            self.url, client_properties={"connection_name": f"xiuhua-{self.service}"}
        )
        self._publish_channel = await self._connection.channel(publisher_confirms=True)
        self._exchange = await declare_exchanges(self._publish_channel)

    async def start_consuming(self) -> None:
        if not self._handlers:
            return
        assert self._connection is not None, "connect() first"
        self._consume_channel = await self._connection.channel()
        await self._consume_channel.set_qos(prefetch_count=self.prefetch)
        await declare_exchanges(self._consume_channel)
        queue = await declare_service_queue(
            self._consume_channel, service=self.service,
            patterns=list(self._handlers), delivery_limit=self.delivery_limit,
        )
        self._consumer_tag = await queue.consume(self._on_message)

    async def open_channel(self) -> aio_pika.abc.AbstractChannel:
        """A plain channel on this connection, for operator tasks (inspecting or moving queues)."""
        assert self._connection is not None, "connect() first"
        return await self._connection.channel()

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()

    @property
    def connected(self) -> bool:
        return self._connection is not None and not self._connection.is_closed

    @property
    def consuming(self) -> bool:
        """True while the consumer is attached (robust channels re-attach after a broker restart)."""
        if not self._handlers:
            return self.connected
        channel = self._consume_channel
        return self.connected and channel is not None and not channel.is_closed and bool(self._consumer_tag)

    async def publish(self, event: CloudEvent) -> None:
        """Publish persistently and wait for the broker's confirm."""
        assert self._exchange is not None, "connect() first"
        parent = propagate.extract(event.trace)
        with tracer.start_as_current_span(
            f"{EXCHANGE} publish", context=parent, kind=SpanKind.PRODUCER,
            attributes=_attributes(event),
        ):
            message = event.to_message()
            carrier: dict[str, str] = {}
            propagate.inject(carrier)
            message.headers.update(carrier)
            await self._exchange.publish(message, routing_key=event.type, mandatory=False)

    def _handler_for(self, event_type: str) -> Handler | None:
        for pattern, handler in self._handlers.items():
            if topic_matches(pattern, event_type):
                return handler
        return None

    async def _on_message(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        try:
            event = CloudEvent.from_message(message)
        except InvalidEvent as exc:
            log.warning("dead-lettering unreadable message %s: %s", message.message_id, exc)
            self.on_processed("invalid", "dead_lettered")
            await message.reject(requeue=False)
            return
        handler = self._handler_for(event.type)
        if handler is None:
            self.on_processed(event.type, "ignored")
            await message.ack()
            return
        token = context.attach(propagate.extract(event.trace))
        try:
            with tracer.start_as_current_span(
                f"{event.type} process", kind=SpanKind.CONSUMER,
                attributes=_attributes(event) | {"messaging.consumer.group.name": self.service},
            ) as span:
                try:
                    if self.replay_clock and event.replayed:
                        with clock.as_of(event.time + clock.REPLAY_STEP):
                            await _with_transient_retries(handler, event)
                    else:
                        await _with_transient_retries(handler, event)
                except AlreadyHandled:
                    outcome = "duplicate"
                except ValidationError as exc:  # its data will never fit: no point retrying
                    span.record_exception(exc)
                    log.warning("dead-lettering %s %s: data does not match: %s", event.type, event.id, exc)
                    self.on_processed(event.type, "dead_lettered")
                    await message.reject(requeue=False)
                    return
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # the broker retries, then dead-letters
                    span.record_exception(exc)
                    span.set_status(Status(StatusCode.ERROR))
                    deliveries = int((message.headers or {}).get("x-delivery-count", 0))
                    log.exception("handling %s %s failed (delivery %s)", event.type, event.id, deliveries + 1)
                    self.on_processed(event.type, "failed")
                    # Space the retries out a little; the quorum queue dead-letters past its limit.
                    await asyncio.sleep(min(0.2 * 2**deliveries, 5.0))
                    await message.nack(requeue=True)
                    return
                else:
                    outcome = "handled"
        finally:
            context.detach(token)
        self.on_processed(event.type, outcome)
        await message.ack()


async def _with_transient_retries(handler: Handler, event: CloudEvent) -> None:
    """Retry in place while MongoDB is unreachable or a transaction conflicts: those failures say
    nothing about the message, so they must not use up its delivery limit and dead-letter it."""
    delay, waited = 0.05, 0.0
    conflicts = 0
    while True:
        try:
            await handler(event)
            return
        except PyMongoError as exc:
            transient = isinstance(exc, ConnectionFailure) or exc.has_error_label("TransientTransactionError")
            if not transient or waited > TRANSIENT_PATIENCE_SECONDS:
                raise
            if not isinstance(exc, ConnectionFailure) and conflicts < 8:
                # a write conflict with a concurrent twin: try again at once, a little apart
                conflicts += 1
                pause = random.uniform(0, 0.005 * 2**conflicts)
                await asyncio.sleep(pause)
                waited += pause
                continue
            log.info("transient database error on %s (%s); retrying in %.2fs", event.id, exc, delay)
        await asyncio.sleep(delay)
        waited += delay
        delay = min(delay * 2, 5.0)


def _attributes(event: CloudEvent) -> dict[str, str]:
    return {
        "messaging.system": "rabbitmq",
        "messaging.destination.name": EXCHANGE,
        "messaging.rabbitmq.destination.routing_key": event.type,
        "messaging.message.id": event.id,
        "cloudevents.event_type": event.type,
        "xiuhua.tenant": event.tenant,
    }
