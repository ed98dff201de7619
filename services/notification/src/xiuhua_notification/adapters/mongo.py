"""MongoDB collections of notification (database ``xiuhua_notification``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

THREADS = "threads"    # per issue: how to reach the reporter, and the assignments to announce
MESSAGES = "messages"  # every message requested, with its delivery status


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, THREADS, MESSAGES)
    await db[MESSAGES].create_index([("community", ASCENDING), ("created_at", DESCENDING)])
    await db[MESSAGES].create_index([("issue_id", ASCENDING)])
