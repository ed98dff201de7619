"""Drafts nobody used: photos uploaded more than a day ago that no report or note ever named are
deleted, with their thumbnails, every few hours (a durable timer that sets itself again)."""

from __future__ import annotations

from datetime import timedelta

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events import Transaction, clock
from xiuhua_events.timers import Timer, ensure, schedule
from xiuhua_intake.photos.store import BUCKET, FILES

KIND = "photos-sweep"
KEY = "photos-sweep"
EVERY = timedelta(hours=6)
KEEP = timedelta(days=1)


async def start(db: AsyncDatabase) -> None:
    await ensure(db, key=KEY, kind=KIND, due_at=clock.now() + EVERY)


async def sweep(tx: Transaction, timer: Timer) -> None:
    cutoff = clock.now() - KEEP
    stale = [d["_id"] async for d in tx.db[FILES].find(
        {"metadata.kind": "full", "metadata.issue_id": None, "metadata.uploaded_at": {"$lt": cutoff}}, {"_id": 1},
        session=tx.session)]
    if stale:
        ids = stale + [f"{i}-thumb" for i in stale]
        await tx.db[FILES].delete_many({"_id": {"$in": ids}}, session=tx.session)
        await tx.db[f"{BUCKET}.chunks"].delete_many({"files_id": {"$in": ids}}, session=tx.session)
    await schedule(tx, key=KEY, kind=KIND, due_at=clock.now() + EVERY, data={})
