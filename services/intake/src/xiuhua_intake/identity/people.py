"""Who a phone belongs to: the people collection login reads.

One document per role a person holds::

    {_id: "<role>:<community or subdistrict>:<id>", person_id (== the token's sub), phone, role,
     community (None for subdistrict admins), subdistrict, name, estate (residents), company
     (property contacts), version (when the source last changed it)}

Members and leads come from assignment's roster events; staff and property contacts from the
community directory; admins from the subdistrict; residents are made at their first login.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events import CloudEvent, Transaction, UnitOfWork
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import PEOPLE

# Which identity a phone logs in as when it has several: the one with the most to do.
RANK = {"admin": 0, "staff": 1, "lead": 2, "member": 3, "property": 4, "resident": 5}


def new_resident_id() -> str:
    return "r-" + secrets.token_hex(6)


async def identities(db: AsyncDatabase, phone: str) -> list[dict[str, Any]]:
    """Every role the phone holds, best first."""
    docs = [d async for d in db[PEOPLE].find({"phone": phone})]
    return sorted(docs, key=lambda d: (RANK[d["role"]], d.get("community") or "", d["_id"]))


async def by_person_id(db: AsyncDatabase, person_id: str) -> dict[str, Any] | None:
    """Any record of the person (their phone and name), e.g. to tell a supporter by SMS."""
    return await db[PEOPLE].find_one({"person_id": person_id})


async def phones_in_community(db: AsyncDatabase, community: str, roles: tuple[str, ...],
                              session: AsyncClientSession | None = None) -> dict[str, str]:
    """phone → name of the people holding ``roles`` in ``community``."""
    cursor = db[PEOPLE].find({"community": community, "role": {"$in": list(roles)}}, session=session)
    return {d["phone"]: d["name"] async for d in cursor}


async def replace_group(tx: Transaction, *, match: dict[str, Any], people: list[dict[str, Any]]) -> None:
    """Make the people matching ``match`` (e.g. a community's staff) exactly ``people``."""
    keep = [p["_id"] for p in people]
    await tx.db[PEOPLE].delete_many(match | {"_id": {"$nin": keep}}, session=tx.session)
    for person in people:
        await tx.db[PEOPLE].replace_one({"_id": person["_id"]}, person, upsert=True, session=tx.session)


async def apply_member_updated(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """A roster member or lead may log in with their phone (newest version wins)."""
    data = events.MemberUpdated.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        key = f"member:{data.community}:{data.member_id}"
        if not await _newer(tx, key, data.version):
            return
        await tx.db[PEOPLE].replace_one({"_id": key}, {
            "person_id": data.member_id, "phone": data.phone, "role": data.role, "community": data.community,
            "subdistrict": data.subdistrict, "name": data.name, "estate": None, "company": None,
            "active": data.active, "version": data.version}, upsert=True, session=tx.session)


async def apply_member_removed(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """A member taken off the roster loses the role (a tombstone keeps later-arriving older updates out)."""
    data = events.MemberRemoved.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        key = f"member:{data.community}:{data.member_id}"
        if not await _newer(tx, key, data.version):
            return
        await tx.db[PEOPLE].replace_one({"_id": key}, {"removed": True, "version": data.version}, upsert=True,
                                        session=tx.session)


async def _newer(tx: Transaction, key: str, version: datetime) -> bool:
    current = await tx.db[PEOPLE].find_one({"_id": key}, {"version": 1}, session=tx.session)
    return current is None or current["version"] < version


def now() -> datetime:
    return datetime.now(UTC)
