"""MongoDB collections of notification (database ``xiuhua_notification``)."""

from __future__ import annotations

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events.uow import ensure_collections

THREADS = "threads"    # per issue: what is known of it, who hears its news, the facts to tell (threads/model.py)
MESSAGES = "messages"  # every message requested, with its delivery status (messages/log.py)
PEOPLE = "people"      # team members and leads per community, from the roster's events (people/store.py)
COMMUNITIES = "communities"  # each community's subdistrict and staff, from the directory's events (people/directory.py)
RULES = "rules"        # a community's rule table, where it differs from the defaults (rules/store.py)
TEMPLATES = "templates"  # a community's wording of its messages (templates/store.py)
PREFERENCES = "preferences"  # each person's channels and muted issues (preferences/store.py)
BUDGETS = "budgets"    # each person's messages of the last hour and their release time (pace/budget.py)
ROBOTS = "robots"      # each estate's owners'-group robot and its last minute of posts (robots/store.py)
PHONES = "phones"      # phones proven by a login, and who logged in with them (people/phones.py)


async def setup(db: AsyncDatabase) -> None:
    await ensure_collections(db, THREADS, MESSAGES, PEOPLE, COMMUNITIES, RULES, TEMPLATES, PREFERENCES, BUDGETS,
                             ROBOTS, PHONES)
    await db[MESSAGES].create_index([("community", ASCENDING), ("created_at", DESCENDING)])
    await db[MESSAGES].create_index([("issue_id", ASCENDING)])
    await db[MESSAGES].create_index([("to_sub", ASCENDING), ("created_at", DESCENDING)])
    await db[THREADS].create_index([("community", ASCENDING)],
                                   partialFilterExpression={"waiting_for_lead": True}, name="waiting_for_lead")
    await db[PEOPLE].create_index([("community", ASCENDING), ("role", ASCENDING)])
    await db[MESSAGES].create_index([("person", ASCENDING), ("status", ASCENDING), ("issue_id", ASCENDING)],
                                    partialFilterExpression={"status": "pending"}, name="pending_by_person")
    await db[MESSAGES].create_index([("person", ASCENDING), ("created_at", DESCENDING)])
    await db[TEMPLATES].create_index([("community", ASCENDING)])
    await db[PHONES].create_index([("people", ASCENDING)])
