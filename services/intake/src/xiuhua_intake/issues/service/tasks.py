"""Following assignment: each task step moves the issue's public status and joins its timeline.

Steps may arrive out of order; a step older than the status the issue shows is written on the
timeline but does not move the status back, and older facts (who works on it, which company has
it) do not overwrite newer ones."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from xiuhua_events import CloudEvent, UnitOfWork
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.issues.domain.status import Status
from xiuhua_intake.issues.service import closing
from xiuhua_intake.issues.service.common import entry
from xiuhua_intake.photos import store as photo_store
from xiuhua_intake.photos.service import url as photo_url

log = logging.getLogger(__name__)

S = Status
_NEW = {S.SUBMITTED, S.TRIAGED}  # a step may overtake the assignment it follows
# event type → (reader, the status it moves the issue to, the statuses it may move it from)
FOLLOWED: dict[str, tuple[type[BaseModel], Status | None, frozenset[Status]]] = {
    events.TASK_ASSIGNED: (events.TaskAssigned, S.ASSIGNED,
                           frozenset(_NEW | {S.ASSIGNED, S.IN_PROGRESS, S.REOPENED})),
    events.TASK_ACCEPTED: (events.TaskStep, S.IN_PROGRESS, frozenset(_NEW | {S.ASSIGNED, S.REOPENED})),
    events.TASK_DECLINED: (events.TaskStep, None, frozenset()),
    events.TASK_PROGRESSED: (events.TaskStep, S.IN_PROGRESS, frozenset(_NEW | {S.ASSIGNED, S.REOPENED})),
    events.TASK_HANDED_TO_PROPERTY: (events.TaskHandedToProperty, S.HANDED_TO_PROPERTY,
                                     frozenset(_NEW | {S.ASSIGNED, S.IN_PROGRESS, S.REOPENED})),
    events.TASK_PROPERTY_UPDATED: (events.TaskPropertyUpdated, None, frozenset()),
    events.TASK_RESOLVED: (events.TaskStep, S.RESOLVED,
                           frozenset(_NEW | {S.ASSIGNED, S.IN_PROGRESS, S.HANDED_TO_PROPERTY, S.REOPENED})),
    # nobody could take it: the status stays, the issue shows it waits (等待服务队分派) until assigned
    events.TASK_UNROUTED: (events.TaskUnrouted, None, frozenset()),
}
# what following a step reads of the issue (not its timeline, which only grows)
_FIELDS = ["community", "status", "status_at", "assignee", "assignee_at", "property", "property_at",
           "promised_at", "resolved_at", "updated_at", "waiting_since"]
_PROPERTY_DONE = (S.IN_PROGRESS, frozenset({S.HANDED_TO_PROPERTY}))
_KINDS = {events.TASK_ASSIGNED: "assigned", events.TASK_ACCEPTED: "accepted", events.TASK_DECLINED: "declined",
          events.TASK_PROGRESSED: "progressed", events.TASK_HANDED_TO_PROPERTY: "handed_to_property",
          events.TASK_RESOLVED: "resolved"}


async def follow_task(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Apply one task step to the issue (once per event)."""
    reader, target, sources = FOLLOWED[event.type]
    data = reader.model_validate(event.data)
    if isinstance(data, events.TaskPropertyUpdated) and data.kind == "done":
        target, sources = _PROPERTY_DONE
    async with uow.transaction(event_id=event.id) as tx:
        issue = await tx.db[ISSUES].find_one({"_id": data.issue_id}, _FIELDS, session=tx.session)
        if issue is None:
            log.warning("%s for unknown issue %s ignored", event.type, data.issue_id)
            return
        before = dict(issue)
        at = getattr(data, "at", None) or getattr(data, "assigned_at", None) or event.time
        kind, details, note = _describe(event.type, data)
        current = Status(issue["status"])
        newer = issue.get("status_at") is None or at >= issue["status_at"]
        shown = current
        if target is not None and newer and current in sources:
            issue.update({"status": target.value, "status_at": at})
            shown = target
        elif target is not None and not newer:
            shown = target  # a step that arrived late shows the status it meant at its time
        _remember(issue, event.type, data, at)
        if target == S.RESOLVED and issue["status"] == S.RESOLVED and shown == S.RESOLVED:
            issue["resolved_at"] = at
            await closing.schedule_auto_close(tx, issue, at)
        actor = data.actor.model_dump() if getattr(data, "actor", None) else events.SYSTEM.model_dump()
        if photos := getattr(data, "photos", None):  # the actor's own uploads, not yet in any report
            if (mine := await photo_store.unattached(tx.db, photos, owner=actor["id"])) is not None:
                await photo_store.attach(tx, mine, issue_id=issue["_id"], community=issue["community"])
                details = details | {"photos": [photo_url(p) for p in photos]}
            else:
                log.warning("%s on %s named photos that are not its actor's; left out", event.type, data.issue_id)
        issue["updated_at"] = max(issue["updated_at"], at)
        changed = {k: v for k, v in issue.items() if k != "_id" and (k not in before or before[k] != v)}
        # only what changed, and the step appended: the timeline itself is never read or rewritten here
        await tx.db[ISSUES].update_one(
            {"_id": issue["_id"]},
            {"$set": changed, "$push": {"timeline": entry(kind, actor, at, shown.value, note=note, **details)}},
            session=tx.session)


def _describe(event_type: str, data: Any) -> tuple[str, dict[str, Any], str | None]:
    if isinstance(data, events.TaskAssigned):
        return "assigned", {"assignee": data.assignee.model_dump(), "why": data.why,
                            "reassigned": data.reassigned}, None
    if isinstance(data, events.TaskHandedToProperty):
        return "handed_to_property", {"company": data.company.model_dump(), "asked": data.asked,
                                      "due_date": data.due_date.isoformat() if data.due_date else None}, data.asked
    if isinstance(data, events.TaskUnrouted):
        return "unrouted", {}, None  # why nobody could (who is on leave) is the team's, not the resident's
    if isinstance(data, events.TaskPropertyUpdated):
        promised = data.promised_date.isoformat() if data.promised_date else None
        return f"property_{data.kind}", {"company": data.company.model_dump(), "promised_date": promised}, \
            data.note or None
    note = data.reason or data.note
    return _KINDS[event_type], {"reason": data.reason}, note


def _newer(issue: dict[str, Any], stamp: str, at: datetime) -> bool:
    if issue.get(stamp) is not None and at < issue[stamp]:
        return False
    issue[stamp] = at
    return True


def _remember(issue: dict[str, Any], event_type: str, data: Any, at: datetime) -> None:
    """What the issue shows of the task — who works on it (and may call the reporter back) or that
    it waits for someone, which company has it, what it promised — each kept from the newest fact
    that set it."""
    if isinstance(data, events.TaskAssigned) and _newer(issue, "assignee_at", at):
        issue["assignee"] = {"id": data.assignee.id, "name": data.assignee.name}
        issue["waiting_since"] = None
    elif isinstance(data, events.TaskUnrouted) and _newer(issue, "assignee_at", at):
        issue["assignee"], issue["waiting_since"] = None, at  # nobody has it, and nobody newer took it
    elif event_type == events.TASK_DECLINED and (issue.get("assignee") or {}).get("id") == data.actor.id:
        if _newer(issue, "assignee_at", at):  # handed back, and nobody newer took it
            issue["assignee"] = None
    elif isinstance(data, events.TaskHandedToProperty) and _newer(issue, "property_at", at):
        issue["property"] = {"company": data.company.model_dump(), "asked": data.asked,
                             "due_date": data.due_date.isoformat() if data.due_date else None,
                             "promised_date": None}
    elif isinstance(data, events.TaskPropertyUpdated) and data.kind == "promised" and issue.get("property") \
            and _newer(issue, "promised_at", at):
        issue["property"]["promised_date"] = data.promised_date.isoformat() if data.promised_date else None
