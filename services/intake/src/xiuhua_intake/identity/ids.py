"""Every person id given on the platform and the phone it names (``person_ids``)::

    {_id: person id, phone, role, community: str | None, subdistrict: str | None, at}

A person's id is their token's ``sub``: their photo drafts here, their messages and preferences in
notification are keyed by it. So an id names one phone for good (issue 15 §5): the directory
refuses to give a staff member's, a property contact's or an admin's id to another phone (409
``person_id_taken``), and the roster's events cannot move a member's id to another phone. An
entry is never changed or deleted: a removed member's or staff member's id stays theirs. The same
phone under the same id is the same person (a staff member may also serve on a team)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_intake.adapters.mongo import PEOPLE, PERSON_IDS

log = logging.getLogger(__name__)


async def held(db: AsyncDatabase, person_ids: Iterable[str],
               session: AsyncClientSession | None = None) -> dict[str, dict[str, Any]]:
    """person id → who the platform gave it to, for those of ``person_ids`` given before."""
    cursor = db[PERSON_IDS].find({"_id": {"$in": list(dict.fromkeys(person_ids))}}, session=session)
    return {d["_id"]: d async for d in cursor}


async def reserve(db: AsyncDatabase, *, person_id: str, phone: str, role: str, community: str | None,
                  subdistrict: str | None, session: AsyncClientSession | None = None) -> None:
    """Note that ``person_id`` names ``phone`` (a no-op when the id was given before)."""
    entry = {"phone": phone, "role": role, "community": community, "subdistrict": subdistrict,
             "at": datetime.now(UTC)}
    await db[PERSON_IDS].update_one({"_id": person_id}, {"$setOnInsert": entry}, upsert=True, session=session)


async def names_another_phone(db: AsyncDatabase, person_id: str, phone: str,
                              session: AsyncClientSession | None = None) -> bool:
    """Was ``person_id`` given to a phone other than ``phone``?"""
    entry = (await held(db, [person_id], session=session)).get(person_id)
    return entry is not None and entry["phone"] != phone


async def backfill(db: AsyncDatabase) -> None:
    """Once, on a database kept from before ids were noted: everyone who logs in now."""
    if await db[PERSON_IDS].estimated_document_count() > 0:
        return
    count = 0
    # the earliest first: where an id was already given to two phones, the first one keeps it
    query = {"person_id": {"$type": "string"}, "phone": {"$type": "string"}}
    async for person in db[PEOPLE].find(query).sort("version", 1):
        await reserve(db, person_id=person["person_id"], phone=person["phone"], role=person["role"],
                      community=person.get("community"), subdistrict=person.get("subdistrict"))
        count += 1
    if count:
        log.info("noted the ids of %d people given before", count)
