"""Message consumers (and timers) of notification: thin twins of the routes."""

from __future__ import annotations

from datetime import time, timedelta

import httpx

from xiuhua_events import CloudEvent, Timer, Transaction
from xiuhua_notification import events
from xiuhua_notification.daily import service as daily
from xiuhua_notification.messages import codes
from xiuhua_notification.pace import release
from xiuhua_notification.pace.budget import RELEASE
from xiuhua_notification.people import directory, phones
from xiuhua_notification.people import service as people
from xiuhua_notification.robots import sender
from xiuhua_notification.robots.wake import FLUSH
from xiuhua_notification.supervision import service as supervision
from xiuhua_notification.supervision.words import READERS as SUPERVISION_FACTS
from xiuhua_notification.threads import service as threads
from xiuhua_runtime import Runtime


def register(rt: Runtime) -> None:
    """Subscribe notification's handlers on the bus and its timers."""
    ctx = threads.Notifier(public_url=rt.settings.public_url.rstrip("/"),
                           decline_wait=timedelta(seconds=rt.settings.decline_wait_seconds), pace=rt.settings.pace())

    robot_client = httpx.AsyncClient(timeout=5.0)  # to the estates' group robots

    async def on_issue_fact(event: CloudEvent) -> None:
        await threads.note(uow=rt.uow, event=event, ctx=ctx)

    async def on_member_updated(event: CloudEvent) -> None:
        await people.apply_member_updated(uow=rt.uow, event=event, ctx=ctx)

    async def on_member_removed(event: CloudEvent) -> None:
        await people.apply_member_removed(uow=rt.uow, event=event)

    async def on_community_updated(event: CloudEvent) -> None:
        await directory.apply_community_updated(uow=rt.uow, event=event)

    async def on_code_issued(event: CloudEvent) -> None:
        await codes.send_login_code(uow=rt.uow, event=event)

    async def on_phone_verified(event: CloudEvent) -> None:
        await phones.apply_phone_verified(uow=rt.uow, event=event)

    async def on_decline_waited(tx: Transaction, timer: Timer) -> None:
        await threads.decline_waited(tx=tx, timer=timer, ctx=ctx)

    async def on_supervision_fact(event: CloudEvent) -> None:
        await supervision.tell(uow=rt.uow, event=event, public_url=ctx.public_url, pace=ctx.pace)

    async def on_release_due(tx: Transaction, timer: Timer) -> None:
        await release.release(tx=tx, timer=timer, pace=ctx.pace, link=ctx.link)

    daily_at = time.fromisoformat(rt.settings.daily_post_at)

    async def on_daily_due(tx: Transaction, timer: Timer) -> None:
        await daily.post_day(tx=tx, timer=timer, at=daily_at, pace=ctx.pace, public_url=ctx.public_url)

    async def on_robot_due(tx: Transaction, timer: Timer) -> None:
        await sender.flush(tx=tx, timer=timer, client=robot_client)

    for event_type in threads.FACTS:
        rt.bus.subscribe(event_type, on_issue_fact)
    rt.bus.subscribe(events.MEMBER_UPDATED, on_member_updated)
    rt.bus.subscribe(events.MEMBER_REMOVED, on_member_removed)
    rt.bus.subscribe(events.COMMUNITY_UPDATED, on_community_updated)
    rt.bus.subscribe(events.AUTH_CODE_ISSUED, on_code_issued)
    rt.bus.subscribe(events.AUTH_PHONE_VERIFIED, on_phone_verified)
    for event_type in SUPERVISION_FACTS.keys() - threads.FACTS.keys():  # task.unrouted: its thread tells staff too
        rt.bus.subscribe(event_type, on_supervision_fact)
    rt.timers.on(threads.DECLINE_WAIT, on_decline_waited)
    rt.timers.on(RELEASE, on_release_due)
    rt.timers.on(FLUSH, on_robot_due)
    rt.timers.on(daily.DAILY, on_daily_due)
