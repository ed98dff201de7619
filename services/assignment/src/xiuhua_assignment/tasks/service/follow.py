"""Following intake's facts about an issue: a new priority or category, a merge or rejection,
a reopen, a close. Facts may overtake the submission they follow: they are parked on a stub
(status ``pending``) and applied when the submission arrives."""

from __future__ import annotations

from typing import Any

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import TASKS
from xiuhua_assignment.calendar.service import calendar_of
from xiuhua_assignment.limits.service import limits_of
from xiuhua_assignment.supervision.keep import keep_time
from xiuhua_assignment.tasks import domain
from xiuhua_assignment.tasks.routing import AREA_LABELS
from xiuhua_assignment.tasks.service.routing import give, route_for
from xiuhua_events import CloudEvent, Transaction, UnitOfWork, clock, new_event

_ENDS = {events.ISSUE_MERGED: ("cancelled", "merged"), events.ISSUE_REJECTED: ("cancelled", "rejected"),
         events.ISSUE_CLOSED: ("closed", "closed")}


async def _task_or_park(tx: Transaction, issue_id: str, park: dict[str, Any]) -> dict[str, Any] | None:
    task = await tx.db[TASKS].find_one({"_id": issue_id}, session=tx.session)
    if task is None or task["status"] == "pending":
        await tx.db[TASKS].update_one({"_id": issue_id}, {"$set": park, "$setOnInsert": {"status": "pending"}},
                                      upsert=True, session=tx.session)
        return None
    return task


async def apply_triage(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """New priority → new time limits; a new category re-routes a task nobody has taken yet."""
    fact = events.IssueTriaged.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        current = await tx.db[TASKS].find_one({"_id": fact.issue_id}, {"triaged_at": 1}, session=tx.session)
        if current is not None and current.get("triaged_at") and current["triaged_at"] >= fact.at:
            return  # an older triage overtaken by a newer one
        park = {"pending_triage": {"category": fact.category, "priority": fact.priority}, "triaged_at": fact.at}
        task = await _task_or_park(tx, fact.issue_id, park)
        if task is None:
            return
        task["triaged_at"] = fact.at
        changed_category = task["category"] != fact.category
        changed_priority = task.get("priority", "normal") != fact.priority
        task.update({"category": fact.category, "priority": fact.priority, "updated_at": clock.now()})
        if changed_priority or changed_category:
            limits = await limits_of(tx.db, task["community"], session=tx.session)
            task["respond_by"], task["resolve_by"] = limits.deadlines(
                submitted_at=task["submitted_at"], category=fact.category, priority=fact.priority,
                calendar=await calendar_of(tx.db, session=tx.session))
            tx.emit(new_event(type=events.TASK_RESCHEDULED, source=events.SOURCE, tenant=task["community"],
                              subject=task["_id"], correlationid=event.correlationid,
                              data=events.TaskRescheduled(issue_id=task["_id"], community=task["community"],
                                                          priority=fact.priority, respond_by=task["respond_by"],
                                                          resolve_by=task["resolve_by"], at=fact.at)))
        if changed_category and task["status"] in (domain.ASSIGNED, domain.UNROUTED):
            route = await route_for(tx, task)
            if route is not None and route.member.id != (task.get("assignee") or {}).get("id"):
                label = AREA_LABELS.get(fact.category, fact.category)
                await give(tx, task, route.member, reason=route.reason, why=f"类别改为{label}；{route.why}",
                     actor=events.SYSTEM, correlationid=event.correlationid)
        await tx.db[TASKS].replace_one({"_id": task["_id"]}, task, session=tx.session)
        await keep_time(tx, task)


async def apply_end(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """A merged or rejected issue's task is cancelled; a closed issue's task is closed."""
    fact = events.IssueEnded.model_validate(event.data)
    status, action = _ENDS[event.type]
    async with uow.transaction(event_id=event.id) as tx:
        task = await _task_or_park(tx, fact.issue_id, {"pending_end": action})
        if task is None or task["status"] in (domain.CLOSED, domain.CANCELLED):
            return
        task["status"] = status
        task["history"].append({"at": fact.at, "action": action, "actor": events.SYSTEM.model_dump(),
                                "note": None, "to": None})
        await tx.db[TASKS].replace_one({"_id": task["_id"]}, task, session=tx.session)
        await keep_time(tx, task)


async def apply_reopen(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """The reporter says it is not fixed: back to the same member, waiting for them."""
    fact = events.IssueEnded.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        task = await tx.db[TASKS].find_one({"_id": fact.issue_id}, session=tx.session)
        if task is None or task["status"] not in (domain.RESOLVED, domain.CLOSED):
            return
        if fact.reopen_count is not None and fact.reopen_count <= task.get("reopen_count", 0):
            return  # this reopen was already followed by a resolution and a close
        task.update({"status": domain.ASSIGNED if task.get("assignee") else domain.UNROUTED,
                     "reopen_count": fact.reopen_count or task.get("reopen_count", 0) + 1,
                     "updated_at": clock.now()})
        task["history"].append({"at": fact.at, "action": "reopened", "actor": events.SYSTEM.model_dump(),
                                "note": None, "to": None})
        await tx.db[TASKS].replace_one({"_id": task["_id"]}, task, session=tx.session)
        await keep_time(tx, task)
