"""The monthly report use cases: read one (published, else live), list the published ones, and the
scopes a reader may pick. Building a report reads the scope's rows; ``compose`` does the sums."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_reporting.adapters.mongo import COMMUNITIES, ISSUES
from xiuhua_reporting.domain import inhand
from xiuhua_reporting.domain.rates import MIN_BASE
from xiuhua_reporting.domain.status import DONE
from xiuhua_reporting.rates import access, places
from xiuhua_reporting.reports import compose, export, store
from xiuhua_reporting.reports.month import Month, MonthError
from xiuhua_reporting.reports.schemas import (
    Format,
    Links,
    MonthlyReport,
    PublishedPage,
    PublishedReport,
    ReportScope,
    ReportScopeRead,
    ScopeList,
)
from xiuhua_runtime import Forbidden, NotFound, Unprocessable

_READ = ["submitted_at", "status", "respond_by", "resolve_by", "first_response_at", "resolved_at", "reopened",
         "solved", "satisfaction", "handed_at", "ack_by", "acknowledged_at", "property_done_at", "promises",
         "estate", "assignee", "assignee_name", "company", "company_name", "category", "community"]


@dataclass(frozen=True)
class MonthlyQuery:
    scope: ReportScope
    id: str
    month: str
    live: bool = False  # compute it now even when it was published
    min_base: int = MIN_BASE  # RATES_MIN_BASE, for a report built now


async def monthly_report(*, db: AsyncDatabase, query: MonthlyQuery, actor: Principal,
                         now: datetime | None = None) -> MonthlyReport:
    """The month's report: as published when the month ended, else (or when ``live``) as it stands now."""
    now = now or datetime.now(UTC)
    month = _month(query.month, now)
    place = await readable(db, query.scope, query.id, actor)
    if not query.live and (kept := await store.find(db, query.scope, query.id, str(month))) is not None:
        return kept
    return await build(db, scope=query.scope, id=query.id, place=place, month=month, now=now,
                       min_base=query.min_base)


async def export_monthly(*, db: AsyncDatabase, query: MonthlyQuery, actor: Principal, fmt: Format,
                         now: datetime | None = None) -> export.File:
    """The month's report as a file: CSV for Excel, PDF to print, or JSON."""
    return await export.render(await monthly_report(db=db, query=query, actor=actor, now=now), fmt)


async def readable(db: AsyncDatabase, scope: str, id: str, actor: Principal) -> access.Place:
    """Where the scope lives, if the caller may read its reports (403 before looking when it cannot be theirs)."""
    if access.refused_outright(actor, scope, id) or (scope == "community" and actor.community not in (None, id)):
        raise Forbidden("无权查看该范围的月报", code="not_your_scope")
    place = await places.locate(db, scope, id, actor)
    if place is None:
        raise NotFound("找不到该社区或街道的统计", code="unknown_scope")
    if not access.may_read(actor, scope, id, place):
        raise Forbidden("无权查看该范围的月报", code="not_your_scope")
    return place


async def build(db: AsyncDatabase, *, scope: str, id: str, place: access.Place, month: Month, now: datetime,
                session: AsyncClientSession | None = None, min_base: int = MIN_BASE) -> MonthlyReport:
    """The report of ``month`` from the rows as they are now."""
    wall: dict[str, Any] = {scope: id}
    period = month.period
    rows = await _rows(db, wall | {"submitted_at": {"$gte": period.start, "$lt": period.end}}, session)
    kept = await store.find(db, scope, id, str(month.previous), session=session)
    if kept is not None:  # compared with the month before as it was published
        previous = kept.figures
    else:
        earlier = month.previous.period
        previous = compose.figures_of(compose.cases_of(await _rows(
            db, wall | {"submitted_at": {"$gte": earlier.start, "$lt": earlier.end}}, session)), now=now)
    open_rows = await _rows(db, wall | {"submitted_at": {"$lt": period.end}, "status": {"$nin": [*DONE, None]}},
                            session, fields=inhand.FIELDS)
    handed = await _rows(db, wall | {"handed_at": {"$gte": period.start, "$lt": period.end}}, session)
    names = {part: await places.names(db, part, compose.keys(rows, part)) for part in compose.SHOWN[scope]}
    names["property"] = await places.names(db, "property", compose.keys(handed, "property"))
    name = place.name if scope == "community" else await _subdistrict_name(db, id)
    head = compose.Head(scope=scope, id=id, name=name, subdistrict=place.subdistrict, month=month)
    return compose.compose(head, rows=rows, previous=previous, open_rows=open_rows, handed_rows=handed,
                           names=names, now=now, min_base=min_base)


async def published(*, db: AsyncDatabase, actor: Principal, limit: int = 60) -> PublishedPage:
    """The published reports the caller may read, newest month first: their community's, or their
    subdistrict's and its communities'."""
    if actor.role not in access.READERS:
        raise Forbidden("无权查看月报", code="not_your_scope")
    if actor.community is not None:
        where: dict[str, Any] = {"scope": "community", "community": actor.community}
    elif actor.role == "admin" and actor.subdistrict is not None:
        where = {"subdistrict": actor.subdistrict}
    else:
        raise Forbidden("无权查看月报", code="not_your_scope")
    items = []
    for doc in await store.listed(db, where, limit=limit):
        report = doc["report"]
        figures = report["figures"]
        items.append(PublishedReport(
            scope=doc["scope"], id=doc["id"], name=report.get("name"), month=doc["month"],
            published_at=doc["published_at"], received=figures["received"],
            response_rate=figures["response_rate"], resolution_rate=figures["resolution_rate"],
            satisfaction_rate=figures["satisfaction_rate"], links=links(doc["scope"], doc["id"], doc["month"])))
    return PublishedPage(items=items)


async def scopes(*, db: AsyncDatabase, actor: Principal) -> ScopeList:
    """What the caller may ask a report of."""
    if actor.role not in access.READERS:
        raise Forbidden("无权查看月报", code="not_your_scope")
    if actor.community is not None:
        doc = await db[COMMUNITIES].find_one({"_id": actor.community}, {"name": 1}) or {}
        return ScopeList(items=[ReportScopeRead(scope="community", id=actor.community, name=doc.get("name"))])
    if actor.role != "admin" or actor.subdistrict is None:
        raise Forbidden("无权查看月报", code="not_your_scope")
    whole = ReportScopeRead(scope="subdistrict", id=actor.subdistrict,
                            name=await _subdistrict_name(db, actor.subdistrict))
    named = {d["_id"]: d.get("name") async for d in db[COMMUNITIES].find({"subdistrict": actor.subdistrict},
                                                                          {"name": 1})}
    for community in await db[ISSUES].distinct("community", {"subdistrict": actor.subdistrict}):
        named.setdefault(community, None)
    return ScopeList(items=[whole] + [
        ReportScopeRead(scope="community", id=c, name=named[c]) for c in sorted(named)])


def links(scope: str, id: str, month: str) -> Links:
    def url(fmt: str) -> str:
        return "/reporting/v1/reports/monthly?" + urlencode({"scope": scope, "id": id, "month": month, "format": fmt})

    return Links(json_url=url("json"), csv_url=url("csv"), pdf_url=url("pdf"))


async def _subdistrict_name(db: AsyncDatabase, subdistrict: str) -> str | None:
    """As its communities' directories name it."""
    doc = await db[COMMUNITIES].find_one({"subdistrict": subdistrict, "subdistrict_name": {"$nin": [None, ""]}},
                                         {"subdistrict_name": 1})
    return doc["subdistrict_name"] if doc else None


def _month(text: str, now: datetime) -> Month:
    try:
        month = Month.parse(text)
    except MonthError as exc:
        raise Unprocessable(str(exc), code="invalid_month") from exc
    if month > Month.of(now):
        raise Unprocessable("该月份尚未开始", code="future_month")
    return month


async def _rows(db: AsyncDatabase, query: dict[str, Any], session: AsyncClientSession | None,
                fields: list[str] = _READ) -> list[dict[str, Any]]:
    return [row async for row in db[ISSUES].find(query, dict.fromkeys(fields, 1), session=session)]
