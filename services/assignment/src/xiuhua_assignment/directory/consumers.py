"""Message consumers of the directory copy: thin twins of the routes."""

from __future__ import annotations

from xiuhua_assignment import events
from xiuhua_assignment.directory import service
from xiuhua_events import CloudEvent
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    async def on_community_updated(event: CloudEvent) -> None:
        await service.apply_community_updated(uow=rt.uow, event=event)

    async def on_subdistrict_updated(event: CloudEvent) -> None:
        await service.apply_subdistrict_updated(uow=rt.uow, event=event)

    rt.bus.subscribe(events.COMMUNITY_UPDATED, on_community_updated)
    rt.bus.subscribe(events.SUBDISTRICT_UPDATED, on_subdistrict_updated)
