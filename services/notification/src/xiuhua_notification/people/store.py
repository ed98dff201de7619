"""Who the leads of each community are, from the roster's events (assignment's ``team.*``).

One document per member in ``people``::

    {_id: member id (== their token's ``sub``), community, name, phone, role: "member" | "lead",
     active: bool, removed: bool, version: datetime}

A removed member keeps a tombstone (``removed: True``) so that an older update delivered late
cannot bring them back; every write is guarded by the roster's ``version``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from xiuhua_events import Transaction
from xiuhua_notification.collections import COMMUNITIES, PEOPLE
from xiuhua_notification.threads.model import moment


async def remember(tx: Transaction, *, member_id: str, community: str, version: datetime, **fields: Any) -> bool:
    """Store what the roster said of a member unless something newer is known; whether it changed."""
    version = moment(version)
    known = await tx.db[PEOPLE].find_one({"_id": member_id}, session=tx.session)
    if known is not None and known["version"] >= version:
        return False
    doc = {"community": community, "name": "", "role": "member", "active": False, "removed": False,
           **(known or {}), **fields, "version": version}
    doc.pop("_id", None)
    await tx.db[PEOPLE].replace_one({"_id": member_id}, doc, upsert=True, session=tx.session)
    return True


async def names_another_phone(tx: Transaction, person_id: str, phone: str) -> bool:
    """Does ``person_id`` already name another phone: a member's (a removed one's too: the
    tombstone keeps it) or a community staff member's?"""
    known = await tx.db[PEOPLE].find_one({"_id": person_id}, {"phone": 1}, session=tx.session)
    if known is not None and known.get("phone") not in (None, phone):
        return True
    staff = await tx.db[COMMUNITIES].find_one({"staff": {"$elemMatch": {"id": person_id, "phone": {"$ne": phone}}}},
                                              {"_id": 1}, session=tx.session)
    return staff is not None


async def leads_of(tx: Transaction, community: str) -> list[str]:
    """The ids of the community's active leads, in a stable order."""
    cursor = tx.db[PEOPLE].find({"community": community, "role": "lead", "active": True, "removed": False},
                                {"_id": 1}, session=tx.session).sort("_id", 1)
    return [d["_id"] async for d in cursor]


async def phones_of(tx: Transaction, community: str) -> dict[str, str]:
    """Team members' phones (for the rules that text them), by member id."""
    cursor = tx.db[PEOPLE].find({"community": community, "removed": False, "phone": {"$type": "string"}},
                                {"phone": 1}, session=tx.session)
    return {d["_id"]: d["phone"] async for d in cursor}
