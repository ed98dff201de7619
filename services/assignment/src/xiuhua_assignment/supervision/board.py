"""The supervision list (督办台): what needs pressing in a community — or, for the subdistrict's
admin, in all of its communities — overdue first (the longest overdue on top), then what nobody
could take (待派单), then what falls due within a day, then what was pressed or offered back by a
silent member."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import BaseModel, Field
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment.adapters.mongo import TASKS, TEAMS
from xiuhua_assignment.supervision.clocks import RUNNING, overdue_limits
from xiuhua_assignment.tasks.domain import UNROUTED
from xiuhua_assignment.tasks.schemas import TaskRead
from xiuhua_assignment.tasks.service.read import to_read
from xiuhua_auth import Principal
from xiuhua_events import clock
from xiuhua_runtime import Forbidden, Unprocessable

READERS = frozenset({"lead", "staff", "admin"})
SOON = timedelta(hours=24)


class Counts(BaseModel):
    overdue: int = Field(description="超时: a limit missed and not yet met (clocks.overdue_limits), either")
    overdue_respond: int = Field(description="响应超时: the response limit passed with no first response")
    overdue_resolve: int = Field(description="办结超时: the resolution limit passed, not resolved")
    due_soon: int = Field(description="the resolve limit falls within 24 hours")
    pressed: int = Field(description="pressed (督办) and still open")
    offered_back: int = Field(description="offered back to the lead: the member fell silent")
    promises_broken: int = Field(description="the property company's promised day passed")
    unrouted: int = Field(description="nobody could take it (待派单): it waits for someone to give it to")


class Supervision(BaseModel):
    items: list[TaskRead]
    counts: Counts


def _flags(task: dict[str, Any], now) -> dict[str, bool]:
    promises = ((task.get("property") or {}).get("promises") or [])
    missed = overdue_limits(task)
    return {"overdue": bool(missed), "overdue_respond": "respond" in missed, "overdue_resolve": "resolve" in missed,
            "due_soon": not missed and task["resolve_by"] <= now + SOON,
            "pressed": bool(task.get("presses")),
            "offered_back": bool(task.get("offered_back_at")),
            "promises_broken": bool(promises and promises[-1].get("broken_at")),
            "unrouted": task["status"] == UNROUTED}


def _held(task: dict[str, Any], now) -> bool:
    """On the list for something else than a missed limit."""
    flags = _flags(task, now)
    return any(v for k, v in flags.items() if not k.startswith("overdue"))


async def supervision(*, db: AsyncDatabase, actor: Principal, community: str | None, limit: int) -> Supervision:
    if actor.role not in READERS:
        raise Forbidden("只有队长、社区工作者和街道管理员可以查看督办台", code="not_lead")
    query: dict[str, Any] = {"status": {"$in": list(RUNNING)}}
    if community is None:
        if actor.role != "admin":
            raise Unprocessable("请指定社区", code="community_required", details=[{"field": "community"}])
        query["subdistrict"] = actor.subdistrict
    else:
        team = await db[TEAMS].find_one({"_id": community}, {"subdistrict": 1})
        if not actor.can_access(community=community, subdistrict=team["subdistrict"] if team else None):
            raise Forbidden("无权查看其他社区的督办台", code="other_community")
        query["community"] = community
    now = clock.now()
    query["$or"] = [{"breaches.0": {"$exists": True}}, {"resolve_by": {"$lte": now + SOON}},
                    {"presses.0": {"$exists": True}}, {"offered_back_at": {"$ne": None, "$exists": True}},
                    {"property.promises.broken_at": {"$type": "date"}}, {"status": UNROUTED}]
    # overdue ones first into the cut (a date sorts before null only descending); ordered below
    found = [d async for d in db[TASKS].find(query).sort([("overdue_since", -1), ("resolve_by", 1)]).limit(1000)]
    # a breach met since (a late answer) leaves a task here only if something else holds it
    docs = [d for d in found if overdue_limits(d) or _held(d, now)]
    docs.sort(key=lambda d: (not overdue_limits(d), d["status"] != UNROUTED,
                             d.get("overdue_since") or d["resolve_by"], d["resolve_by"]))
    counts = {k: 0 for k in Counts.model_fields}
    for d in docs:
        for k, v in _flags(d, now).items():
            counts[k] += v
    return Supervision(items=[to_read(d, actor) for d in docs[:limit]], counts=Counts(**counts))
