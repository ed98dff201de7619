"""Closing a resolved issue nobody confirms: a durable timer per issue, due the community's
``auto_close_days`` after the resolution, that fires once even with several replicas."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from xiuhua_events import Timer, Transaction, clock, new_event
from xiuhua_events.timers import cancel, schedule
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.issues.domain.status import Status
from xiuhua_intake.issues.service.common import entry, settings_of

KIND = "autoclose"


def _key(issue_id: str) -> str:
    return f"{KIND}:{issue_id}"


async def schedule_auto_close(tx: Transaction, issue: dict[str, Any], resolved_at: datetime) -> None:
    settings = await settings_of(tx.db, issue["community"], session=tx.session)
    await schedule(tx, key=_key(issue["_id"]), kind=KIND,
                   due_at=resolved_at + timedelta(days=settings["auto_close_days"]),
                   data={"issue_id": issue["_id"], "days": settings["auto_close_days"]})


async def cancel_auto_close(tx: Transaction, issue_id: str) -> None:
    await cancel(tx, _key(issue_id))


async def auto_close(tx: Transaction, timer: Timer) -> None:
    """The quiet period passed: a still-resolved issue is closed by the platform."""
    issue = await tx.db[ISSUES].find_one({"_id": timer.data["issue_id"]}, session=tx.session)
    if issue is None or issue["status"] != Status.RESOLVED:
        return
    now = clock.now()
    issue.update({"status": Status.CLOSED.value, "status_at": now, "closed_at": now, "updated_at": now})
    issue["timeline"].append(entry("closed", events.SYSTEM, now, Status.CLOSED.value, reason="auto",
                                   days=timer.data.get("days", 7)))
    await tx.db[ISSUES].replace_one({"_id": issue["_id"]}, issue, session=tx.session)
    tx.emit(new_event(type=events.ISSUE_CLOSED, source=events.SOURCE, tenant=issue["community"],
                      subject=issue["_id"], data=events.IssueClosed(issue_id=issue["_id"],
                                                                     community=issue["community"], reason="auto",
                                                                     actor=events.SYSTEM, at=now)))
