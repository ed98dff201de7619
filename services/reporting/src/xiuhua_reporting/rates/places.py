"""Where a scope lives and what things are called, from the directory and people the events told of
(and, before the directory has arrived, from the issue rows themselves)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_reporting.adapters.mongo import COMMUNITIES, ISSUES, PEOPLE
from xiuhua_reporting.rates.access import Place

CATEGORIES = {"cleaning": "保洁", "greening": "绿化", "security": "安保", "parking": "车库停车",
              "facilities": "设施维修", "other": "其他"}
NO_ONE = {"member": "未派单", "property": "未转物业"}  # the group of issues without that key


async def locate(db: AsyncDatabase, scope: str, id: str, actor: Principal) -> Place | None:
    """The scope's community, subdistrict and name; None when no event ever mentioned it."""
    if scope == "subdistrict":
        known = await db[COMMUNITIES].find_one({"subdistrict": id}) or await db[ISSUES].find_one({"subdistrict": id})
        return Place(None, id) if known else None
    if scope == "community":
        doc = await db[COMMUNITIES].find_one({"_id": id})
        if doc is not None:
            return Place(id, doc["subdistrict"], doc["name"])
        row = await db[ISSUES].find_one({"community": id, "subdistrict": {"$exists": True}})
        return Place(id, row["subdistrict"]) if row else None
    if scope == "category":
        known = id in CATEGORIES or await db[ISSUES].find_one({"category": id}, {"_id": 1})
        return Place(actor.community, actor.subdistrict, CATEGORIES.get(id, id)) if known else None
    if scope == "member":
        doc = await _nearest(db[PEOPLE], {"id": id}, _near(actor, "community"))
        return await _completed(db, Place(doc["community"], doc.get("subdistrict"), doc.get("name"))) if doc else None
    return await _listed(db, scope, id, actor)


async def _listed(db: AsyncDatabase, scope: str, id: str, actor: Principal) -> Place | None:
    """An estate or a property company: from its community's directory, else from the issues naming it."""
    field, listed = ("estate", "estates") if scope == "estate" else ("company", "property_companies")
    doc = await _nearest(db[COMMUNITIES], {f"{listed}.id": id}, _near(actor, "_id"))
    if doc is not None:
        return Place(doc["_id"], doc["subdistrict"], next(e["name"] for e in doc[listed] if e["id"] == id))
    row = await _nearest(db[ISSUES], {field: id}, _near(actor, "community"))
    if row is None:
        return None
    name = row.get("company_name") if scope == "property" else None
    return await _completed(db, Place(row["community"], row.get("subdistrict"), name))


async def names(db: AsyncDatabase, group_by: str, keys: Iterable[str | None]) -> dict[str | None, str | None]:
    """The name of each group key (the directory's, a member's, a category's label)."""
    keys = set(keys)
    found: dict[str | None, str | None] = {None: NO_ONE.get(group_by)}
    wanted = [k for k in keys if k is not None]
    if group_by == "category":
        found |= {k: CATEGORIES.get(k, k) for k in wanted}
    elif group_by == "member":
        found |= {p["id"]: p.get("name") async for p in db[PEOPLE].find({"id": {"$in": wanted}}).sort("at", 1)}
    elif group_by == "community":
        found |= {c["_id"]: c["name"] async for c in db[COMMUNITIES].find({"_id": {"$in": wanted}})}
    else:
        listed = "estates" if group_by == "estate" else "property_companies"
        async for doc in db[COMMUNITIES].find({f"{listed}.id": {"$in": wanted}}, {listed: 1}):
            found |= {e["id"]: e["name"] for e in doc[listed] if e["id"] in keys}
    return {k: found.get(k) for k in keys}


def _near(actor: Principal, community_field: str) -> dict[str, Any]:
    """Where to look first: the asker's own community, or their subdistrict."""
    return {community_field: actor.community} if actor.community else {"subdistrict": actor.subdistrict}


async def _nearest(collection: Any, query: dict[str, Any], near: dict[str, Any]) -> dict[str, Any] | None:
    """The first match near the asker, else anywhere (the walls are checked afterwards)."""
    return await collection.find_one(query | near) or await collection.find_one(query)


async def _completed(db: AsyncDatabase, place: Place) -> Place:
    """Fill the subdistrict from the community when the first event lacked it."""
    if place.subdistrict is not None or place.community is None:
        return place
    doc = await db[COMMUNITIES].find_one({"_id": place.community}) or await db[ISSUES].find_one(
        {"community": place.community, "subdistrict": {"$exists": True}}) or {}
    return Place(place.community, doc.get("subdistrict"), place.name)
