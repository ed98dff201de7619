"""Message consumer of the message log: a login code to send by SMS (thin)."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_notification import events
from xiuhua_notification.messages import codes
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    """Subscribe the login codes on the bus."""

    async def on_code_issued(event: CloudEvent) -> None:
        await codes.send_login_code(uow=rt.uow, event=event)

    rt.bus.subscribe(events.AUTH_CODE_ISSUED, on_code_issued)
