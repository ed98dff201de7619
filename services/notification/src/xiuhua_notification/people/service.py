"""Following the roster: a lead appointed (or back on duty) receives what waited for a lead."""

from __future__ import annotations

import logging

from xiuhua_events import CloudEvent, UnitOfWork
from xiuhua_notification import events
from xiuhua_notification.people import store
from xiuhua_notification.threads import service as threads

log = logging.getLogger(__name__)


async def apply_member_updated(*, uow: UnitOfWork, event: CloudEvent, ctx: threads.Notifier) -> None:
    """Remember a member's role; news waiting for the community's lead goes out once there is one."""
    member = events.MemberUpdated.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        if await store.names_another_phone(tx, member.member_id, member.phone):
            # an id never moves to another phone: its messages would follow it (issue 15 §5)
            log.warning("refused to give person id %s to another phone (roster of %s, event %s)",
                        member.member_id, member.community, event.id)
            return
        changed = await store.remember(tx, member_id=member.member_id, community=member.community,
                                       version=member.version, name=member.name, role=member.role,
                                       phone=member.phone,
                                       active=member.active, removed=False)
        if changed and member.role == "lead" and member.active:
            await threads.deliver_waiting_for_lead(tx, member.community, ctx)


async def apply_member_removed(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """A removed member is told nothing more as a lead."""
    member = events.MemberRemoved.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        await store.remember(tx, member_id=member.member_id, community=member.community, version=member.version,
                             active=False, removed=True)
