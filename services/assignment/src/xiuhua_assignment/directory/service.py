"""Assignment's copy of each community's directory, as intake announces it: which estates exist,
which property company serves which estate and who its contacts are, and the staff's phones."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import DIRECTORY
from xiuhua_assignment.roster import ids
from xiuhua_events import CloudEvent, UnitOfWork


async def apply_community_updated(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Keep the newest version of a community's directory (versions may arrive out of order); its
    people's ids, of any version, are theirs for good."""
    data = events.CommunityUpdated.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        await ids.reserve_directory(tx.db, data.model_dump(), session=tx.session)
        current = await tx.db[DIRECTORY].find_one({"_id": data.community}, {"version": 1}, session=tx.session)
        if current is not None and current["version"] >= data.version:
            return
        await tx.db[DIRECTORY].replace_one({"_id": data.community}, data.model_dump(), upsert=True,
                                           session=tx.session)


async def apply_subdistrict_updated(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """A subdistrict's admins: their ids are theirs for good."""
    data = events.SubdistrictUpdated.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        for admin in data.admins:
            await ids.reserve(tx.db, person_id=admin.id, phone=admin.phone, kind="admin", community=None,
                              subdistrict=data.subdistrict, name=admin.name, session=tx.session)


async def community(db: AsyncDatabase, community_id: str,
                    session: AsyncClientSession | None = None) -> dict[str, Any] | None:
    return await db[DIRECTORY].find_one({"_id": community_id}, session=session)


def company_for_estate(directory: dict[str, Any] | None, estate: str) -> dict[str, Any] | None:
    """The property company serving ``estate``, with its contacts."""
    for company in (directory or {}).get("property_companies", []):
        if estate in company["estates"]:
            return company
    return None


def company_by_id(directory: dict[str, Any] | None, company_id: str) -> dict[str, Any] | None:
    return next((c for c in (directory or {}).get("property_companies", []) if c["id"] == company_id), None)


def directory_phones(directory: dict[str, Any] | None) -> dict[str, str]:
    """phone → who holds it among the community's staff and property contacts."""
    phones = {p["phone"]: f"社区工作者{p['name']}" for p in (directory or {}).get("staff", [])}
    for company in (directory or {}).get("property_companies", []):
        phones |= {c["phone"]: f"{company['name']}{c['name']}" for c in company["contacts"]}
    return phones
