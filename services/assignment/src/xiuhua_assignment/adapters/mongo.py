"""MongoDB collections of assignment (database ``xiuhua_assignment``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

TEAMS = "teams"          # per community: the team's name, subdistrict and time limits
MEMBERS = "members"      # the roster: who is on the team and which areas each member is in charge of
TASKS = "tasks"          # per issue: who works on it, its clocks and every step
DIRECTORY = "directory"  # per community: estates, property companies and staff, as intake announced them
CALENDAR = "calendar"    # per year loaded from the State Council's notice: holidays and adjusted working days
ROUTING = "routing"      # per member: a count of the tasks given them (tasks/service/routing.py: give)
PERSON_IDS = "person_ids"  # every person id given on the platform and the phone it names, kept for good
OPEN_TASK_STATUSES = ["assigned", "in_progress", "with_property"]


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, TEAMS, MEMBERS, TASKS, DIRECTORY, CALENDAR, ROUTING, PERSON_IDS)
    await db[MEMBERS].create_index([("community", ASCENDING), ("active", ASCENDING)])
    await db[MEMBERS].create_index([("community", ASCENDING), ("phone", ASCENDING)])
    await db[TASKS].create_index([("community", ASCENDING), ("created_at", DESCENDING)])
    await db[TASKS].create_index([("assignee.id", ASCENDING), ("status", ASCENDING)])
    await db[TASKS].create_index([("property.company.id", ASCENDING), ("status", ASCENDING)])
    await db[TASKS].create_index([("community", ASCENDING), ("status", ASCENDING), ("resolve_by", ASCENDING)])
    await db[TASKS].create_index([("subdistrict", ASCENDING), ("status", ASCENDING), ("resolve_by", ASCENDING)])
