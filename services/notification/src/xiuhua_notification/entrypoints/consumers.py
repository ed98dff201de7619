"""Message consumers of notification: thin twins of the routes."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_notification import events
from xiuhua_notification.service import dispatch
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    public_url = rt.settings.public_url.rstrip("/")

    async def on_issue_submitted(event: CloudEvent) -> None:
        await dispatch.note_issue_submitted(uow=rt.uow, event=event, public_url=public_url)

    async def on_task_assigned(event: CloudEvent) -> None:
        await dispatch.note_task_assigned(uow=rt.uow, event=event, public_url=public_url)

    rt.bus.subscribe(events.ISSUE_SUBMITTED, on_issue_submitted)
    rt.bus.subscribe(events.TASK_ASSIGNED, on_task_assigned)
