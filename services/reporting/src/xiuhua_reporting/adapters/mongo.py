"""MongoDB collections of reporting (database ``xiuhua_reporting``)."""

from __future__ import annotations

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

ISSUES = "issue_view"  # one row per issue, folded from its events


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, ISSUES)
    await db[ISSUES].create_index([("community", ASCENDING), ("status", ASCENDING)])
    await db[ISSUES].create_index([("subdistrict", ASCENDING)])
