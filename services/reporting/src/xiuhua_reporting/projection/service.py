"""Fold events into the views, once per event id and in any order."""

from __future__ import annotations

from xiuhua_events import CloudEvent, UnitOfWork
from xiuhua_reporting import events
from xiuhua_reporting.adapters.mongo import ISSUES
from xiuhua_reporting.archive import store as archive
from xiuhua_reporting.projection import directory, facts
from xiuhua_reporting.projection.fold import fold


async def apply(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Archive one event and fold it into the views (once per event id)."""
    if event.type == events.COMMUNITY_UPDATED:
        community = events.CommunityUpdated.model_validate(event.data)
        async with uow.transaction(event_id=event.id) as tx:
            await archive.keep(tx, event)
            await directory.keep_newest(tx, community)
        return
    fact = facts.read(event)
    if fact is None:
        return
    async with uow.transaction(event_id=event.id) as tx:
        await archive.keep(tx, event)
        row = await tx.db[ISSUES].find_one({"_id": fact.issue_id}, session=tx.session) or {}
        changes = fold(row, fact)
        if changes:
            await tx.db[ISSUES].update_one({"_id": fact.issue_id}, {"$set": changes}, upsert=True,
                                           session=tx.session)
        if isinstance(fact.data, events.TaskAssigned):
            await directory.remember_member(tx, fact.data, subdistrict=(row | changes).get("subdistrict"),
                                            at=fact.at)
