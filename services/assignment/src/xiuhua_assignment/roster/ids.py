"""Every person id given on the platform and the phone it names (``person_ids``), so that the roster
never gives an id to someone else (``domain.id_refusal``)::

    {_id: person id, phone, kind: "member" | "staff" | "property" | "admin",
     community: str | None (None for admins), subdistrict: str | None, name, at}

The roster writes its members here; staff and property contacts come from intake's
``directory.community_updated``, admins from ``directory.subdistrict_updated``. An entry is never
changed or deleted: the first phone an id named stays its phone, after its holder left too.
Residents' ids are made by intake and never reach assignment; their ``r-`` prefix is kept free."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment.adapters.mongo import DIRECTORY, MEMBERS, PERSON_IDS


async def holder(db: AsyncDatabase, person_id: str,
                 session: AsyncClientSession | None = None) -> dict[str, Any] | None:
    """Who the platform gave ``person_id`` to, if anyone."""
    return await db[PERSON_IDS].find_one({"_id": person_id}, session=session)


async def reserve(db: AsyncDatabase, *, person_id: str, phone: str, kind: str, community: str | None,
                  subdistrict: str | None, name: str, session: AsyncClientSession | None = None) -> None:
    """Note that ``person_id`` names ``phone`` (a no-op when the id was given before)."""
    entry = {"phone": phone, "kind": kind, "community": community, "subdistrict": subdistrict, "name": name,
             "at": datetime.now(UTC)}
    await db[PERSON_IDS].update_one({"_id": person_id}, {"$setOnInsert": entry}, upsert=True, session=session)


async def reserve_directory(db: AsyncDatabase, directory: dict[str, Any],
                            session: AsyncClientSession | None = None) -> None:
    """The staff and property contacts of a community's directory, as intake announced it."""
    people = [("staff", p) for p in directory.get("staff", [])]
    people += [("property", c) for company in directory.get("property_companies", []) for c in company["contacts"]]
    for kind, person in people:
        await reserve(db, person_id=person["id"], phone=person["phone"], kind=kind,
                      community=directory["community"], subdistrict=directory["subdistrict"],
                      name=person["name"], session=session)


async def backfill(db: AsyncDatabase) -> None:
    """Once, on a database kept from before ids were noted: the roster and the directory copies."""
    if await db[PERSON_IDS].estimated_document_count() > 0:
        return
    async for member in db[MEMBERS].find({}):
        await reserve(db, person_id=member["_id"], phone=member["phone"], kind="member",
                      community=member["community"], subdistrict=None, name=member["name"])
    async for directory in db[DIRECTORY].find({}):
        await reserve_directory(db, directory | {"community": directory["_id"]})
