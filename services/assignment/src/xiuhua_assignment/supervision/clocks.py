"""A task's clocks as durable timers: a reminder before each limit and the breach at it, kept in
step with the task after every change. What a task should have is computed from the task alone;
only the timers that differ are written, so a step that changes nothing about time writes nothing.

Overdue (超时) has one definition, ``overdue_limits``, read by every page and count (督办台, a task, the
lead's board) and counted the same by reporting from ``task.sla_breached``: a limit is missed when its
breach fired for the deadline the task has now (the breach timer fires only while the task runs and is
not waiting on the resident) and it is still to be met — 响应超时: no first response yet; 办结超时: not
resolved. A deadline moved later (the clock ran again after waiting) is missed only when its own
breach fires.

Keys: ``sla:<issue>:<respond|resolve>:<remind|breach>``, ``esc:<issue>:<kind>:<rung>`` (the ladder
after a breach) and ``promise:<issue>`` (the property company's latest promised date).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from xiuhua_assignment.adapters.mongo import OPEN_TASK_STATUSES
from xiuhua_assignment.calendar.domain import end_of_day
from xiuhua_events import Transaction, timers
from xiuhua_events.timers import TIMERS

REMIND, BREACH, ESCALATE, PROMISE = "task.remind", "task.breach", "task.escalate", "task.promise"
RUNNING = frozenset({*OPEN_TASK_STATUSES, "unrouted"})
LIMITS = ("respond", "resolve")
_SAME_DEADLINE = timedelta(seconds=1)  # reporting compares deadlines that travelled by events the same way


def overdue_limits(task: dict[str, Any]) -> list[str]:
    """The limits ``task`` has missed and not yet met: ``respond`` (响应超时), ``resolve`` (办结超时)."""
    if task.get("status") not in RUNNING:
        return []
    missed = []
    for kind in LIMITS:
        breached = [b["due_at"] for b in task.get("breaches") or [] if b["kind"] == kind]
        due = task.get(f"{kind}_by")
        if not breached or (due is not None and max(breached) < due - _SAME_DEADLINE):
            continue
        if kind == "respond" and task.get("first_response_at") is not None:
            continue
        missed.append(kind)
    return missed


def wanted(task: dict[str, Any], remind_at: float) -> dict[str, tuple[str, datetime, dict[str, Any]]]:
    """key → (kind, due, data) of every timer ``task`` should have now."""
    out: dict[str, tuple[str, datetime, dict[str, Any]]] = {}
    issue = task["_id"]
    if task["status"] not in RUNNING or task.get("waiting_since"):
        return out  # finished, or paused while waiting on the resident
    start = task["submitted_at"]
    limits = [("resolve", task.get("resolve_by"))]
    if task.get("first_response_at") is None:
        limits.append(("respond", task.get("respond_by")))
    for kind, due in limits:
        if due is None:
            continue
        data = {"issue_id": issue, "kind": kind}
        if task.get("assignee"):
            out[f"sla:{issue}:{kind}:remind"] = (REMIND, start + (due - start) * remind_at, data)
        out[f"sla:{issue}:{kind}:breach"] = (BREACH, due, data)
    promised = _latest_promise(task)
    if promised is not None and task["status"] == "with_property":
        out[f"promise:{issue}"] = (PROMISE, end_of_day(promised), {"issue_id": issue, "date": promised.isoformat()})
    return out


def _latest_promise(task: dict[str, Any]) -> date | None:
    handed = task.get("property") or {}
    if handed.get("done_at") or not handed.get("promises"):
        return None
    return date.fromisoformat(handed["promises"][-1]["date"])


async def sync(tx: Transaction, task: dict[str, Any], *, remind_at: float) -> None:
    """Set, move or drop the task's timers so that they match ``wanted``; unfired escalations of a
    limit that is no longer breached go too."""
    issue = task["_id"]
    want = wanted(task, remind_at)
    have = {d["_id"]: d async for d in tx.db[TIMERS].find(
        {"_id": {"$in": keys_of(issue)}}, {"due_at": 1, "fired_at": 1}, session=tx.session)}
    for key, (kind, due, data) in want.items():
        known = have.get(key)
        if known is not None and _same(known["due_at"], due):
            continue  # already set (or already fired) for this very moment
        await timers.schedule(tx, key=key, kind=kind, due_at=due, data=data)
    for key, known in have.items():
        if key in want or known.get("fired_at") is not None:
            continue
        if key.startswith("esc:"):
            kind = key.split(":")[2]
            if f"sla:{issue}:{kind}:breach" in want or kind == "silent":
                continue  # still breached: the ladder goes on
        await timers.cancel(tx, key)


def keys_of(issue: str) -> list[str]:
    """Every timer key a task can have."""
    rungs = ("lead", "staff", "subdistrict")
    return [*(f"sla:{issue}:{k}:{s}" for k in ("respond", "resolve") for s in ("remind", "breach")),
            *(f"esc:{issue}:{k}:{r}" for k in ("respond", "resolve", "silent") for r in rungs),
            f"promise:{issue}"]


def _same(a: datetime, b: datetime) -> bool:
    return abs((a - b).total_seconds()) < 0.002  # MongoDB keeps milliseconds
