"""MongoDB collections of intake (database ``xiuhua_intake``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

ISSUES = "issues"
COMMUNITIES = "communities"


async def setup(db: AsyncDatabase) -> None:
    """Create collections up front: MongoDB transactions cannot create them on first write."""
    existing = set(await db.list_collection_names())
    for name in (ISSUES, COMMUNITIES):
        if name not in existing:
            await db.create_collection(name)
    await db[ISSUES].create_index([("community", ASCENDING), ("status", ASCENDING), ("created_at", DESCENDING)])
    await db[ISSUES].create_index([("community", ASCENDING), ("created_at", DESCENDING)])
    await db[ISSUES].create_index([("reporter.sub", ASCENDING), ("created_at", DESCENDING)])
