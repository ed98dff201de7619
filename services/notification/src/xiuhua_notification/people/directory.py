"""Each community's subdistrict and staff, from the directory's ``community_updated`` events.

One document per community in ``communities``::

    {_id: community, subdistrict, name, estates: [{id, name}], staff: [{id, name, phone}], version}
"""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events import CloudEvent, Transaction, UnitOfWork
from xiuhua_notification import events
from xiuhua_notification.collections import COMMUNITIES, THREADS
from xiuhua_notification.threads.model import moment


async def apply_community_updated(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Remember a community's subdistrict and staff unless something newer is known."""
    e = events.CommunityUpdated.model_validate(event.data)
    version = moment(e.version)
    async with uow.transaction(event_id=event.id) as tx:
        await tx.db[COMMUNITIES].update_one(
            {"_id": e.community, "$or": [{"version": {"$lt": version}}, {"version": {"$exists": False}}]},
            {"$set": {"subdistrict": e.subdistrict, "name": e.name, "version": version,
                      "staff": [s.model_dump() for s in e.staff],
                      "estates": [x.model_dump() for x in e.estates]}}, upsert=True, session=tx.session)


async def subdistrict_of(db: AsyncDatabase, community: str) -> str | None:
    """The community's subdistrict, from the directory or else from its issues."""
    doc = await db[COMMUNITIES].find_one({"_id": community}, {"subdistrict": 1})
    if doc and doc.get("subdistrict"):
        return doc["subdistrict"]
    thread = await db[THREADS].find_one({"community": community, "subdistrict": {"$ne": None}}, {"subdistrict": 1})
    return thread["subdistrict"] if thread else None


async def staff_of(tx: Transaction, community: str) -> list[dict]:
    doc = await tx.db[COMMUNITIES].find_one({"_id": community}, {"staff": 1}, session=tx.session)
    return list(doc.get("staff", [])) if doc else []
