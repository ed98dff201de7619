"""The property companies' record in a community (物业履约): what was handed to each, how fast it
acknowledged, the promises it made, kept and broke, and the median days from hand-over to done.
Every hand-over counts, including earlier rounds of the same issue."""

from __future__ import annotations

import statistics
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment.adapters.mongo import TASKS
from xiuhua_assignment.calendar.domain import end_of_day
from xiuhua_assignment.roster.service import team_of
from xiuhua_auth import Principal
from xiuhua_events import clock
from xiuhua_runtime import Forbidden

READERS = frozenset({"lead", "staff", "admin"})


class OpenPromise(BaseModel):
    issue_id: str
    title: str
    date: date
    broken: bool


class CompanyRecord(BaseModel):
    company: dict[str, str]
    handed: int = Field(description="hand-overs to the company")
    done: int = Field(description="hand-overs reported done")
    acknowledged_late: int = Field(description="acknowledged after the limit, or not yet and past it")
    promises: int = Field(description="promised dates given")
    kept: int = Field(description="promises met: done by the end of the promised day")
    broken: int = Field(description="promises whose day ended without the work done")
    median_days_to_done: float | None = Field(description="median days from hand-over to done")
    open_promises: list[OpenPromise] = Field(description="promises still running or broken, work not done")


class Record(BaseModel):
    community: str
    companies: list[CompanyRecord]


def judge(rounds: list[tuple[dict[str, Any], dict[str, Any]]], now: datetime) -> list[CompanyRecord]:
    """``rounds``: (task, hand-over) pairs. Pure, so that each figure can be checked by hand."""
    out: dict[str, dict[str, Any]] = {}
    for task, handed in rounds:
        company = handed["company"]
        r = out.setdefault(company["id"], {"company": company, "handed": 0, "done": 0, "acknowledged_late": 0,
                                           "promises": 0, "kept": 0, "broken": 0, "days": [], "open": []})
        r["handed"] += 1
        ack = handed.get("acknowledged_at")
        if (ack or now) > handed["ack_by"]:
            r["acknowledged_late"] += 1
        done = handed.get("done_at")
        if done:
            r["done"] += 1
            r["days"].append((done - handed["handed_at"]).total_seconds() / 86400)
        for i, promise in enumerate(handed.get("promises", [])):
            r["promises"] += 1
            day = date.fromisoformat(promise["date"])
            deadline, latest = end_of_day(day), i == len(handed["promises"]) - 1
            broken = bool(promise.get("broken_at")) or deadline <= (done or now)  # the day passed, work undone
            if done and done <= deadline:
                r["kept"] += 1
            elif broken:
                r["broken"] += 1
            if latest and not done:
                r["open"].append(OpenPromise(issue_id=task["_id"], title=task["title"], date=day, broken=broken))
    return [CompanyRecord(company=r["company"], handed=r["handed"], done=r["done"],
                          acknowledged_late=r["acknowledged_late"], promises=r["promises"], kept=r["kept"],
                          broken=r["broken"],
                          median_days_to_done=round(statistics.median(r["days"]), 1) if r["days"] else None,
                          open_promises=sorted(r["open"], key=lambda p: p.date))
            for r in sorted(out.values(), key=lambda r: r["company"]["id"])]


async def property_record(*, db: AsyncDatabase, community: str, actor: Principal) -> Record:
    await team_of(db, community, actor)
    if actor.role not in READERS | {"property"}:
        raise Forbidden("只有队长、社区工作者和街道管理员可以查看物业履约情况", code="not_lead")
    query: dict[str, Any] = {"community": community, "$or": [{"property": {"$ne": None}},
                                                              {"property_history.0": {"$exists": True}}]}
    if actor.role == "property":  # a company sees its own record only
        query["$or"] = [{"property.company.id": actor.company}, {"property_history.company.id": actor.company}]
    rounds = []
    async for task in db[TASKS].find(query, {"history": 0}):
        for handed in [*task.get("property_history", []), *([task["property"]] if task.get("property") else [])]:
            if actor.role != "property" or handed["company"]["id"] == actor.company:
                rounds.append((task, handed))
    return Record(community=community, companies=judge(rounds, clock.now()))
