"""Message consumers of tasks: thin twins of the routes."""

from __future__ import annotations

from xiuhua_assignment import events
from xiuhua_assignment.promises.broken import promise_due
from xiuhua_assignment.supervision import clocks, ladder, silent
from xiuhua_assignment.tasks.service import follow, routing, waiting
from xiuhua_events import CloudEvent
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    async def on_issue_submitted(event: CloudEvent) -> None:
        await routing.route_new_issue(uow=rt.uow, event=event)

    async def on_issue_triaged(event: CloudEvent) -> None:
        await follow.apply_triage(uow=rt.uow, event=event)

    async def on_issue_ended(event: CloudEvent) -> None:
        await follow.apply_end(uow=rt.uow, event=event)

    async def on_issue_reopened(event: CloudEvent) -> None:
        await follow.apply_reopen(uow=rt.uow, event=event)

    rt.bus.subscribe(events.ISSUE_SUBMITTED, on_issue_submitted)
    rt.bus.subscribe(events.ISSUE_TRIAGED, on_issue_triaged)
    for event_type in (events.ISSUE_MERGED, events.ISSUE_REJECTED, events.ISSUE_CLOSED):
        rt.bus.subscribe(event_type, on_issue_ended)
    async def on_member_updated(event: CloudEvent) -> None:
        await waiting.after_roster_change(uow=rt.uow, event=event)

    rt.bus.subscribe(events.ISSUE_REOPENED, on_issue_reopened)
    rt.bus.subscribe(events.MEMBER_UPDATED, on_member_updated)  # its own: the roster changed
    rt.timers.on(clocks.REMIND, ladder.remind)
    rt.timers.on(clocks.BREACH, ladder.breach)
    rt.timers.on(clocks.ESCALATE, ladder.escalate)
    rt.timers.on(clocks.PROMISE, promise_due)
    rt.timers.on(silent.KIND, silent.scan)
    rt.timers.on(waiting.KIND, waiting.at_midnight)
