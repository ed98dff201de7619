"""The steps people take on an issue in intake: the lead's sorting (triage, reject, merge) and the
residents' (me too, comment, confirm, reopen, the return visit). Each is one transaction with its
event; a refused step writes nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from xiuhua_auth import Principal
from xiuhua_events import Transaction, UnitOfWork, clock, new_event, retry_conflicts
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.identity import people
from xiuhua_intake.issues.domain import rules
from xiuhua_intake.issues.domain.categories import CATEGORIES, normalize_category
from xiuhua_intake.issues.domain.status import IN_HAND, Status
from xiuhua_intake.issues.schemas import Comment, IssueRead, Merge, Rating, Reject, Reopen, Support, Triage
from xiuhua_intake.issues.service import closing
from xiuhua_intake.issues.service.common import actor_of, caller_phone, entry, settings_of
from xiuhua_intake.issues.service.read import to_read
from xiuhua_runtime import Conflict, Forbidden, NotFound, Unprocessable


@dataclass
class Step:
    tx: Transaction
    issue: dict[str, Any]
    actor: events.Actor
    now: datetime
    settings: dict[str, int]
    phone: str | None  # a resident caller's own phone

    def move(self, status: Status | None) -> None:
        if status is not None:
            self.issue.update({"status": status.value, "status_at": self.now})
        self.issue["updated_at"] = self.now

    def record(self, kind: str, *, note: str | None = None, **details: Any) -> None:
        self.issue.setdefault("timeline", []).append(
            entry(kind, self.actor, self.now, self.issue["status"], note=note, **details))

    def emit(self, event_type: str, payload: BaseModel) -> None:
        self.tx.emit(new_event(type=event_type, source=events.SOURCE, tenant=self.issue["community"],
                               subject=self.issue["_id"], data=payload))


@asynccontextmanager
async def step(uow: UnitOfWork, issue_id: str, name: str, principal: Principal) -> AsyncIterator[Step]:
    """Load the issue, check the caller may take step ``name`` now, let the body change it, save it."""
    async with uow.transaction() as tx:
        issue = await tx.db[ISSUES].find_one({"_id": issue_id}, session=tx.session)
        if issue is None:
            raise NotFound("找不到该问题", code="issue_not_found")
        settings = await settings_of(tx.db, issue["community"], session=tx.session)
        now = clock.now()
        phone = await caller_phone(tx.db, principal)
        refused = rules.refusal(name, issue, principal, now=now, reopen_days=settings["reopen_days"], phone=phone)
        if refused is not None:
            raise (Forbidden if refused.status == 403 else Conflict)(refused.message, code=refused.code)
        yield Step(tx, issue, await actor_of(tx.db, principal), now, settings, phone)
        await tx.db[ISSUES].replace_one({"_id": issue_id}, issue, session=tx.session)


def _read(s: Step, principal: Principal) -> IssueRead:
    return to_read(s.issue, principal, reopen_days=s.settings["reopen_days"], phone=s.phone)


@retry_conflicts()
async def triage(*, uow: UnitOfWork, issue_id: str, cmd: Triage, actor: Principal) -> IssueRead:
    """The lead sorts a report (受理): its category and priority."""
    category = normalize_category(cmd.category) if cmd.category else None
    if cmd.category and category is None:
        raise Unprocessable("类别不存在", code="unknown_category",
                            details=[{"field": "category", "problem": f"可选类别：{'、'.join(CATEGORIES.values())}"}])
    async with step(uow, issue_id, "triage", actor) as s:
        before_category, before_priority = s.issue["category"], s.issue.get("priority", "normal")
        s.issue["category"] = category or before_category
        s.issue["priority"] = cmd.priority or before_priority
        s.issue["triaged_at"] = s.now
        s.move(Status.TRIAGED if s.issue["status"] == Status.SUBMITTED else None)
        s.record("triaged", category=s.issue["category"], priority=s.issue["priority"])
        s.emit(events.ISSUE_TRIAGED, events.IssueTriaged(
            issue_id=issue_id, community=s.issue["community"], subdistrict=s.issue["subdistrict"],
            estate=s.issue["estate"], category=s.issue["category"], previous_category=before_category,
            priority=s.issue["priority"], previous_priority=before_priority, actor=s.actor, at=s.now))
    return _read(s, actor)


@retry_conflicts()
async def reject(*, uow: UnitOfWork, issue_id: str, cmd: Reject, actor: Principal) -> IssueRead:
    """The lead does not accept a report (不予受理), saying why; the reporter is told."""
    async with step(uow, issue_id, "reject", actor) as s:
        s.move(Status.REJECTED)
        s.issue["triaged_at"] = s.issue.get("triaged_at") or s.now
        s.record("rejected", note=cmd.reason, reason=cmd.reason)
        s.emit(events.ISSUE_REJECTED, events.IssueRejected(
            issue_id=issue_id, community=s.issue["community"], title=s.issue["title"], number=s.issue["number"],
            reason=cmd.reason, actor=s.actor, at=s.now))
    return _read(s, actor)


@retry_conflicts()
async def merge(*, uow: UnitOfWork, issue_id: str, cmd: Merge, actor: Principal) -> IssueRead:
    """Fold a duplicate into another open issue; its reporter and supporters follow that one now."""
    if cmd.into == issue_id:
        raise Unprocessable("不能与自己合并", code="merge_into_itself", details=[{"field": "into"}])
    async with step(uow, issue_id, "merge", actor) as s:
        target = await s.tx.db[ISSUES].find_one({"_id": cmd.into}, session=s.tx.session)
        if target is None or target["community"] != s.issue["community"]:
            raise Unprocessable("找不到要合并到的问题", code="merge_target_not_found",
                                details=[{"field": "into", "problem": cmd.into}])
        if Status(target["status"]) not in IN_HAND:
            raise Conflict("只能合并到仍在处理中的问题", code="merge_target_closed")
        known = {target["reporter"]["sub"], *(p["sub"] for p in target.get("supporters", []))}
        carried = [s.issue["reporter"], *s.issue.get("supporters", [])]
        new = [{"sub": p["sub"], "name": p["name"], "phone": p["phone"],
                "phone_verified": p.get("phone_verified", False), "at": s.now}
               for p in carried if p["sub"] not in known]
        target["supporters"] = [*target.get("supporters", []), *new]
        target["timeline"].append(entry("merged_from", s.actor, s.now, target["status"],
                                        number=s.issue["number"], issue_id=issue_id))
        target["updated_at"] = s.now
        await s.tx.db[ISSUES].replace_one({"_id": cmd.into}, target, session=s.tx.session)
        s.issue["merged_into"] = {"id": target["_id"], "number": target["number"], "title": target["title"]}
        s.move(Status.MERGED)
        s.record("merged", note=cmd.reason, into=target["_id"], into_number=target["number"])
        s.emit(events.ISSUE_MERGED, events.IssueMerged(
            issue_id=issue_id, community=s.issue["community"], into=target["_id"], into_number=target["number"],
            into_title=target["title"], carried=[events.ReporterContact(
                sub=p["sub"], name=p["name"], phone=p["phone"], phone_verified=p.get("phone_verified", False))
                for p in carried],
            reason=cmd.reason, actor=s.actor, at=s.now))
    return _read(s, actor)


@retry_conflicts()
async def support(*, uow: UnitOfWork, issue_id: str, cmd: Support, actor: Principal) -> IssueRead:
    """A neighbour says "me too" (附议); they hear what the reporter hears from now on."""
    async with step(uow, issue_id, "support", actor) as s:
        record = await people.by_person_id(s.tx.db, actor.sub)
        phone = (record or {}).get("phone") or cmd.phone
        name = cmd.name or actor.name or (record or {}).get("name")
        if not phone or not name:
            raise Unprocessable("请填写称呼和手机号，以便告知处理进展", code="contact_required",
                                details=[{"field": "phone"}])
        # the phone of their own record is the one they logged in with; one they typed is not proven
        verified = bool((record or {}).get("phone"))
        supporter = {"sub": actor.sub, "name": name, "phone": phone, "phone_verified": verified, "at": s.now}
        s.issue["supporters"] = [*s.issue.get("supporters", []), supporter]
        count = len(s.issue["supporters"])
        s.move(None)
        s.record("supported", supporters=count)
        s.emit(events.ISSUE_SUPPORTED, events.IssueSupported(
            issue_id=issue_id, community=s.issue["community"],
            supporter=events.ReporterContact(sub=actor.sub, name=name, phone=phone, phone_verified=verified),
            supporters=count,
            actor=s.actor, at=s.now))
    return _read(s, actor)


@retry_conflicts()
async def comment(*, uow: UnitOfWork, issue_id: str, cmd: Comment, actor: Principal) -> IssueRead:
    """A comment on the issue's thread, by anyone who may see it."""
    async with step(uow, issue_id, "comment", actor) as s:
        comment_id = uuid.uuid4().hex[:12]
        s.move(None)
        s.record("commented", text=cmd.text, comment_id=comment_id)
        s.emit(events.ISSUE_COMMENTED, events.IssueCommented(
            issue_id=issue_id, community=s.issue["community"], comment_id=comment_id, text=cmd.text,
            actor=s.actor, at=s.now))
    return _read(s, actor)


@retry_conflicts()
async def confirm(*, uow: UnitOfWork, issue_id: str, actor: Principal) -> IssueRead:
    """The reporter confirms the fix: the issue is closed."""
    async with step(uow, issue_id, "confirm", actor) as s:
        s.record("confirmed")
        s.move(Status.CLOSED)
        s.issue["closed_at"] = s.now
        s.record("closed", reason="confirmed")
        await closing.cancel_auto_close(s.tx, issue_id)
        s.emit(events.ISSUE_CONFIRMED, events.IssueConfirmed(issue_id=issue_id, community=s.issue["community"],
                                                             actor=s.actor, at=s.now))
        s.emit(events.ISSUE_CLOSED, events.IssueClosed(issue_id=issue_id, community=s.issue["community"],
                                                       reason="confirmed", actor=s.actor, at=s.now))
    return _read(s, actor)


@retry_conflicts()
async def reopen(*, uow: UnitOfWork, issue_id: str, cmd: Reopen, actor: Principal) -> IssueRead:
    """The reporter says it is not fixed (within the window): back to the same member."""
    async with step(uow, issue_id, "reopen", actor) as s:
        s.issue["reopen_count"] = s.issue.get("reopen_count", 0) + 1
        s.move(Status.REOPENED)
        s.record("reopened", note=cmd.reason, reason=cmd.reason)
        await closing.cancel_auto_close(s.tx, issue_id)
        s.emit(events.ISSUE_REOPENED, events.IssueReopened(
            issue_id=issue_id, community=s.issue["community"], title=s.issue["title"], number=s.issue["number"],
            reason=cmd.reason, reopen_count=s.issue["reopen_count"], actor=s.actor, at=s.now))
    return _read(s, actor)


@retry_conflicts()
async def rate(*, uow: UnitOfWork, issue_id: str, cmd: Rating, actor: Principal) -> IssueRead:
    """The return visit (回访): solved or not, and 满意 / 基本满意 / 不满意, once."""
    async with step(uow, issue_id, "rating", actor) as s:
        s.issue["rating"] = cmd.model_dump() | {"at": s.now}
        s.move(None)
        s.record("rated", note=cmd.comment or None, solved=cmd.solved, satisfaction=cmd.satisfaction)
        s.emit(events.ISSUE_RATED, events.IssueRated(
            issue_id=issue_id, community=s.issue["community"], solved=cmd.solved, satisfaction=cmd.satisfaction,
            comment=cmd.comment, actor=s.actor, at=s.now))
    return _read(s, actor)
