"""Names and places, as events tell them: each community's directory (its estates and property
companies) and the team members issues were assigned to."""

from __future__ import annotations

from datetime import datetime

from xiuhua_events import Transaction
from xiuhua_reporting import events
from xiuhua_reporting.adapters.mongo import COMMUNITIES, PEOPLE


async def keep_newest(tx: Transaction, data: events.CommunityUpdated) -> None:
    """Keep the newest version of a community's directory (versions may arrive out of order)."""
    current = await tx.db[COMMUNITIES].find_one({"_id": data.community}, {"version": 1}, session=tx.session)
    if current is not None and current["version"] >= data.version:
        return
    await tx.db[COMMUNITIES].replace_one({"_id": data.community}, data.model_dump(), upsert=True,
                                         session=tx.session)


async def remember_member(tx: Transaction, data: events.TaskAssigned, *, subdistrict: str | None,
                          at: datetime) -> None:
    """A member's name and community, from the newest assignment that named them."""
    key = f"{data.community}/{data.assignee.id}"
    current = await tx.db[PEOPLE].find_one({"_id": key}, session=tx.session)
    if current is not None and (current["at"] > at or (current["name"] == (data.assignee.name or None)
                                                       and current["subdistrict"] == subdistrict)):
        return  # nothing new: no write, so busy members' assignments do not contend for this record
    await tx.db[PEOPLE].replace_one(
        {"_id": key}, {"id": data.assignee.id, "name": data.assignee.name or None, "community": data.community,
                       "subdistrict": subdistrict, "at": at},
        upsert=True, session=tx.session)
