"""Use cases on tasks: route a new issue, read tasks."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import OPEN_TASK_STATUSES, TASKS
from xiuhua_assignment.domain.routing import choose_assignee
from xiuhua_assignment.schemas import TaskPage, TaskRead
from xiuhua_assignment.service.roster import candidates
from xiuhua_auth import Principal
from xiuhua_events import CloudEvent, UnitOfWork, new_event
from xiuhua_runtime import Forbidden, NotFound

log = logging.getLogger(__name__)
TASK_READERS = frozenset({"member", "lead", "staff", "admin", "property"})


async def route_new_issue(*, uow: UnitOfWork, event: CloudEvent) -> None:
    """Give a newly submitted issue to the member in charge of its category, or to the lead."""
    issue = events.IssueSubmitted.model_validate(event.data)
    async with uow.transaction(event_id=event.id) as tx:
        if await tx.db[TASKS].find_one({"_id": issue.issue_id}, {"_id": 1}, session=tx.session):
            return
        team = await candidates(tx.db, issue.community, session=tx.session)
        load = await _open_tasks(tx.db, [m.id for m in team], session=tx.session)
        route = choose_assignee(team, category=issue.category, estate=issue.estate, open_tasks=load)
        now = datetime.now(UTC)
        doc: dict[str, Any] = {
            "_id": issue.issue_id, "community": issue.community, "subdistrict": issue.subdistrict,
            "estate": issue.estate, "category": issue.category, "title": issue.title,
            "place_text": issue.place_text, "created_at": now, "status": "unrouted", "reason": None,
            "assignee": None, "assigned_at": None, "history": [],
        }
        if route is None:
            log.warning("community %s has no active lead or member; issue %s waits", issue.community, issue.issue_id)
            await tx.db[TASKS].insert_one(doc, session=tx.session)
            return
        assignee = events.Assignee(id=route.member.id, name=route.member.name, role=route.member.role)
        doc |= {"status": "assigned", "reason": route.reason, "assignee": assignee.model_dump(), "assigned_at": now,
                "history": [{"at": now, "action": "assigned", "to": assignee.id, "reason": route.reason}]}
        await tx.db[TASKS].insert_one(doc, session=tx.session)
        payload = events.TaskAssigned(
            issue_id=issue.issue_id, community=issue.community, estate=issue.estate, category=issue.category,
            title=issue.title, place_text=issue.place_text, assignee=assignee, reason=route.reason, assigned_at=now,
        )
        tx.emit(new_event(type=events.TASK_ASSIGNED, source=events.SOURCE, tenant=issue.community,
                          subject=issue.issue_id, correlationid=event.correlationid, data=payload))


async def _open_tasks(db: AsyncDatabase, member_ids: list[str], session=None) -> dict[str, int]:
    pipeline = [{"$match": {"assignee.id": {"$in": member_ids}, "status": {"$in": OPEN_TASK_STATUSES}}},
                {"$group": {"_id": "$assignee.id", "n": {"$sum": 1}}}]
    return {row["_id"]: row["n"] async for row in await db[TASKS].aggregate(pipeline, session=session)}


async def get_task(*, db: AsyncDatabase, issue_id: str, actor: Principal) -> TaskRead:
    """Who works on an issue, and since when."""
    doc = await db[TASKS].find_one({"_id": issue_id})
    if doc is None:
        raise NotFound("找不到该派单", code="task_not_found")
    if actor.role not in TASK_READERS or not actor.can_access(community=doc["community"],
                                                              subdistrict=doc["subdistrict"]):
        raise Forbidden("无权查看该派单", code="other_community")
    return _read(doc)


async def list_tasks(*, db: AsyncDatabase, community: str, assignee: str | None, actor: Principal,
                     limit: int) -> TaskPage:
    """A community's tasks, newest first; ``assignee`` keeps one member's."""
    sample = await db[TASKS].find_one({"community": community}, {"subdistrict": 1})
    subdistrict = sample["subdistrict"] if sample else None
    if actor.role not in TASK_READERS or not actor.can_access(community=community, subdistrict=subdistrict):
        raise Forbidden("无权查看该社区的派单")
    query: dict[str, Any] = {"community": community}
    if assignee:
        query["assignee.id"] = assignee
    total = await db[TASKS].count_documents(query)
    cursor = db[TASKS].find(query).sort("created_at", -1).limit(limit)
    return TaskPage(items=[_read(d) async for d in cursor], total=total)


def _read(doc: dict[str, Any]) -> TaskRead:
    return TaskRead(issue_id=doc["_id"], **{k: doc.get(k) for k in TaskRead.model_fields if k != "issue_id"})
