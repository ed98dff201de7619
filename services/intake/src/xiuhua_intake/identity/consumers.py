"""Message consumers of identity: who may log in as a member or lead."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_intake import events
from xiuhua_intake.identity import people
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    """Subscribe identity's handlers on the bus."""

    async def on_member_updated(event: CloudEvent) -> None:
        await people.apply_member_updated(uow=rt.uow, event=event)

    async def on_member_removed(event: CloudEvent) -> None:
        await people.apply_member_removed(uow=rt.uow, event=event)

    rt.bus.subscribe(events.MEMBER_UPDATED, on_member_updated)
    rt.bus.subscribe(events.MEMBER_REMOVED, on_member_removed)
