"""Keeping a task's timers in step with it, after every change (one call at every save)."""

from __future__ import annotations

from typing import Any

from xiuhua_assignment.limits.service import limits_of
from xiuhua_assignment.supervision.clocks import sync
from xiuhua_events import Transaction


async def keep_time(tx: Transaction, task: dict[str, Any]) -> None:
    if task.get("status") == "pending":
        return
    limits = await limits_of(tx.db, task["community"], session=tx.session)
    await sync(tx, task, remind_at=limits.remind_at)
