"""Fold events into the issue view. Events may arrive in any order, so the status a row
shows is the one of the newest event seen (by the event's own time)."""

from __future__ import annotations

from typing import Any

from xiuhua_events import CloudEvent, UnitOfWork
from xiuhua_reporting import events
from xiuhua_reporting.adapters.mongo import ISSUES
from xiuhua_reporting.domain.status import STATUS_AFTER


async def apply(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Fold one event into the views (once per event id)."""
    async with uow.transaction(event_id=event.id) as tx:
        row = _row_update(event)
        if row is None:
            return
        issue_id, fields = row
        current = await tx.db[ISSUES].find_one({"_id": issue_id}, {"status_at": 1}, session=tx.session)
        update: dict[str, Any] = {"$set": fields}
        status = STATUS_AFTER.get(event.type)
        if status and (current is None or current.get("status_at") is None or current["status_at"] <= event.time):
            update["$set"] |= {"status": status, "status_at": event.time}
        await tx.db[ISSUES].update_one({"_id": issue_id}, update, upsert=True, session=tx.session)


def _row_update(event: CloudEvent) -> tuple[str, dict[str, Any]] | None:
    if event.type == events.ISSUE_SUBMITTED:
        data = events.IssueSubmitted.model_validate(event.data)
        return data.issue_id, {"community": data.community, "subdistrict": data.subdistrict,
                               "estate": data.estate, "category": data.category, "submitted_at": event.time}
    if event.type == events.TASK_ASSIGNED:
        data = events.TaskAssigned.model_validate(event.data)
        return data.issue_id, {"community": data.community, "assignee": data.assignee.id,
                               "assigned_at": event.time}
    return None
