"""Use case: tell the people a supervision fact concerns (each message once, by its out id)."""

from __future__ import annotations

from xiuhua_events import CloudEvent, UnitOfWork
from xiuhua_notification.messages import log
from xiuhua_notification.supervision.words import READERS, messages


async def tell(*, uow: UnitOfWork, event: CloudEvent, public_url: str) -> None:
    fact = READERS[event.type].model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        await log.send(tx, messages(event.id, event.correlationid, fact, public_url))
