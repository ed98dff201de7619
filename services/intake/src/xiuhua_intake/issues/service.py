"""Use cases on issues: submit, read, list, and follow what assignment decided."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from xiuhua_auth import Principal, mask_phone
from xiuhua_events import CloudEvent, UnitOfWork, new_event
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.directory.places import Place, describe, place_problems
from xiuhua_intake.directory.service import get_community
from xiuhua_intake.issues.domain.categories import CATEGORIES, normalize_category
from xiuhua_intake.issues.domain.status import LABELS, Status, can_move
from xiuhua_intake.issues.schemas import IssueCreate, IssuePage, IssueRead
from xiuhua_runtime import Forbidden, NotFound, Unprocessable
from xiuhua_runtime.ratelimit import RateLimiter

log = logging.getLogger(__name__)
SUBMITTERS = frozenset({"resident", "member", "lead", "gateway"})


async def submit_issue(*, uow: UnitOfWork, limiter: RateLimiter, cmd: IssueCreate, actor: Principal,
                       hourly_limit: int, idempotency_key: str | None = None) -> IssueRead:
    """Take in a problem report: validate the place, store it and announce it in one transaction.

    A phone on a weak network resends; with the same ``idempotency_key`` the first report is returned."""
    if idempotency_key and (earlier := await _earlier(uow.db, actor, idempotency_key)) is not None:
        return to_read(earlier, actor)
    if actor.role not in SUBMITTERS:
        raise Forbidden("该角色不能提交问题")
    if actor.community is not None and actor.community != cmd.community:
        raise Forbidden("只能向本社区提交问题")
    community = await get_community(db=uow.db, community_id=cmd.community)
    if not actor.can_access(community=cmd.community, subdistrict=community.subdistrict):
        raise Forbidden("只能向本社区提交问题")
    estate = next((e for e in community.estates if e.id == cmd.estate), None)
    if estate is None:
        raise Unprocessable("小区不存在", code="unknown_estate", details=[{"field": "estate", "problem": cmd.estate}])
    if actor.role == "resident" and actor.estate not in (None, cmd.estate):
        raise Forbidden("只能为自己所在的小区提交问题")
    problems = place_problems(estate, cmd.place)
    category = normalize_category(cmd.category)
    if category is None:
        problems.append({"field": "category", "problem": f"可选类别：{'、'.join(CATEGORIES.values())}"})
    if problems:
        raise Unprocessable("提交的位置或类别有误", code="invalid_place", details=problems)
    await limiter.hit(f"submit:{cmd.reporter.phone}", limit=hourly_limit, window_seconds=3600)

    now = datetime.now(UTC)
    issue_id = uuid.uuid4().hex
    reporter_sub = actor.sub if actor.role == "resident" else f"phone:{cmd.reporter.phone}"
    doc: dict[str, Any] = {
        "_id": issue_id, "number": issue_number(issue_id), "community": cmd.community,
        "subdistrict": community.subdistrict, "estate": cmd.estate,
        "place": cmd.place.model_dump(), "place_text": describe(estate, cmd.place), "category": category,
        "title": cmd.title, "description": cmd.description, "channel": cmd.channel, "photos": cmd.photos,
        "reporter": {"sub": reporter_sub, "name": cmd.reporter.name, "phone": cmd.reporter.phone},
        "submitted_by": {"sub": actor.sub, "role": actor.role}, "idempotency_key": idempotency_key,
        "status": Status.SUBMITTED.value, "assignee": None,
        "history": [{"at": now, "status": Status.SUBMITTED.value, "by": actor.sub, "note": None}],
        "created_at": now, "updated_at": now,
    }
    payload = events.IssueSubmitted(
        issue_id=issue_id, number=doc["number"], community=cmd.community, subdistrict=community.subdistrict,
        estate=cmd.estate, place=cmd.place, place_text=doc["place_text"], category=category, title=cmd.title,
        description=cmd.description, channel=cmd.channel, reporter=events.ReporterContact(**doc["reporter"]),
        actor=events.Actor(id=actor.sub, name=actor.name or cmd.reporter.name, role=actor.role), submitted_at=now,
    )
    try:
        async with uow.transaction() as tx:
            await tx.db[ISSUES].insert_one(doc, session=tx.session)
            tx.emit(new_event(type=events.ISSUE_SUBMITTED, source=events.SOURCE, tenant=cmd.community,
                              subject=issue_id, data=payload))
    except DuplicateKeyError:
        # the same resend raced this one; its report stands
        if idempotency_key and (earlier := await _earlier(uow.db, actor, idempotency_key)) is not None:
            return to_read(earlier, actor)
        raise
    return to_read(doc, actor)


def issue_number(issue_id: str) -> str:
    """The 8-digit number people quote (编号): short enough for an SMS, derived from the id."""
    return f"{int(issue_id[:12], 16) % 10**8:08d}"


async def _earlier(db: AsyncDatabase, actor: Principal, key: str) -> dict[str, Any] | None:
    return await db[ISSUES].find_one({"submitted_by.sub": actor.sub, "idempotency_key": key})


async def get_issue(*, db: AsyncDatabase, issue_id: str, actor: Principal) -> IssueRead:
    """One issue, if the caller's community (or subdistrict) may see it."""
    doc = await db[ISSUES].find_one({"_id": issue_id})
    if doc is None:
        raise NotFound("找不到该问题", code="issue_not_found")
    if not actor.can_access(community=doc["community"], subdistrict=doc["subdistrict"]):
        raise Forbidden("无权查看其他社区的问题", code="other_community")
    return to_read(doc, actor)


async def list_issues(*, db: AsyncDatabase, actor: Principal, community: str, status: Status | None,
                      mine: bool, page: int, size: int) -> IssuePage:
    """A community's issues, newest first."""
    if actor.role == "admin":
        sample = await db[ISSUES].find_one({"community": community}, {"subdistrict": 1})
        allowed = sample is None or actor.can_access(community=community, subdistrict=sample["subdistrict"])
    else:
        allowed = actor.can_access(community=community, subdistrict=None)
    if not allowed:
        raise Forbidden("无权查看其他社区的问题")
    query: dict[str, Any] = {"community": community}
    if status is not None:
        query["status"] = status.value
    if mine:
        query["reporter.sub"] = actor.sub
    total = await db[ISSUES].count_documents(query)
    cursor = db[ISSUES].find(query).sort("created_at", -1).skip((page - 1) * size).limit(size)
    return IssuePage(items=[to_read(d, actor) async for d in cursor], total=total, page=page, size=size)


async def record_assignment(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Assignment gave the issue to a member: show it as assigned (once per event)."""
    data = events.TaskAssigned.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        doc = await tx.db[ISSUES].find_one({"_id": data.issue_id}, {"status": 1}, session=tx.session)
        if doc is None:
            log.warning("task.assigned for unknown issue %s ignored", data.issue_id)
            return
        current = Status(doc["status"])
        now = datetime.now(UTC)
        update: dict[str, Any] = {"$set": {"assignee": data.assignee.model_dump(), "updated_at": now}}
        if not can_move(current, Status.ASSIGNED):
            log.info("issue %s is %s; assignment %s noted without a status change", data.issue_id, current, event.id)
        else:
            update["$set"]["status"] = Status.ASSIGNED.value
            update["$push"] = {"history": {"at": now, "status": Status.ASSIGNED.value, "by": "assignment",
                                           "note": data.assignee.name}}
        await tx.db[ISSUES].update_one({"_id": data.issue_id}, update, session=tx.session)


def to_read(doc: dict[str, Any], actor: Principal) -> IssueRead:
    reporter = doc["reporter"]
    phone = reporter["phone"]
    if not actor.sees_phones_of(community=doc["community"], reporter_sub=reporter.get("sub")):
        phone = mask_phone(phone)
    status = Status(doc["status"])
    return IssueRead(
        id=doc["_id"], community=doc["community"], subdistrict=doc["subdistrict"], estate=doc["estate"],
        place=Place.model_validate(doc["place"]), place_text=doc["place_text"], category=doc["category"],
        category_label=CATEGORIES.get(doc["category"], doc["category"]), title=doc["title"],
        description=doc["description"], channel=doc["channel"], photos=doc.get("photos", []), status=status,
        status_label=LABELS[status], assignee=doc.get("assignee"),
        reporter={"name": reporter["name"], "phone": phone},
        created_at=doc["created_at"], updated_at=doc["updated_at"],
    )
