"""Message consumers (and timers) of issues: thin twins of the routes."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_intake.issues.service import closing, tasks
from xiuhua_intake.photos import sweep
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    async def on_task_step(event: CloudEvent) -> None:
        await tasks.follow_task(uow=rt.uow, event=event)

    for event_type in tasks.FOLLOWED:
        rt.bus.subscribe(event_type, on_task_step)
    rt.timers.on(closing.KIND, closing.auto_close)
    rt.timers.on(sweep.KIND, sweep.sweep)
