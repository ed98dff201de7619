"""MongoDB collections of intake (database ``xiuhua_intake``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

ISSUES = "issues"
COMMUNITIES = "communities"


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, ISSUES, COMMUNITIES)
    await db[ISSUES].create_index([("community", ASCENDING), ("status", ASCENDING), ("created_at", DESCENDING)])
    await db[ISSUES].create_index([("community", ASCENDING), ("created_at", DESCENDING)])
    await db[ISSUES].create_index([("reporter.sub", ASCENDING), ("created_at", DESCENDING)])
    await db[ISSUES].create_index([("submitted_by.sub", ASCENDING), ("idempotency_key", ASCENDING)], unique=True,
                                  partialFilterExpression={"idempotency_key": {"$type": "string"}})
