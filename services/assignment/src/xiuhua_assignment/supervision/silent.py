"""Members who fell silent: every morning, a member with open tasks who has taken no step on any
task for the community's ``silent_days`` has those tasks offered back to the lead (the lead sees
them marked on the board and reassigns; the member keeps them until then). A recurring durable
timer that sets itself again for the next morning, 9:00 Asia/Shanghai."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment.adapters.mongo import OPEN_TASK_STATUSES, TASKS
from xiuhua_assignment.days import SHANGHAI
from xiuhua_assignment.limits.service import limits_of
from xiuhua_assignment.supervision.ladder import escalate_now
from xiuhua_events import Transaction, clock
from xiuhua_events.timers import Timer, ensure, schedule

KIND = KEY = "members-silent-scan"
AT = time(9, 0)


def next_morning(now: datetime) -> datetime:
    local = now.astimezone(SHANGHAI)
    morning = datetime.combine(local.date(), AT, SHANGHAI)
    return morning if morning > local else morning + timedelta(days=1)


async def start(db: AsyncDatabase) -> None:
    await ensure(db, key=KEY, kind=KIND, due_at=next_morning(clock.now()))


async def scan(tx: Transaction, timer: Timer) -> None:
    now = clock.now()
    by_member: dict[str, list[dict[str, Any]]] = {}
    async for task in tx.db[TASKS].find({"status": {"$in": OPEN_TASK_STATUSES}, "assignee.role": "member"},
                                        {"history": 0}, session=tx.session):
        by_member.setdefault(task["assignee"]["id"], []).append(task)
    for member, tasks in by_member.items():
        limits = await limits_of(tx.db, tasks[0]["community"], session=tx.session)
        since = now - timedelta(days=limits.silent_days)
        if min(t["assigned_at"] for t in tasks) > since:
            continue  # they have not had a task that long
        spoke = await tx.db[TASKS].find_one(
            {"updated_at": {"$gte": since}, "history": {"$elemMatch": {"actor.id": member, "at": {"$gte": since}}}},
            {"_id": 1}, session=tx.session)
        if spoke is not None:
            continue
        name = tasks[0]["assignee"]["name"]
        for task in tasks:
            offered = task.get("offered_back_at")
            if task["assigned_at"] > since or (offered is not None and offered > since):
                continue
            await tx.db[TASKS].update_one({"_id": task["_id"]}, {"$set": {"offered_back_at": now}},
                                          session=tx.session)
            await escalate_now(tx, task, kind="silent", level="lead",
                               note=f"{name}已{limits.silent_days}天没有处理任何派单，请队长改派或联系")
    await schedule(tx, key=KEY, kind=KIND, due_at=next_morning(now + timedelta(minutes=1)), data={})
