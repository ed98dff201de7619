"""Routing new issues, and giving a task to someone (the one place a task.assigned is made)."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import ROUTING, TASKS
from xiuhua_assignment.calendar.service import calendar_of
from xiuhua_assignment.limits.service import limits_of
from xiuhua_assignment.roster.service import candidates, workload
from xiuhua_assignment.supervision.clocks import sync
from xiuhua_assignment.supervision.ladder import recipients
from xiuhua_assignment.tasks.domain import ASSIGNED, CANCELLED, CLOSED, UNROUTED
from xiuhua_assignment.tasks.routing import NEVER, Route, choose_assignee, nobody_why
from xiuhua_events import CloudEvent, Transaction, UnitOfWork, clock, new_event

log = logging.getLogger(__name__)


async def route_new_issue(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Give a newly submitted issue to the member in charge of its category, or to the lead."""
    issue = events.IssueSubmitted.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        stub = await tx.db[TASKS].find_one({"_id": issue.issue_id}, session=tx.session)
        if stub is not None and stub["status"] != "pending":
            return
        stub = stub or {}
        triage = stub.get("pending_triage") or {}
        triaged_at = stub.get("triaged_at")
        category, priority = triage.get("category", issue.category), triage.get("priority", issue.priority)
        submitted_at = issue.submitted_at or event.time
        limits = await limits_of(tx.db, issue.community, session=tx.session)
        respond_by, resolve_by = limits.deadlines(submitted_at=submitted_at, category=category, priority=priority,
                                                  calendar=await calendar_of(tx.db, session=tx.session))
        now = clock.now()
        doc: dict[str, Any] = {
            "_id": issue.issue_id, "community": issue.community, "subdistrict": issue.subdistrict,
            "estate": issue.estate, "category": category, "title": issue.title, "place_text": issue.place_text,
            "place": issue.place.model_dump(),
            "priority": priority, "submitted_at": submitted_at, "respond_by": respond_by, "resolve_by": resolve_by,
            "status": UNROUTED, "reason": None, "why": None, "assignee": None, "assigned_at": None,
            "first_response_at": None, "resolved_at": None, "declined_by": [], "reopen_count": 0,
            "property": None, "property_history": [], "history": [], "triaged_at": triaged_at,
            "created_at": now, "updated_at": now,
        }
        if stub.get("pending_end"):  # merged, rejected or closed before it reached us: nothing to route
            doc["status"] = CLOSED if stub["pending_end"] == "closed" else CANCELLED
            await tx.db[TASKS].replace_one({"_id": issue.issue_id}, doc, upsert=True, session=tx.session)
            return
        route = await _taker(tx, doc, issue.taken_by) or await route_for(tx, doc)
        if route is None:
            team = await candidates(tx.db, issue.community, session=tx.session)
            await wait_for_someone(tx, doc, why=nobody_why(team, category=category, estate=issue.estate),
                                   correlationid=event.correlationid)
        else:
            await give(tx, doc, route.member, reason=route.reason, why=route.why, actor=events.SYSTEM,
                 correlationid=event.correlationid)
        await tx.db[TASKS].replace_one({"_id": issue.issue_id}, doc, upsert=True, session=tx.session)
        await sync(tx, doc, remind_at=limits.remind_at)


async def _taker(tx: Transaction, task: dict[str, Any], taken_by: Any) -> Route | None:
    """The member or lead who spotted it takes it, while they are on the team (服务队发现)."""
    if taken_by is None:
        return None
    member = next((m for m in await candidates(tx.db, task["community"], session=tx.session) if m.id == taken_by.id),
                  None)
    return Route(member, "spotted", f"{member.name}发现并接手") if member else None


async def route_for(tx: Transaction, task: dict[str, Any]) -> Route | None:
    """Who should take ``task`` now, leaving out everyone who declined it."""
    team = await candidates(tx.db, task["community"], session=tx.session)
    # only those who could take it: the members in charge and the leads
    able = [m for m in team if m.role == "lead" or m.covers(category=task["category"], estate=task["estate"])]
    place = [v for k, v in (task.get("place") or {}).items() if k in ("building", "spot") and v]
    work = await workload(tx.db, [m.id for m in able], session=tx.session)
    able = [replace(m, last_assigned_at=work[m.id][1] or NEVER) if m.id in work else m for m in able]
    return choose_assignee(able, category=task["category"], estate=task["estate"], place=place,
                           open_tasks={m: n for m, (n, _) in work.items()}, exclude=task.get("declined_by", []))


async def wait_for_someone(tx: Transaction, task: dict[str, Any], *, why: str,
                           correlationid: str | None = None) -> None:
    """Nobody can take ``task`` (the caller saves it): it waits as 待派单 on 督办台 and the
    community's staff are told, rather than waiting with nobody told (issue 15 §11)."""
    now = clock.now()
    task.update({"status": UNROUTED, "assignee": None, "why": why, "unrouted_at": now, "updated_at": now})
    staff = await recipients(tx, task["community"], "staff")
    log.warning("nobody can take issue %s of community %s; telling %d staff", task["_id"], task["community"],
                len(staff))
    payload = events.TaskUnrouted(issue_id=task["_id"], community=task["community"], subdistrict=task["subdistrict"],
                                  estate=task["estate"], category=task["category"], title=task["title"], why=why,
                                  to=staff, at=now)
    tx.emit(new_event(type=events.TASK_UNROUTED, source=events.SOURCE, tenant=task["community"], subject=task["_id"],
                      correlationid=correlationid, data=payload))


async def give(tx: Transaction, task: dict[str, Any], member: Any, *, reason: str, why: str, actor: events.Actor,
         correlationid: str | None = None, status: str = ASSIGNED) -> None:
    """Set ``task``'s assignee (the caller saves ``task``) and announce it; ``status``: what the task
    waits for now (a task the property company is working on stays with it)."""
    now = clock.now()
    # Reports that arrive together are routed at once by concurrent consumers, each reading the same
    # open-task counts: all would go to the same member. Two transactions giving work to one member
    # both write this document, so they conflict and the later one decides again, the first one counted.
    await tx.db[ROUTING].update_one({"_id": f"{task['community']}:{member.id}"}, {"$inc": {"given": 1}},
                                    upsert=True, session=tx.session)
    previous = task.get("assignee")
    assignee = events.Assignee(id=member.id, name=member.name, role=member.role)
    task.update({"status": status, "reason": reason, "why": why, "assignee": assignee.model_dump(),
                 "assigned_at": now, "updated_at": now})
    task["history"].append({"at": now, "action": "assigned", "actor": actor.model_dump(),
                            "to": assignee.model_dump(), "note": why})
    reassigned = previous is not None or reason in ("reassigned", "declined")
    payload = events.TaskAssigned(
        issue_id=task["_id"], community=task["community"], subdistrict=task["subdistrict"], estate=task["estate"],
        category=task["category"], title=task["title"], place_text=task["place_text"], priority=task["priority"],
        assignee=assignee, previous_assignee=events.Assignee(**previous) if previous else None, reason=reason,
        why=why, reassigned=reassigned, respond_by=task["respond_by"], resolve_by=task["resolve_by"],
        actor=actor, assigned_at=now,
    )
    tx.emit(new_event(type=events.TASK_ASSIGNED, source=events.SOURCE, tenant=task["community"],
                      subject=task["_id"], correlationid=correlationid, data=payload))
