"""Tasks nobody could take (待派单) go to someone as soon as someone can take them (issue 21 §8).

Someone may become able to take them in two ways:

- the roster changes — a member or lead added or reactivated, back from 暂停接单, given the
  category or the estate. Every such change is announced as ``team.member_updated``, and
  assignment follows its own announcement: the roster never calls routing (routing reads the
  roster, and the roster calling back would tie the two into a loop);
- a day begins in Shanghai — leave ends on a date and members take tasks on certain days of the
  week, so a recurring durable timer looks again each midnight.

Each look routes the community's waiting tasks oldest first by the usual rules (the members in
charge, the least loaded first, else a lead; those who declined a task are passed by)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import TASKS
from xiuhua_assignment.days import SHANGHAI
from xiuhua_assignment.supervision.keep import keep_time
from xiuhua_assignment.tasks.domain import UNROUTED
from xiuhua_assignment.tasks.service.routing import give, route_for
from xiuhua_events import CloudEvent, Transaction, UnitOfWork, clock
from xiuhua_events.timers import Timer, ensure, schedule

KIND = KEY = "unrouted-midnight"
AT = time(0, 0, 30)  # just after midnight in Shanghai: the day's leave and weekdays apply
BATCH = 200  # tasks looked at in one go (the oldest); the rest wait for the next look


def next_midnight(now: datetime) -> datetime:
    local = now.astimezone(SHANGHAI)
    today = datetime.combine(local.date(), AT, SHANGHAI)
    return today if today > local else today + timedelta(days=1)


async def start(db: AsyncDatabase) -> None:
    await ensure(db, key=KEY, kind=KIND, due_at=next_midnight(clock.now()))


async def after_roster_change(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Someone on the team changed: route the community's waiting tasks they may now take."""
    change = events.MemberUpdated.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        await route_waiting(tx, change.community, correlationid=event.correlationid)


async def at_midnight(tx: Transaction, timer: Timer) -> None:
    """A new day in Shanghai: leave that ended and days of the week that began free members."""
    communities = await tx.db[TASKS].distinct("community", {"status": UNROUTED}, session=tx.session)
    for community in sorted(communities):
        await route_waiting(tx, community)
    await schedule(tx, key=KEY, kind=KIND, due_at=next_midnight(clock.now() + timedelta(minutes=1)), data={})


async def route_waiting(tx: Transaction, community: str, *, correlationid: str | None = None) -> int:
    """Give ``community``'s waiting tasks, oldest first, to whoever may take each now; how many went."""
    cursor = tx.db[TASKS].find({"community": community, "status": UNROUTED}, session=tx.session)
    waiting: list[dict[str, Any]] = [t async for t in cursor.sort([("submitted_at", 1), ("_id", 1)]).limit(BATCH)]
    routed = 0
    for task in waiting:
        route = await route_for(tx, task)
        if route is None:
            continue  # still nobody for this one (another category may have someone)
        await give(tx, task, route.member, reason=route.reason, why=f"此前无人可接；{route.why}",
                   actor=events.SYSTEM, correlationid=correlationid)
        await tx.db[TASKS].replace_one({"_id": task["_id"]}, task, session=tx.session)
        await keep_time(tx, task)
        routed += 1
    return routed
