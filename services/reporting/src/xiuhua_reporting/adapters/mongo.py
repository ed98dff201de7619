"""MongoDB collections of reporting (database ``xiuhua_reporting``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

ISSUES = "issue_view"  # one row per issue, folded from its events
COMMUNITIES = "communities"  # the newest directory of each community: names, estates, property companies
PEOPLE = "people"  # team members named by assignments: "<community>/<member id>" → name
ARCHIVE = "archive"  # every event consumed, by event id: what the views are rebuilt from
REPORTS = "monthly_reports"  # published monthly reports: "<scope>/<id>/<YYYY-MM>" → the report


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, ISSUES, COMMUNITIES, PEOPLE, ARCHIVE, REPORTS)
    await index_views(db)
    await db[REPORTS].create_index([("subdistrict", ASCENDING), ("month", DESCENDING)])
    await db[REPORTS].create_index([("community", ASCENDING), ("month", DESCENDING)])
    # The rebuild reads an issue's events together; a tenant's events, and the newest ones, are found fast.
    await db[ARCHIVE].create_index([("issue_id", ASCENDING)])
    await db[ARCHIVE].create_index([("community", ASCENDING), ("time", ASCENDING)])
    await db[ARCHIVE].create_index([("archived_at", ASCENDING)])


async def index_views(db: AsyncDatabase, names: dict[str, str] | None = None) -> None:
    """The indexes of the views (``names``: the collections to index instead, for a rebuild)."""
    named = names or {}
    issues, communities, people = (db[named.get(c, c)] for c in (ISSUES, COMMUNITIES, PEOPLE))
    await issues.create_index([("community", ASCENDING), ("status", ASCENDING)])
    await issues.create_index([("subdistrict", ASCENDING)])
    await issues.create_index([("subdistrict", ASCENDING), ("status", ASCENDING)])  # a report's backlog
    # What the rates, rankings, hot spots and contribution read: a scope's issues received in a period.
    for scope in ("community", "subdistrict", "estate", "assignee"):
        await issues.create_index([(scope, ASCENDING), ("submitted_at", ASCENDING)])
    await issues.create_index([("company", ASCENDING), ("handed_at", ASCENDING)])
    await communities.create_index([("subdistrict", ASCENDING)])
    await communities.create_index([("estates.id", ASCENDING)])
    await communities.create_index([("property_companies.id", ASCENDING)])
    await people.create_index([("id", ASCENDING)])
