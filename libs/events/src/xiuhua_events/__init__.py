"""CloudEvents over RabbitMQ with a MongoDB transactional outbox and inbox."""

from xiuhua_events import clock
from xiuhua_events.asyncapi import EventSpec, asyncapi_document
from xiuhua_events.bus import Bus, Handler
from xiuhua_events.envelope import EXCHANGE, CloudEvent, InvalidEvent, new_event
from xiuhua_events.outbox import OutboxRelay
from xiuhua_events.timers import Timer, Timers
from xiuhua_events.uow import AlreadyHandled, Transaction, UnitOfWork, retry_conflicts

__all__ = [
    "EXCHANGE",
    "clock",
    "AlreadyHandled",
    "Bus",
    "CloudEvent",
    "EventSpec",
    "Handler",
    "InvalidEvent",
    "OutboxRelay",
    "Timer",
    "Timers",
    "Transaction",
    "UnitOfWork",
    "asyncapi_document",
    "new_event",
    "retry_conflicts",
]
