"""Reading tasks: one, a community's, a member's own, and what was handed to a property company."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment.adapters.mongo import OPEN_TASK_STATUSES, TASKS, TEAMS
from xiuhua_assignment.supervision.clocks import overdue_limits
from xiuhua_assignment.tasks import domain
from xiuhua_assignment.tasks.schemas import TaskPage, TaskRead
from xiuhua_auth import Principal
from xiuhua_runtime import Forbidden, NotFound, Unprocessable

TASK_READERS = frozenset({"member", "lead", "staff", "admin", "property"})
BOARD_READERS = frozenset({"lead", "staff", "admin"})  # the whole community's board


def may_read(task: dict[str, Any], actor: Principal) -> bool:
    """Team roles of the community and its subdistrict's admins; a property contact only what was
    handed to their company."""
    if actor.role not in TASK_READERS or not actor.can_access(community=task["community"],
                                                              subdistrict=task.get("subdistrict")):
        return False
    if actor.role == "property":
        return ((task.get("property") or {}).get("company") or {}).get("id") == actor.company
    return True


async def get_task(*, db: AsyncDatabase, issue_id: str, actor: Principal) -> TaskRead:
    """Who works on an issue, why it went to them, its clocks and every step."""
    doc = await db[TASKS].find_one({"_id": issue_id})
    if doc is None or doc["status"] == "pending":
        raise NotFound("找不到该派单", code="task_not_found")
    if not may_read(doc, actor):
        raise Forbidden("无权查看该派单", code="other_community")
    return to_read(doc, actor)


async def list_tasks(*, db: AsyncDatabase, actor: Principal, community: str | None, assignee: str | None,
                     company: str | None, status: str | None, limit: int) -> TaskPage:
    """Tasks, newest first; ``assignee=me`` a member's own (new first, then due soonest);
    ``property=me`` what was handed to the caller's company."""
    query: dict[str, Any] = {"status": {"$ne": "pending"}}
    sort: list[tuple[str, int]] = [("created_at", -1)]
    if assignee == "me" or company == "me":
        if assignee == "me" and actor.role not in ("member", "lead"):
            raise Forbidden("只有队员和队长有自己的派单", code="not_a_member")
        if company == "me" and (actor.role != "property" or not actor.company):
            raise Forbidden("只有物业公司联系人可以查看转办给本公司的问题", code="not_property")
        query |= ({"assignee.id": actor.sub} if assignee == "me" else {"property.company.id": actor.company})
        query["community"] = actor.community
        query["status"] = {"$in": OPEN_TASK_STATUSES} if status is None else status
        sort = [("status_rank", 1), ("resolve_by", 1)]
    else:
        if community is None:
            raise Unprocessable("请指定社区", code="community_required", details=[{"field": "community"}])
        team = await db[TEAMS].find_one({"_id": community}, {"subdistrict": 1})
        if actor.role not in BOARD_READERS or not actor.can_access(
                community=community, subdistrict=team["subdistrict"] if team else None):
            raise Forbidden("只有队长、社区工作者和街道管理员可以查看全部派单", code="not_lead")
        query["community"] = community
        if assignee:
            query["assignee.id"] = assignee
        if status:
            query["status"] = status
    total = await db[TASKS].count_documents(query)
    pipeline: list[dict[str, Any]] = [
        {"$match": query},
        {"$addFields": {"status_rank": {"$cond": [{"$eq": ["$status", domain.ASSIGNED]}, 0, 1]}}},
        {"$sort": dict(sort)}, {"$limit": limit},
    ]
    items = [to_read(d, actor) async for d in await db[TASKS].aggregate(pipeline)]
    return TaskPage(items=items, total=total)


def to_read(doc: dict[str, Any], actor: Principal) -> TaskRead:
    fields = {k: doc.get(k) for k in TaskRead.model_fields
              if k not in ("issue_id", "actions", "status_label", "overdue")}
    fields |= {"declined_by": doc.get("declined_by", []), "reopen_count": doc.get("reopen_count", 0),
               "history": doc.get("history", []), "priority": doc.get("priority", "normal")}
    fields |= {k: doc.get(k) or [] for k in ("breaches", "escalations", "presses")}
    return TaskRead(issue_id=doc["_id"], status_label=domain.LABELS.get(doc["status"], doc["status"]),
                    actions=domain.allowed_actions(doc, actor), overdue=overdue_limits(doc), **fields)
