"""The steps people take on a task: the member's (accept, decline, progress, hand over, resolve),
the property company's, and the lead's reassignment. Each is one transaction with its event."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import TASKS
from xiuhua_assignment.calendar.domain import working_hours_between
from xiuhua_assignment.calendar.service import calendar_of
from xiuhua_assignment.days import local_today
from xiuhua_assignment.directory.service import community as directory_of
from xiuhua_assignment.directory.service import company_by_id, company_for_estate
from xiuhua_assignment.limits.service import limits_of
from xiuhua_assignment.roster.service import member as roster_member
from xiuhua_assignment.supervision.keep import keep_time
from xiuhua_assignment.supervision.ladder import recipients
from xiuhua_assignment.tasks import domain
from xiuhua_assignment.tasks.schemas import (
    Decline,
    Handover,
    Press,
    Progress,
    PropertyUpdate,
    Reassign,
    Resolve,
    TaskRead,
    Wait,
)
from xiuhua_assignment.tasks.service.read import to_read
from xiuhua_assignment.tasks.service.routing import give, route_for, wait_for_someone
from xiuhua_auth import Principal
from xiuhua_events import Transaction, UnitOfWork, clock, new_event, retry_conflicts
from xiuhua_runtime import Conflict, Forbidden, NotFound, Unprocessable


@dataclass
class Step:
    tx: Transaction
    task: dict[str, Any]
    actor: events.Actor
    now: datetime

    def record(self, action: str, *, note: str | None = None, to: dict[str, Any] | None = None) -> None:
        self.task["history"].append({"at": self.now, "action": action, "actor": self.actor.model_dump(),
                                     "note": note, "to": to})
        self.task["updated_at"] = self.now
        if action in domain.RESPONSES and self.task.get("first_response_at") is None:
            self.task["first_response_at"] = self.now

    def emit(self, event_type: str, payload: BaseModel) -> None:
        self.tx.emit(new_event(type=event_type, source=events.SOURCE, tenant=self.task["community"],
                               subject=self.task["_id"], data=payload))


@asynccontextmanager
async def step(uow: UnitOfWork, issue_id: str, action: str, actor: Principal) -> AsyncIterator[Step]:
    """Load the task, check the caller may take ``action`` now, let the body change it, save it."""
    async with uow.transaction() as tx:
        task = await tx.db[TASKS].find_one({"_id": issue_id}, session=tx.session)
        if task is None:
            raise NotFound("找不到该派单", code="task_not_found")
        refused = domain.refusal(action, task, actor)
        if refused is not None:
            error = Forbidden if refused.status == 403 else Conflict
            raise error(refused.message, code=refused.code)
        yield Step(tx, task, await _actor(tx, actor), clock.now())
        await tx.db[TASKS].replace_one({"_id": issue_id}, task, session=tx.session)
        await keep_time(tx, task)


async def _actor(tx: Transaction, principal: Principal) -> events.Actor:
    name = principal.name
    if not name and principal.role in ("member", "lead"):
        member = await roster_member(tx.db, principal.sub, session=tx.session)
        name = member["name"] if member else None
    return events.Actor(id=principal.sub, name=name or principal.sub, role=principal.role)


def _assignee(task: dict[str, Any]) -> events.Assignee:
    return events.Assignee(**task["assignee"])


@retry_conflicts()
async def accept(*, uow: UnitOfWork, issue_id: str, actor: Principal, note: str = "") -> TaskRead:
    """The assignee takes the issue (受理): their first response."""
    async with step(uow, issue_id, "accept", actor) as s:
        s.task["status"] = domain.IN_PROGRESS
        s.record("accepted", note=note or None)
        s.emit(events.TASK_ACCEPTED, events.TaskAccepted(issue_id=issue_id, community=s.task["community"],
                                                         assignee=_assignee(s.task), actor=s.actor, at=s.now))
    return to_read(s.task, actor)


@retry_conflicts()
async def decline(*, uow: UnitOfWork, issue_id: str, cmd: Decline, actor: Principal) -> TaskRead:
    """The assignee hands the issue back with a reason; it goes to someone else in charge, or the lead."""
    async with step(uow, issue_id, "decline", actor) as s:
        who = _assignee(s.task)
        s.task["declined_by"] = [*s.task.get("declined_by", []), who.id]
        s.record("declined", note=cmd.reason)
        s.emit(events.TASK_DECLINED, events.TaskDeclined(issue_id=issue_id, community=s.task["community"],
                                                         reason=cmd.reason, assignee=who, actor=s.actor, at=s.now))
        route = await route_for(s.tx, s.task)
        if route is None:
            await wait_for_someone(s.tx, s.task, why=f"{who.name}退回（{cmd.reason}），其他分管队员和队长都无法接手")
        else:
            why = f"{who.name}退回（{cmd.reason}）；{route.why}"
            await give(s.tx, s.task, route.member, reason="declined", why=why, actor=events.SYSTEM)
    return to_read(s.task, actor)


@retry_conflicts()
async def progress(*, uow: UnitOfWork, issue_id: str, cmd: Progress, actor: Principal) -> TaskRead:
    """A progress note (沟通跟进); from 待受理 it also counts as taking the issue."""
    async with step(uow, issue_id, "progress", actor) as s:
        if s.task["status"] == domain.ASSIGNED:
            s.task["status"] = domain.IN_PROGRESS
        s.record("progressed", note=cmd.note)
        s.emit(events.TASK_PROGRESSED, events.TaskProgressed(issue_id=issue_id, community=s.task["community"],
                                                             note=cmd.note, actor=s.actor, at=s.now,
                                                             photos=cmd.photos))
    return to_read(s.task, actor)


@retry_conflicts()
async def handover(*, uow: UnitOfWork, issue_id: str, cmd: Handover, actor: Principal) -> TaskRead:
    """Hand the issue to the property company (转物业): what is asked, by when."""
    async with step(uow, issue_id, "handover", actor) as s:
        if cmd.due_date < local_today():
            raise Unprocessable("期限不能早于今天", code="due_in_past", details=[{"field": "due_date"}])
        directory = await directory_of(s.tx.db, s.task["community"], session=s.tx.session)
        company = (company_by_id(directory, cmd.company) if cmd.company
                   else company_for_estate(directory, s.task["estate"]))
        if company is None:
            raise Conflict("该小区没有登记物业公司，请先在社区信息中添加", code="no_property_company")
        limits = await limits_of(s.tx.db, s.task["community"], session=s.tx.session)
        contacts = [c["id"] for c in company["contacts"]]
        if s.task.get("property"):  # handed over before: keep that round's promises to judge them later
            s.task["property_history"] = [*s.task.get("property_history", []), s.task["property"]]
        s.task["status"] = domain.WITH_PROPERTY
        s.task["property"] = {"company": {"id": company["id"], "name": company["name"]}, "contacts": contacts,
                              "asked": cmd.asked, "due_date": cmd.due_date.isoformat(), "handed_at": s.now,
                              "ack_by": limits.ack_by(s.now), "acknowledged_at": None, "promises": [],
                              "done_at": None}
        s.record("handed_to_property", note=cmd.asked)
        s.emit(events.TASK_HANDED_TO_PROPERTY, events.TaskHandedToProperty(
            issue_id=issue_id, community=s.task["community"], company=events.Company(**s.task["property"]["company"]),
            contacts=contacts, asked=cmd.asked, due_date=cmd.due_date, ack_by=s.task["property"]["ack_by"],
            actor=s.actor, at=s.now))
    return to_read(s.task, actor)


@retry_conflicts()
async def property_update(*, uow: UnitOfWork, issue_id: str, cmd: PropertyUpdate, actor: Principal) -> TaskRead:
    """The property company acknowledges, promises a date, or reports the work done."""
    async with step(uow, issue_id, "property", actor) as s:
        handed = s.task["property"]
        if cmd.kind == "acknowledged":
            if handed.get("acknowledged_at"):
                raise Conflict("已确认收到，无需重复确认", code="already_acknowledged")
        elif cmd.kind == "promised":
            if cmd.promised_date is None or cmd.promised_date < local_today():
                raise Unprocessable("请填写不早于今天的承诺完成日期", code="promised_date_required",
                                    details=[{"field": "promised_date"}])
            handed["promises"].append({"date": cmd.promised_date.isoformat(), "at": s.now, "note": cmd.note})
        else:
            handed["done_at"] = s.now
            s.task["status"] = domain.IN_PROGRESS
        handed["acknowledged_at"] = handed.get("acknowledged_at") or s.now  # any answer acknowledges
        s.record(f"property_{cmd.kind}", note=cmd.note or (str(cmd.promised_date) if cmd.promised_date else None))
        s.emit(events.TASK_PROPERTY_UPDATED, events.TaskPropertyUpdated(
            issue_id=issue_id, community=s.task["community"], company=events.Company(**handed["company"]),
            kind=cmd.kind, promised_date=cmd.promised_date, note=cmd.note, actor=s.actor, at=s.now))
    return to_read(s.task, actor)


@retry_conflicts()
async def resolve(*, uow: UnitOfWork, issue_id: str, cmd: Resolve, actor: Principal) -> TaskRead:
    """The assignee reports the issue solved (办结), saying what was done."""
    async with step(uow, issue_id, "resolve", actor) as s:
        s.task["status"] = domain.RESOLVED
        s.task["resolved_at"] = s.now
        s.record("resolved", note=cmd.note)
        s.emit(events.TASK_RESOLVED, events.TaskResolved(issue_id=issue_id, community=s.task["community"],
                                                         note=cmd.note, assignee=_assignee(s.task),
                                                         actor=s.actor, at=s.now, photos=cmd.photos))
    return to_read(s.task, actor)


@retry_conflicts()
async def reassign(*, uow: UnitOfWork, issue_id: str, cmd: Reassign, actor: Principal) -> TaskRead:
    """The lead (or community staff) gives the task to another member (改派)."""
    async with step(uow, issue_id, "reassign", actor) as s:
        member = await roster_member(s.tx.db, cmd.to, session=s.tx.session)
        if member is None or member["community"] != s.task["community"] or not member["active"]:
            raise Unprocessable("该队员不在本社区服务队或已停用", code="unknown_member",
                                details=[{"field": "to", "problem": cmd.to}])
        if (s.task.get("assignee") or {}).get("id") == cmd.to:
            raise Conflict("该问题已由这位队员负责", code="same_assignee")
        why = f"{s.actor.name}改派" + (f"：{cmd.reason}" if cmd.reason else "")
        await give(s.tx, s.task, _Member(cmd.to, member["name"], member["role"]), reason="reassigned", why=why,
             actor=s.actor, status=s.task["status"] if s.task["status"] == domain.WITH_PROPERTY else domain.ASSIGNED)
    return to_read(s.task, actor)


@retry_conflicts()
async def wait(*, uow: UnitOfWork, issue_id: str, cmd: Wait, actor: Principal) -> TaskRead:
    """The member waits on the resident (to get in, for an answer): the resolve clock pauses."""
    async with step(uow, issue_id, "wait", actor) as s:
        s.task["waiting_since"] = s.now
        s.record("waiting", note=cmd.note)
    return to_read(s.task, actor)


@retry_conflicts()
async def resume(*, uow: UnitOfWork, issue_id: str, actor: Principal) -> TaskRead:
    """The resident answered: the clock runs again and the limit moves by the time spent waiting
    (counted as the limit counts: working hours for a working-hours limit)."""
    async with step(uow, issue_id, "resume", actor) as s:
        since = s.task.pop("waiting_since")
        limits = await limits_of(s.tx.db, s.task["community"], session=s.tx.session)
        rule = limits.rule_for(category=s.task["category"], priority=s.task.get("priority", "normal"))
        if rule.clock == "calendar":
            s.task["resolve_by"] = s.task["resolve_by"] + (s.now - since)
        else:
            cal = await calendar_of(s.tx.db, session=s.tx.session)
            paused = working_hours_between(since, s.now, calendar=cal, working=limits.workday.hours())
            s.task["resolve_by"] = limits.after(s.task["resolve_by"], paused, "working", cal)
        s.record("resumed", note=None)
        s.emit(events.TASK_RESCHEDULED, events.TaskRescheduled(
            issue_id=issue_id, community=s.task["community"], priority=s.task.get("priority", "normal"),
            respond_by=s.task["respond_by"], resolve_by=s.task["resolve_by"], at=s.now))
    return to_read(s.task, actor)


@retry_conflicts()
async def press(*, uow: UnitOfWork, issue_id: str, cmd: Press, actor: Principal) -> TaskRead:
    """督办: community staff (or the subdistrict's admin) press the task with a note; the member
    and the lead are told, and the task shows it."""
    async with step(uow, issue_id, "press", actor) as s:
        s.task["presses"] = [*s.task.get("presses", []), {"at": s.now, "note": cmd.note, "actor": s.actor.model_dump()}]
        s.record("pressed", note=cmd.note)
        leads = await recipients(s.tx, s.task["community"], "lead")
        s.emit(events.TASK_PRESSED, events.TaskPressed(
            issue_id=issue_id, community=s.task["community"], title=s.task["title"], note=cmd.note,
            assignee=_assignee(s.task) if s.task.get("assignee") else None, leads=leads, actor=s.actor, at=s.now))
    return to_read(s.task, actor)


@dataclass(frozen=True)
class _Member:
    id: str
    name: str
    role: str

