"""Message consumers (and the timer) of threads: each fact of an issue's life, and the end of a
decline's wait for its re-route — thin twins of the routes."""

from __future__ import annotations

from xiuhua_events import CloudEvent, Timer, Transaction
from xiuhua_notification.threads import service as threads
from xiuhua_runtime import Runtime


def register(rt: Runtime, *, ctx: threads.Notifier) -> None:
    """Subscribe the issue's facts on the bus and the decline's timer."""

    async def on_issue_fact(event: CloudEvent) -> None:
        await threads.note(uow=rt.uow, event=event, ctx=ctx)

    async def on_decline_waited(tx: Transaction, timer: Timer) -> None:
        await threads.decline_waited(tx=tx, timer=timer, ctx=ctx)

    for event_type in threads.FACTS:
        rt.bus.subscribe(event_type, on_issue_fact)
    rt.timers.on(threads.DECLINE_WAIT, on_decline_waited)
