"""Message consumers of assignment: thin twins of the routes."""

from __future__ import annotations

from xiuhua_assignment import events
from xiuhua_assignment.service import tasks
from xiuhua_events import CloudEvent
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    async def on_issue_submitted(event: CloudEvent) -> None:
        await tasks.route_new_issue(uow=rt.uow, event=event)

    rt.bus.subscribe(events.ISSUE_SUBMITTED, on_issue_submitted)
