"""Keeping a task's timers in step with it, after every change (one call at every save); a task
whose breached limit was met meanwhile (a late first response) is no longer overdue — its breaches
stay in its record."""

from __future__ import annotations

from typing import Any

from xiuhua_assignment.adapters.mongo import TASKS
from xiuhua_assignment.limits.service import limits_of
from xiuhua_assignment.supervision.clocks import overdue_limits, sync
from xiuhua_events import Transaction


async def keep_time(tx: Transaction, task: dict[str, Any]) -> None:
    if task.get("status") == "pending":
        return
    if task.get("overdue_since") and not overdue_limits(task):
        task["overdue_since"] = None
        await tx.db[TASKS].update_one({"_id": task["_id"]}, {"$set": {"overdue_since": None}}, session=tx.session)
    limits = await limits_of(tx.db, task["community"], session=tx.session)
    await sync(tx, task, remind_at=limits.remind_at)
