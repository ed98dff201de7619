"""MongoDB collections of notification (database ``xiuhua_notification``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

THREADS = "threads"    # per issue: what is known of it, who hears its news, the facts to tell (threads/model.py)
MESSAGES = "messages"  # every message requested, with its delivery status (messages/log.py)
PEOPLE = "people"      # team members and leads per community, from the roster's events (people/store.py)


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, THREADS, MESSAGES, PEOPLE)
    await db[MESSAGES].create_index([("community", ASCENDING), ("created_at", DESCENDING)])
    await db[MESSAGES].create_index([("issue_id", ASCENDING)])
    await db[MESSAGES].create_index([("to_sub", ASCENDING), ("created_at", DESCENDING)])
    await db[THREADS].create_index([("community", ASCENDING)],
                                   partialFilterExpression={"waiting_for_lead": True}, name="waiting_for_lead")
    await db[PEOPLE].create_index([("community", ASCENDING), ("role", ASCENDING)])
