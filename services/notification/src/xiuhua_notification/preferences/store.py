"""Reading and writing people's preferences (``preferences``: see ``model``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events import Transaction
from xiuhua_notification.collections import PREFERENCES
from xiuhua_notification.preferences.model import Preference

MAX_MUTED = 200  # muted issues a person keeps (the oldest go first)


async def of_people(tx: Transaction, subs: Iterable[str | None]) -> dict[str, Preference]:
    """The preferences of those of ``subs`` who set any."""
    wanted = sorted({s for s in subs if s})
    if not wanted:
        return {}
    cursor = tx.db[PREFERENCES].find({"_id": {"$in": wanted}}, session=tx.session)
    return {d["_id"]: Preference.from_doc(d) async for d in cursor}


async def get(db: AsyncDatabase, sub: str) -> dict[str, Any]:
    return await db[PREFERENCES].find_one({"_id": sub}) or {"_id": sub, "sms": True, "push": True, "muted": []}


async def set_channels(db: AsyncDatabase, sub: str, *, community: str | None, sms: bool, push: bool, at: Any,
                       digest: bool = False, estate: str | None = None) -> None:
    await db[PREFERENCES].update_one({"_id": sub}, {"$set": {"sms": sms, "push": push, "community": community,
                                                             "digest": digest, "estate": estate,
                                                             "updated_at": at}}, upsert=True)


async def digest_subscribers(tx: Transaction, community: str, estate: str) -> list[str]:
    """Who asked for the estate's evening digest (and still accepts SMS)."""
    cursor = tx.db[PREFERENCES].find({"community": community, "estate": estate, "digest": True, "sms": {"$ne": False}},
                                     {"_id": 1}, session=tx.session)
    return [d["_id"] async for d in cursor]


async def mute(db: AsyncDatabase, sub: str, issue_id: str, *, community: str | None, muted: bool, at: Any) -> None:
    change: dict[str, Any] = ({"$push": {"muted": {"$each": [issue_id], "$slice": -MAX_MUTED}}} if muted
                              else {"$pull": {"muted": issue_id}})
    if muted:
        await db[PREFERENCES].update_one({"_id": sub}, {"$pull": {"muted": issue_id}})
    await db[PREFERENCES].update_one({"_id": sub}, {**change, "$set": {"community": community, "updated_at": at}},
                                     upsert=True)
