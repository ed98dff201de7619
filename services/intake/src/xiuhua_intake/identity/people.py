"""Who a phone belongs to: the ``people`` collection that login reads.

One document per role a person holds in a community (or, for admins, in a subdistrict)::

    {_id: "<role>:<community or subdistrict>:<id>"   # "member:" for members and leads alike,
                                                     # "resident:<community>:<phone>" for residents
     person_id: str,        # == the token's ``sub`` (roster id, directory id, admin id, "r-" + 12 hex)
     phone: str,            # mainland mobile number, unmasked
     role: "admin" | "staff" | "lead" | "member" | "property" | "resident",
     community: str | None, # None for subdistrict admins
     subdistrict: str,
     name: str,             # residents may change theirs (PATCH /intake/v1/me)
     estate: str | None,    # residents: the estate chosen at their first login
     company: str | None,   # property contacts: their company id
     version: datetime,     # when the source last changed it (roster events: the event's version)
     active: bool}          # members and leads only: on duty for routing (still log in when False)

A member taken off the roster leaves a tombstone ``{_id, removed: True, version}`` (no person_id,
no phone) so that an older update delivered late cannot bring them back.

Members and leads come from assignment's roster events; staff and property contacts from the
community directory; admins from the subdistrict; residents are made at their first login.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events import CloudEvent, Transaction, UnitOfWork
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import PEOPLE
from xiuhua_intake.identity import ids

log = logging.getLogger(__name__)

# Which identity a phone logs in as when it has several: the one with the most to do.
RANK = {"admin": 0, "staff": 1, "lead": 2, "member": 3, "property": 4, "resident": 5}
ROSTER_ROLES = ("member", "lead")


# Roles that may also act as a resident of their own estate (a member reports like any neighbour).
ALSO_RESIDENT = frozenset({"member", "lead", "staff"})


def choose(held: list[dict[str, Any]], *, community: str | None) -> dict[str, Any] | None:
    """The identity a login gets out of every role the phone holds: the best ranked (in
    ``community`` when given; a subdistrict admin's role covers every community), with the
    estate a member, lead or staff lives in there so that they can also act as a resident."""
    if community is not None:
        held = [p for p in held if p.get("community") in (community, None)]
    if not held:
        return None
    held = sorted(held, key=lambda d: (RANK[d["role"]], d.get("community") or "", d["_id"]))
    best = dict(held[0])
    if best["role"] in ALSO_RESIDENT:
        home = next((p for p in held if p["role"] == "resident" and p["community"] == best["community"]), None)
        best["estate"] = home["estate"] if home else None
    return best


def new_resident_id() -> str:
    return "r-" + secrets.token_hex(6)


async def identities(db: AsyncDatabase, phone: str) -> list[dict[str, Any]]:
    """Every role the phone holds (tombstones have no phone)."""
    return [d async for d in db[PEOPLE].find({"phone": phone})]


async def by_person_id(db: AsyncDatabase, person_id: str, *, community: str | None = None,
                       session: AsyncClientSession | None = None) -> dict[str, Any] | None:
    """A record of the person (their phone and name), e.g. to tell a supporter by SMS; the one of
    ``community`` first when the same id is used in several."""
    docs = [d async for d in db[PEOPLE].find({"person_id": person_id}, session=session)]
    docs.sort(key=lambda d: (d.get("community") != community, RANK[d["role"]], d["_id"]))
    return docs[0] if docs else None


async def roster_of(db: AsyncDatabase, community: str,
                    session: AsyncClientSession | None = None) -> list[dict[str, Any]]:
    """The members and the lead of the community's team, as the roster's events told us."""
    cursor = db[PEOPLE].find({"community": community, "role": {"$in": list(ROSTER_ROLES)}},
                             {"person_id": 1, "phone": 1, "name": 1}, session=session)
    return [d async for d in cursor]


async def replace_group(tx: Transaction, *, match: dict[str, Any], people: list[dict[str, Any]]) -> None:
    """Make the people matching ``match`` (e.g. a community's staff) exactly ``people``."""
    keep = [p["_id"] for p in people]
    await tx.db[PEOPLE].delete_many(match | {"_id": {"$nin": keep}}, session=tx.session)
    for person in people:
        await tx.db[PEOPLE].replace_one({"_id": person["_id"]}, person, upsert=True, session=tx.session)


async def apply_member_updated(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """A roster member or lead may log in with their phone (newest version wins) — unless their id
    was given to another phone: an id never moves to another phone (``ids``)."""
    data = events.MemberUpdated.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        key = f"member:{data.community}:{data.member_id}"
        if not await _newer(tx, key, data.version):
            return
        if await ids.names_another_phone(tx.db, data.member_id, data.phone, session=tx.session):
            log.warning("refused to give person id %s to another phone (roster of %s, event %s)",
                        data.member_id, data.community, event.id)
            return
        await ids.reserve(tx.db, person_id=data.member_id, phone=data.phone, role=data.role,
                          community=data.community, subdistrict=data.subdistrict, session=tx.session)
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
