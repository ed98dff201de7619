"""Message consumer of supervision (督办): reminders, breaches, escalations, presses, broken
promises (thin)."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_notification.pace.policy import Pace
from xiuhua_notification.supervision import service as supervision
from xiuhua_notification.supervision.words import READERS
from xiuhua_notification.threads.service import FACTS as THREAD_FACTS
from xiuhua_runtime import Runtime


def register(rt: Runtime, *, public_url: str, pace: Pace) -> None:
    """Subscribe the supervision facts on the bus."""

    async def on_supervision_fact(event: CloudEvent) -> None:
        await supervision.tell(uow=rt.uow, event=event, public_url=public_url, pace=pace)

    for event_type in READERS.keys() - THREAD_FACTS.keys():  # task.unrouted: its thread tells staff too
        rt.bus.subscribe(event_type, on_supervision_fact)
