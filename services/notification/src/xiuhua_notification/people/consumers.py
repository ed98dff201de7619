"""Message consumers of people: the roster's members, the directory's communities and the phones
a login proved (thin — parse, call the use case)."""

from __future__ import annotations

from xiuhua_events import CloudEvent
from xiuhua_notification import events
from xiuhua_notification.people import directory, phones
from xiuhua_notification.people import service as people
from xiuhua_notification.threads.service import Notifier
from xiuhua_runtime import Runtime


def register(rt: Runtime, *, ctx: Notifier) -> None:
    """Subscribe the roster's, the directory's and the logins' events on the bus."""

    async def on_member_updated(event: CloudEvent) -> None:
        await people.apply_member_updated(uow=rt.uow, event=event, ctx=ctx)

    async def on_member_removed(event: CloudEvent) -> None:
        await people.apply_member_removed(uow=rt.uow, event=event)

    async def on_community_updated(event: CloudEvent) -> None:
        await directory.apply_community_updated(uow=rt.uow, event=event)

    async def on_phone_verified(event: CloudEvent) -> None:
        await phones.apply_phone_verified(uow=rt.uow, event=event)

    rt.bus.subscribe(events.MEMBER_UPDATED, on_member_updated)
    rt.bus.subscribe(events.MEMBER_REMOVED, on_member_removed)
    rt.bus.subscribe(events.COMMUNITY_UPDATED, on_community_updated)
    rt.bus.subscribe(events.AUTH_PHONE_VERIFIED, on_phone_verified)
