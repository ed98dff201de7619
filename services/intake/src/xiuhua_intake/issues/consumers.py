"""Message consumers of intake: thin twins of the routes."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_intake import events
from xiuhua_intake.issues import service as issues
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    async def on_task_assigned(event: CloudEvent) -> None:
        await issues.record_assignment(uow=rt.uow, event=event)

    rt.bus.subscribe(events.TASK_ASSIGNED, on_task_assigned)
