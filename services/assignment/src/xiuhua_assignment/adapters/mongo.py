"""MongoDB collections of assignment (database ``xiuhua_assignment``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

TEAMS = "teams"
MEMBERS = "members"
TASKS = "tasks"
OPEN_TASK_STATUSES = ["assigned", "accepted", "in_progress", "handed_to_property"]


async def setup(db: AsyncDatabase) -> None:
    existing = set(await db.list_collection_names())
    for name in (TEAMS, MEMBERS, TASKS):
        if name not in existing:
            await db.create_collection(name)
    await db[MEMBERS].create_index([("community", ASCENDING), ("active", ASCENDING)])
    await db[TASKS].create_index([("community", ASCENDING), ("created_at", DESCENDING)])
    await db[TASKS].create_index([("assignee.id", ASCENDING), ("status", ASCENDING)])
