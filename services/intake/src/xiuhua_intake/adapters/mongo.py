"""MongoDB collections of intake (database ``xiuhua_intake``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections
from xiuhua_intake.photos import sweep

ISSUES = "issues"
COMMUNITIES = "communities"
SUBDISTRICTS = "subdistricts"  # each subdistrict's admins
PEOPLE = "people"              # who a phone is: member, lead, staff, property contact, admin, resident
SESSIONS = "sessions"          # refresh tokens (hashed), rotated and revocable
PERSON_IDS = "person_ids"      # every person id given and the phone it names, kept for good (identity/ids.py)


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, ISSUES, COMMUNITIES, SUBDISTRICTS, PEOPLE, SESSIONS, PERSON_IDS)
    await sweep.start(db)  # the recurring sweep of unused photo drafts
    # issues
    await db[ISSUES].create_index([("community", ASCENDING), ("status", ASCENDING), ("created_at", DESCENDING)])
    await db[ISSUES].create_index([("community", ASCENDING), ("created_at", DESCENDING)])
    await db[ISSUES].create_index([("reporter.sub", ASCENDING), ("created_at", DESCENDING)])
    await db[ISSUES].create_index([("submitted_by.sub", ASCENDING), ("idempotency_key", ASCENDING)], unique=True,
                                  partialFilterExpression={"idempotency_key": {"$type": "string"}})
    # identity
    await db[PEOPLE].create_index([("phone", ASCENDING)])
    await db[PEOPLE].create_index([("community", ASCENDING), ("role", ASCENDING)])
    await db[PEOPLE].create_index([("person_id", ASCENDING)])  # /me, and a supporter's phone
    await db[SESSIONS].create_index([("expires_at", ASCENDING)], expireAfterSeconds=0)
    await db[SESSIONS].create_index([("family", ASCENDING)])
