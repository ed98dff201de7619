"""The gateway's consumer: a thin twin of the routes."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_runtime import Runtime
from xiuhua_smsgateway import events, sending
from xiuhua_smsgateway.sending import Gateway


def register(rt: Runtime, gw: Gateway) -> None:
    """Consume ``sms.requested`` on the queue ``xiuhua.smsgateway`` (dead-lettering after its limit)."""

    async def on_sms_requested(event: CloudEvent) -> None:
        await sending.deliver(uow=rt.uow, event=event, gw=gw)

    rt.bus.subscribe(events.SMS_REQUESTED, on_sms_requested)
