"""Use case: tell the people a supervision fact concerns (each message once, by its out id)."""

from __future__ import annotations

from xiuhua_events import CloudEvent, UnitOfWork
from xiuhua_notification.messages import log
from xiuhua_notification.pace.policy import Pace
from xiuhua_notification.supervision.words import READERS, messages


async def tell(*, uow: UnitOfWork, event: CloudEvent, public_url: str, pace: Pace | None = None) -> None:
    """Quiet hours and the hourly limit apply as to every push (a reminder at 23:00 waits for morning)."""
    fact = READERS[event.type].model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        await log.send(tx, messages(event.id, event.correlationid, fact, public_url), pace=pace)
