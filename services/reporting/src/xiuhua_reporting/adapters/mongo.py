"""MongoDB collections of reporting (database ``xiuhua_reporting``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

ISSUES = "issue_view"  # one row per issue, folded from its events
COMMUNITIES = "communities"  # the newest directory of each community: names, estates, property companies
PEOPLE = "people"  # team members named by assignments: "<community>/<member id>" → name
REPORTS = "monthly_reports"  # published monthly reports: "<scope>/<id>/<YYYY-MM>" → the report


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, ISSUES, COMMUNITIES, PEOPLE, REPORTS)
    await db[ISSUES].create_index([("community", ASCENDING), ("status", ASCENDING)])
    await db[ISSUES].create_index([("subdistrict", ASCENDING)])
    await db[ISSUES].create_index([("subdistrict", ASCENDING), ("status", ASCENDING)])  # a report's backlog
    # What the rates read: a scope's issues received in a period.
    for scope in ("community", "subdistrict", "estate", "assignee"):
        await db[ISSUES].create_index([(scope, ASCENDING), ("submitted_at", ASCENDING)])
    await db[ISSUES].create_index([("company", ASCENDING), ("handed_at", ASCENDING)])
    await db[COMMUNITIES].create_index([("subdistrict", ASCENDING)])
    await db[COMMUNITIES].create_index([("estates.id", ASCENDING)])
    await db[COMMUNITIES].create_index([("property_companies.id", ASCENDING)])
    await db[PEOPLE].create_index([("id", ASCENDING)])
    await db[REPORTS].create_index([("subdistrict", ASCENDING), ("month", DESCENDING)])
    await db[REPORTS].create_index([("community", ASCENDING), ("month", DESCENDING)])
