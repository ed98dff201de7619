"""Reading issues: one, a community's list, the timeline; what each caller may see of them."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal, mask_phone
from xiuhua_events import clock
from xiuhua_intake.adapters.mongo import ISSUES
from xiuhua_intake.directory.places import Place
from xiuhua_intake.issues.domain.categories import CATEGORIES
from xiuhua_intake.issues.domain.rules import allowed_steps, is_reporter, may_see
from xiuhua_intake.issues.domain.status import IN_HAND, LABELS, OPEN, Status, label, waits
from xiuhua_intake.issues.domain.timeline import PRIORITY_LABELS, SATISFACTION_LABELS, outside_view
from xiuhua_intake.issues.schemas import IssuePage, IssueRead, Timeline, TimelineEntry
from xiuhua_intake.issues.service.common import DEFAULT_SETTINGS, caller_phone, mask_name, settings_of
from xiuhua_intake.photos.service import shown
from xiuhua_runtime import Forbidden, NotFound

TEAM_VIEW = frozenset({"member", "lead", "staff", "admin"})


async def load_visible(db: AsyncDatabase, issue_id: str, actor: Principal) -> dict[str, Any]:
    """The issue, if the caller may see it (404 when it does not exist, 403 when it is not theirs)."""
    doc = await db[ISSUES].find_one({"_id": issue_id})
    if doc is None:
        raise NotFound("找不到该问题", code="issue_not_found")
    if not may_see(doc, actor):
        raise Forbidden("无权查看其他社区的问题", code="other_community")
    return doc


async def get_issue(*, db: AsyncDatabase, issue_id: str, actor: Principal) -> IssueRead:
    """One issue, if the caller's community (or subdistrict) may see it."""
    doc = await load_visible(db, issue_id, actor)
    settings = await settings_of(db, doc["community"])
    return to_read(doc, actor, reopen_days=settings["reopen_days"], phone=await caller_phone(db, actor))


async def list_issues(*, db: AsyncDatabase, actor: Principal, community: str, status: Status | None, mine: bool,
                      estate: str | None = None, open_only: bool = False, untriaged: bool = False,
                      page: int = 1, size: int = 20) -> IssuePage:
    """A community's issues, newest first, with the filters the pages need."""
    if actor.role in ("admin", "gateway"):
        sample = await db[ISSUES].find_one({"community": community}, {"subdistrict": 1})
        allowed = sample is None or actor.can_access(community=community, subdistrict=sample["subdistrict"])
    else:
        allowed = actor.can_access(community=community, subdistrict=None)
    if not allowed:
        raise Forbidden("无权查看其他社区的问题")
    query: dict[str, Any] = {"community": community}
    if status is not None:
        query["status"] = status.value
    elif open_only:
        query["status"] = {"$in": [s.value for s in IN_HAND]}
    if untriaged:
        query["triaged_at"] = None
        query.setdefault("status", {"$in": [s.value for s in OPEN]})
    if estate:
        query["estate"] = estate
    phone = await caller_phone(db, actor)
    if mine:
        query["$or"] = [{"reporter.sub": actor.sub}] + ([{"reporter.phone": phone}] if phone else [])
    if actor.role == "property":
        query["property.company.id"] = actor.company
    total = await db[ISSUES].count_documents(query)
    cursor = db[ISSUES].find(query).sort("created_at", -1).skip((page - 1) * size).limit(size)
    reopen_days = (await settings_of(db, community))["reopen_days"]
    items = [to_read(d, actor, reopen_days=reopen_days, phone=phone) async for d in cursor]
    return IssuePage(items=items, total=total, page=page, size=size)


async def timeline(*, db: AsyncDatabase, issue_id: str, actor: Principal) -> Timeline:
    """Every step of the issue in order: when, who (name and role), what, why."""
    doc = await load_visible(db, issue_id, actor)
    items = timeline_entries(doc, actor, phone=await caller_phone(db, actor))
    return Timeline(issue_id=doc["_id"], number=doc.get("number", ""), items=items)


def timeline_entries(doc: dict[str, Any], actor: Principal, *, phone: str | None = None) -> list[TimelineEntry]:
    """The steps as ``actor`` may see them: residents' names masked unless the caller sees names, the
    team's internal notes only for the team."""
    steps = sorted(doc.get("timeline") or _from_history(doc), key=lambda e: e["at"])
    hide = not _sees_names(doc, actor, phone)
    team = actor.role in TEAM_VIEW  # the caller may see the issue: of its community, or its subdistrict's admin
    items = []
    for stored in steps:
        step = stored if team else outside_view(stored)
        who = dict(step["actor"])
        if hide and who.get("role") == "resident":
            who["name"] = mask_name(who["name"])
        status = step.get("status")
        items.append(TimelineEntry(at=step["at"], kind=step["kind"], status=status,
                                   status_label=LABELS[Status(status)] if status else None, actor=who,
                                   text=step["text"], note=step.get("note"), details=step.get("details", {})))
    return items


def _from_history(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Issues reported before the timeline existed kept a shorter history."""
    return [{"at": h["at"], "kind": h["status"], "status": h["status"], "note": h.get("note"),
             "actor": {"id": h.get("by") or "system", "name": h.get("by") or "系统", "role": "system"},
             "text": LABELS[Status(h["status"])]} for h in doc.get("history", [])]


def _sees_names(doc: dict[str, Any], actor: Principal, phone: str | None = None) -> bool:
    return is_reporter(doc, actor, phone) or (actor.role in TEAM_VIEW and actor.role != "admin"
                                              and actor.community == doc["community"])


def to_read(doc: dict[str, Any], actor: Principal, *, reopen_days: int = DEFAULT_SETTINGS["reopen_days"],
            phone: str | None = None) -> IssueRead:
    """The issue as ``actor`` may see it; ``phone``: a resident caller's own phone."""
    reporter = doc["reporter"]
    assignee = doc.get("assignee") or {}
    own = is_reporter(doc, actor, phone)
    shown_phone = reporter["phone"]
    if not own and not actor.sees_phones_of(community=doc["community"], reporter_sub=reporter.get("sub"),
                                            assignee=assignee.get("id")):
        shown_phone = mask_phone(shown_phone)
    name = reporter["name"] if _sees_names(doc, actor, phone) else mask_name(reporter["name"])
    status = Status(doc["status"])
    since = doc.get("waiting_since")
    waiting = waits(status, since)
    rating = doc.get("rating")
    handed = doc.get("property")
    return IssueRead(
        id=doc["_id"], number=doc.get("number", ""), community=doc["community"], subdistrict=doc["subdistrict"],
        estate=doc["estate"], place=Place.model_validate(doc["place"]), place_text=doc["place_text"],
        category=doc["category"], category_label=CATEGORIES.get(doc["category"], doc["category"]),
        title=doc["title"], description=doc["description"], channel=doc["channel"],
        photos=[shown(p) for p in doc.get("photos", [])],
        priority=doc.get("priority", "normal"), priority_label=PRIORITY_LABELS[doc.get("priority", "normal")],
        status=status, status_label=label(status, waiting=waiting), waiting_since=since if waiting else None,
        assignee=doc.get("assignee"),
        reporter={"name": name, "phone": shown_phone},
        supporters=len(doc.get("supporters", [])),
        supported=any(s["sub"] == actor.sub for s in doc.get("supporters", [])),
        mine=own,
        triaged=doc.get("triaged_at") is not None, reopen_count=doc.get("reopen_count", 0),
        rating=rating | {"satisfaction_label": SATISFACTION_LABELS[rating["satisfaction"]]} if rating else None,
        merged_into=doc.get("merged_into"),
        property={"company": handed["company"], "asked": handed["asked"], "due_date": handed.get("due_date"),
                  "promised_date": handed.get("promised_date")} if handed else None,
        resolved_at=doc.get("resolved_at"),
        actions=allowed_steps(doc, actor, now=clock.now(), reopen_days=reopen_days, phone=phone),
        created_at=doc["created_at"], updated_at=doc["updated_at"],
    )
