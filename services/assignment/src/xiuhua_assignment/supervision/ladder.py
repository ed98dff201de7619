"""What the timers do when they fire: remind the member before a limit, record the breach at it,
and climb the ladder (lead → community staff → subdistrict) while it stays breached. Every handler
checks the task first: a limit met meanwhile makes its timer a no-op."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import MEMBERS, TASKS
from xiuhua_assignment.directory.service import community as directory_of
from xiuhua_assignment.limits.service import limits_of
from xiuhua_assignment.supervision.clocks import ESCALATE, RUNNING
from xiuhua_events import Transaction, clock, new_event, timers
from xiuhua_events.timers import Timer

RUNGS = ("lead", "staff", "subdistrict")


def pending(task: dict[str, Any] | None, kind: str) -> bool:
    """Is the limit ``kind`` still to be met?"""
    if task is None or task["status"] not in RUNNING or task.get("waiting_since"):
        return False
    return kind == "resolve" or task.get("first_response_at") is None


def _assignee(task: dict[str, Any]) -> events.Assignee | None:
    return events.Assignee(**task["assignee"]) if task.get("assignee") else None


def _emit(tx: Transaction, task: dict[str, Any], event_type: str, payload: Any) -> None:
    tx.emit(new_event(type=event_type, source=events.SOURCE, tenant=task["community"], subject=task["_id"],
                      data=payload))


async def _task(tx: Transaction, issue_id: str) -> dict[str, Any] | None:
    return await tx.db[TASKS].find_one({"_id": issue_id}, session=tx.session)


async def remind(tx: Transaction, timer: Timer) -> None:
    kind = timer.data["kind"]
    task = await _task(tx, timer.data["issue_id"])
    if not pending(task, kind) or not task.get("assignee"):
        return
    _emit(tx, task, events.TASK_REMINDED, events.TaskReminded(
        issue_id=task["_id"], community=task["community"], title=task["title"], kind=kind,
        due_at=task[f"{kind}_by"], assignee=_assignee(task), at=clock.now()))


async def breach(tx: Transaction, timer: Timer) -> None:
    kind = timer.data["kind"]
    task = await _task(tx, timer.data["issue_id"])
    if not pending(task, kind):
        return
    now, due = clock.now(), task[f"{kind}_by"]
    first = {} if task.get("overdue_since") else {"$set": {"overdue_since": due}}
    await tx.db[TASKS].update_one(
        {"_id": task["_id"]}, {"$push": {"breaches": {"kind": kind, "due_at": due, "at": now}}, **first},
        session=tx.session)
    _emit(tx, task, events.TASK_SLA_BREACHED, events.TaskSlaBreached(
        issue_id=task["_id"], community=task["community"], subdistrict=task["subdistrict"], estate=task["estate"],
        title=task["title"], kind=kind, due_at=due, assignee=_assignee(task), at=now))
    limits = await limits_of(tx.db, task["community"], session=tx.session)
    for rung in limits.ladder:
        at = due + timedelta(hours=rung.after_hours)
        if at <= now:
            await escalate_now(tx, task, kind=kind, level=rung.to, due_at=due)
        else:
            await timers.schedule(tx, key=f"esc:{task['_id']}:{kind}:{rung.to}", kind=ESCALATE, due_at=at,
                                  data={"issue_id": task["_id"], "kind": kind, "level": rung.to})


async def escalate(tx: Transaction, timer: Timer) -> None:
    kind, level = timer.data["kind"], timer.data["level"]
    task = await _task(tx, timer.data["issue_id"])
    if not pending(task, kind):
        return
    await escalate_now(tx, task, kind=kind, level=level, due_at=task[f"{kind}_by"])


async def escalate_now(tx: Transaction, task: dict[str, Any], *, kind: str, level: str,
                       due_at: datetime | None = None, note: str = "") -> None:
    """Tell the rung ``level`` of ``task``: its leads, its community's staff, or its subdistrict."""
    now = clock.now()
    to = await recipients(tx, task["community"], level)
    highest = max(level, task.get("escalated_to") or level, key=RUNGS.index)  # rungs may fire out of order
    await tx.db[TASKS].update_one(
        {"_id": task["_id"]},
        {"$push": {"escalations": {"kind": kind, "level": level, "at": now, "note": note}},
         "$set": {"escalated_to": highest}}, session=tx.session)
    _emit(tx, task, events.TASK_ESCALATED, events.TaskEscalated(
        issue_id=task["_id"], community=task["community"], subdistrict=task["subdistrict"], title=task["title"],
        kind=kind, level=level, to=to, assignee=_assignee(task), due_at=due_at, note=note, at=now))


async def recipients(tx: Transaction, community: str, level: str) -> list[str]:
    if level == "lead":
        return [d["_id"] async for d in tx.db[MEMBERS].find(
            {"community": community, "role": "lead", "active": True}, {"_id": 1}, session=tx.session).sort("_id", 1)]
    if level == "staff":
        directory = await directory_of(tx.db, community, session=tx.session)
        return [p["id"] for p in (directory or {}).get("staff", [])]
    return []  # the subdistrict's admins read their supervision list
