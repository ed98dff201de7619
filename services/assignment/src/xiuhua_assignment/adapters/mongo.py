"""MongoDB collections of assignment (database ``xiuhua_assignment``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

TEAMS = "teams"
MEMBERS = "members"
TASKS = "tasks"
OPEN_TASK_STATUSES = ["assigned", "accepted", "in_progress", "handed_to_property"]


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, TEAMS, MEMBERS, TASKS)
    await db[MEMBERS].create_index([("community", ASCENDING), ("active", ASCENDING)])
    await db[TASKS].create_index([("community", ASCENDING), ("created_at", DESCENDING)])
    await db[TASKS].create_index([("assignee.id", ASCENDING), ("status", ASCENDING)])
