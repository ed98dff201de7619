"""Rebuild the views from the archive: replay every archived event from scratch into fresh
collections, then put them in place of the live ones.

The fresh collections (``rebuild.<name>``) are filled while the consumers keep folding new events into
the live ones; events archived meanwhile are folded again into the fresh ones (their issues from all of
their events) until none is left, then each fresh collection replaces its live one in one rename. An
event folded by a consumer in the moment between the last catch-up and the rename is not lost: it is in
the archive, and the next rebuild has it (run the rebuild when the platform is quiet to be exact).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, ReplaceOne
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_reporting.adapters.mongo import ARCHIVE, ISSUES, index_views
from xiuhua_reporting.archive.store import event_of
from xiuhua_reporting.archive.views import VIEWS, View

PREFIX = "rebuild."


class UnknownView(ValueError):
    pass


@dataclass(frozen=True)
class Rebuilt:
    views: tuple[str, ...]
    events: int
    issues: int
    seconds: float
    unread: int = 0  # archived events the views' readers no longer accept: left out

    @property
    def per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


async def rebuild(db: AsyncDatabase, *, views: Sequence[str] = (), batch: int = 1000,
                  progress: Callable[[int], None] = lambda n: None, limit: int | None = None,
                  swap: bool = True) -> Rebuilt:
    """Replay the archive into fresh views (``views``: their names, default all) and swap them in.

    ``progress`` is told how many more events were replayed; ``limit`` replays only the first events
    (by issue) and ``swap=False`` leaves the fresh collections aside (to measure without replacing)."""
    chosen = [VIEWS[name]() for name in _names(views)]
    names = {c: PREFIX + c for view in chosen for c in view.collections}
    for shadow in names.values():
        await db.drop_collection(shadow)
        await db.create_collection(shadow)
    await index_views(db, names)
    began, started = time.perf_counter(), datetime.now(UTC)
    replayed, issues = await _replay(db, chosen, names, {}, batch, progress, limit)
    if limit is None:
        mark = started
        while True:  # events archived while replaying: fold their issues again, from all their events
            now = datetime.now(UTC)
            recent = {"archived_at": {"$gte": mark}}
            ids = [i for i in await db[ARCHIVE].distinct("issue_id", recent) if i is not None]
            others = await db[ARCHIVE].count_documents(recent | {"issue_id": None})
            if not ids and not others:
                break
            query = {"$or": [{"issue_id": {"$in": ids}}, recent | {"issue_id": None}]}
            more, _ = await _replay(db, chosen, names, query, batch, lambda n: None, None, upsert=True)
            replayed, mark = replayed + more, now
    for view in chosen:
        for collection, docs in view.documents().items():
            await _write(db[names[collection]], list(docs), upsert=True)
    seconds = time.perf_counter() - began
    if swap:
        for live, shadow in names.items():
            await db[shadow].rename(live, dropTarget=True)
    return Rebuilt(tuple(v.name for v in chosen), replayed, issues, seconds, sum(v.unread for v in chosen))


async def unarchived(db: AsyncDatabase) -> int:
    """How many issues of the live view have no event in the archive (folded before it began): a
    rebuild would lose them."""
    pipeline = [{"$match": {"issue_id": {"$ne": None}}}, {"$group": {"_id": "$issue_id"}}, {"$count": "n"}]
    counted = await (await db[ARCHIVE].aggregate(pipeline)).to_list()
    return max(await db[ISSUES].count_documents({}) - (counted[0]["n"] if counted else 0), 0)


def _names(views: Sequence[str]) -> list[str]:
    unknown = [v for v in views if v not in VIEWS]
    if unknown:
        raise UnknownView(f"unknown view {', '.join(unknown)}; views: {', '.join(VIEWS)}")
    return list(views) or list(VIEWS)


async def _replay(db: AsyncDatabase, chosen: list[View], names: dict[str, str], query: dict[str, Any],
                  batch: int, progress: Callable[[int], None], limit: int | None,
                  *, upsert: bool = False) -> tuple[int, int]:
    """Stream the archive by issue, fold each issue's events together, write the rows in batches."""
    pending: dict[str, list[dict[str, Any]]] = {c: [] for c in names}
    replayed = issues = 0
    current: str | None = None
    group: list[Any] = []

    async def flush_issue() -> None:
        nonlocal issues
        if current is None or not group:
            return
        issues += 1
        for view in chosen:
            for collection, docs in view.issue(current, group).items():
                pending[collection].extend(docs)
        for collection, docs in pending.items():
            if len(docs) >= batch:
                await _write(db[names[collection]], docs, upsert=upsert)
                docs.clear()

    cursor = db[ARCHIVE].find(query, batch_size=batch).sort("issue_id", ASCENDING)
    if limit is not None:
        cursor = cursor.limit(limit)
    unreported = 0
    async for doc in cursor:
        event = event_of(doc)
        if doc.get("issue_id") is None:
            for view in chosen:
                view.other(event)
        else:
            if doc["issue_id"] != current:
                await flush_issue()
                current, group = doc["issue_id"], []
            group.append(event)
        replayed += 1
        unreported += 1
        if unreported >= batch:
            progress(unreported)
            unreported = 0
    await flush_issue()
    progress(unreported)
    for collection, docs in pending.items():
        await _write(db[names[collection]], docs, upsert=upsert)
    return replayed, issues


async def _write(collection: Any, docs: Iterable[dict[str, Any]], *, upsert: bool) -> None:
    docs = list(docs)
    if not docs:
        return
    if upsert:
        await collection.bulk_write([ReplaceOne({"_id": d["_id"]}, d, upsert=True) for d in docs], ordered=False)
    else:
        await collection.insert_many(docs, ordered=False)
