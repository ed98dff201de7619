"""Message consumers of reporting: thin — every event it reads goes to the same fold."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_reporting import events
from xiuhua_reporting.projection import service
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    async def on_event(event: CloudEvent) -> None:
        await service.apply(uow=rt.uow, event=event)

    # Bind exactly the facts the views read: every other event would cost a transaction for nothing.
    for spec in events.CONSUMES:
        rt.bus.subscribe(spec.type, on_event)
