"""MongoDB collections of reporting (database ``xiuhua_reporting``)."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

ISSUES = "issue_view"      # one row per issue, folded from its events
ACTIVITY = "activity"      # per community and event type: how many events


async def setup(db: AsyncDatabase) -> None:
    existing = set(await db.list_collection_names())
    for name in (ISSUES, ACTIVITY):
        if name not in existing:
            await db.create_collection(name)
    await db[ISSUES].create_index([("community", ASCENDING), ("status", ASCENDING)])
    await db[ISSUES].create_index([("subdistrict", ASCENDING)])
