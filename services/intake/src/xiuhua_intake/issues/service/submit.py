"""Taking in a report (业主反映问题 / 服务队发现问题)."""

from __future__ import annotations

import uuid
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from xiuhua_auth import Principal
from xiuhua_events import UnitOfWork, clock, new_event
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.directory.places import describe, place_problems
from xiuhua_intake.directory.service import get_community
from xiuhua_intake.identity import people
from xiuhua_intake.issues.domain.categories import CATEGORIES, normalize_category
from xiuhua_intake.issues.domain.status import Status
from xiuhua_intake.issues.schemas import IssueCreate, IssueRead
from xiuhua_intake.issues.service.common import caller_phone, entry
from xiuhua_intake.issues.service.read import to_read
from xiuhua_intake.photos import store as photo_store
from xiuhua_intake.photos.service import PHOTO_ID
from xiuhua_runtime import Forbidden, Unprocessable
from xiuhua_runtime.ratelimit import RateLimiter

SUBMITTERS = frozenset({"resident", "member", "lead", "gateway"})
TAKERS = frozenset({"member", "lead"})  # who may take what they spotted themselves (服务队发现)


def issue_number(issue_id: str) -> str:
    """The 8-digit number people quote (编号): short enough for an SMS, derived from the id."""
    return f"{int(issue_id[:12], 16) % 10**8:08d}"


async def submit_issue(*, uow: UnitOfWork, limiter: RateLimiter, cmd: IssueCreate, actor: Principal,
                       hourly_limit: int, idempotency_key: str | None = None,
                       place_optional: bool = False, sent_from_phone: bool = False) -> IssueRead:
    """Take in a problem report: validate the place, store it and announce it in one transaction.

    A phone on a weak network resends; with the same ``idempotency_key`` the first report is returned
    (after the same checks as a first sending: a key is no way around the tenant wall).
    ``sent_from_phone``: the report is a text message the reporter's phone sent (the SMS gateway's)."""
    idempotency_key = (idempotency_key or "").strip() or None  # an empty or blank header is no key
    if actor.role not in SUBMITTERS:
        raise Forbidden("该角色不能提交问题")
    if cmd.take and actor.role not in TAKERS:
        raise Forbidden("只有服务队队员或队长可以自己接手发现的问题", code="not_team")
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
    if idempotency_key and (earlier := await _earlier(uow.db, actor, idempotency_key)) is not None:
        return to_read(earlier, actor)
    problems = place_problems(estate, cmd.place)
    if place_optional:  # a text message that names no place: the team confirms it
        problems = [p for p in problems if p["field"] != "place"]
    category = normalize_category(cmd.category)
    if category is None:
        problems.append({"field": "category", "problem": f"可选类别：{'、'.join(CATEGORIES.values())}"})
    if problems:
        raise Unprocessable("提交的位置或类别有误", code="invalid_place", details=problems)
    photos = await _own_photos(uow.db, cmd.photos, actor)
    await limiter.hit(f"submit:{cmd.reporter.phone}", limit=hourly_limit, window_seconds=3600)

    now = clock.now()
    issue_id = uuid.uuid4().hex
    reporter_sub = actor.sub if actor.role == "resident" else f"phone:{cmd.reporter.phone}"
    # A gateway's report names the resident only in ``reporter`` (masked for others), never as the actor.
    who = events.Actor(id=actor.sub, name=actor.name or ("网关" if actor.role == "gateway" else cmd.reporter.name),
                       role=actor.role)
    channel = "team" if cmd.take else cmd.channel
    verified = sent_from_phone or await _phone_proven(uow.db, actor, cmd.reporter.phone)
    doc: dict[str, Any] = {
        "_id": issue_id, "number": issue_number(issue_id), "community": cmd.community,
        "subdistrict": community.subdistrict, "estate": cmd.estate, "place": cmd.place.model_dump(),
        "place_text": describe(estate, cmd.place), "category": category, "priority": cmd.priority,
        "title": cmd.title, "description": cmd.description, "channel": channel, "photos": cmd.photos,
        "reporter": {"sub": reporter_sub, "name": cmd.reporter.name, "phone": cmd.reporter.phone,
                     "phone_verified": verified},
        "submitted_by": {"sub": actor.sub, "role": actor.role}, "idempotency_key": idempotency_key,
        "status": Status.SUBMITTED.value, "status_at": now, "assignee": None, "supporters": [],
        "triaged_at": None, "resolved_at": None, "reopen_count": 0, "rating": None, "property": None,
        "merged_into": None, "timeline": [entry("submitted", who, now, Status.SUBMITTED.value)],
        "created_at": now, "updated_at": now,
    }
    payload = events.IssueSubmitted(
        issue_id=issue_id, number=doc["number"], community=cmd.community, subdistrict=community.subdistrict,
        estate=cmd.estate, place=cmd.place, place_text=doc["place_text"], category=category, priority=cmd.priority,
        title=cmd.title, description=cmd.description, channel=channel,
        reporter=events.ReporterContact(**doc["reporter"]), actor=who, submitted_at=now,
        taken_by=who if cmd.take else None,
    )
    try:
        async with uow.transaction() as tx:
            await tx.db[ISSUES].insert_one(doc, session=tx.session)
            if photos:
                await photo_store.attach(tx, photos, issue_id=issue_id, community=cmd.community)
            tx.emit(new_event(type=events.ISSUE_SUBMITTED, source=events.SOURCE, tenant=cmd.community,
                              subject=issue_id, data=payload))
    except DuplicateKeyError:
        # the same resend raced this one; its report stands
        if idempotency_key and (earlier := await _earlier(uow.db, actor, idempotency_key)) is not None:
            return to_read(earlier, actor)
        raise
    return to_read(doc, actor)


async def _phone_proven(db: AsyncDatabase, actor: Principal, phone: str) -> bool:
    """Whether the reporter's phone is proven theirs (only then is it ever texted): a resident's is
    the phone they logged in with; a report taken for someone else (by a member, a gateway, Open311)
    names a phone that has logged in or is on the roster or the directory. Any other phone is kept
    for the team to call back."""
    if actor.role == "resident":
        return await caller_phone(db, actor) == phone
    return bool(await people.identities(db, phone))


async def _own_photos(db: AsyncDatabase, photos: list[str], actor: Principal) -> list[Any]:
    """The uploaded photos a report names: the caller's own, not yet in another report. Gateways
    may name the https URLs of pictures they fetched from a chat instead."""
    ids = [p for p in photos if PHOTO_ID.match(p)]
    urls = [p for p in photos if not PHOTO_ID.match(p)]
    if urls and (actor.role != "gateway" or not all(u.startswith("https://") for u in urls)):
        raise Unprocessable("照片须先上传，再在报事中引用其编号", code="photo_unknown",
                            details=[{"field": "photos", "problem": u[:60]} for u in urls])
    if not ids:
        return []
    found = await photo_store.unattached(db, ids, owner=actor.sub)
    if found is None:
        raise Unprocessable("照片不存在、不是您上传的，或已用于其他报事", code="photo_unknown",
                            details=[{"field": "photos", "problem": "、".join(ids)}])
    return found


async def _earlier(db: AsyncDatabase, actor: Principal, key: str) -> dict[str, Any] | None:
    return await db[ISSUES].find_one({"submitted_by.sub": actor.sub, "idempotency_key": key})
