"""Message consumers of reporting: every platform event feeds the views."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_reporting import events
from xiuhua_reporting.service import projection
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    async def on_event(event: CloudEvent) -> None:
        await projection.apply(uow=rt.uow, event=event)

    # Bind exactly the facts the views read: every other event would cost a transaction for nothing.
    for spec in events.CONSUMES:
        rt.bus.subscribe(spec.type, on_event)
