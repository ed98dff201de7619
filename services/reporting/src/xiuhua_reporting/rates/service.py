"""The rates use case: check who asks, find the scope's issues of the period, apply the formulas."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_reporting.adapters.mongo import ISSUES
from xiuhua_reporting.domain import inhand, rates
from xiuhua_reporting.domain.period import SHANGHAI, Period, PeriodError, parse_period
from xiuhua_reporting.domain.status import DONE
from xiuhua_reporting.rates import access, places
from xiuhua_reporting.rates.schemas import GroupBy, InHandRead, RateFigures, RateGroup, RatesRead, Scope
from xiuhua_runtime import Forbidden, NotFound, Unprocessable

# The row field each grouping reads, and the one holding a name when the directory has none.
_GROUP_FIELD = {"estate": ("estate", None), "member": ("assignee", "assignee_name"),
                "property": ("company", "company_name"), "category": ("category", None),
                "community": ("community", None)}
READ = ["submitted_at", "status", "respond_by", "first_response_at", "resolved_at", "reopened", "solved",
         "satisfaction", "handed_at", "ack_by", "acknowledged_at", "property_done_at", "promises",
         "estate", "assignee", "assignee_name", "company", "company_name", "category", "community"]


@dataclass(frozen=True)
class RatesQuery:
    scope: Scope
    id: str
    start: str | None = None
    end: str | None = None
    group_by: GroupBy | None = None


async def rates_of(*, db: AsyncDatabase, query: RatesQuery, actor: Principal, min_base: int = rates.MIN_BASE,
                   now: datetime | None = None) -> RatesRead:
    """The figures of one scope over one period, and per group when asked; what is in hand now."""
    now = now or datetime.now(UTC)
    place, period, rows = await scoped_rows(db=db, query=query, actor=actor, now=now)
    whole = figures_of(rows, now=now, scope=query.scope)
    groups = await _groups(db, rows, query, now=now) if query.group_by else None
    held = None
    if query.scope != "property":  # a company's work in hand is its own record (promises), not the team's
        held = await in_hand_of(db, access.wall(actor, query.scope, query.id, place), period, now=now)
    return RatesRead(scope=query.scope, id=query.id, name=place.name, from_=period.start.astimezone(SHANGHAI),
                     to=period.end.astimezone(SHANGHAI), group_by=query.group_by, groups=groups,
                     min_base=min_base, small_base=rates.small_base(whole.model_dump(), min_base), in_hand=held,
                     **whole.model_dump())


async def in_hand_of(db: AsyncDatabase, wall: dict[str, Any], period: Period, *, now: datetime) -> InHandRead:
    """在办 as of ``now``: the scope's issues received before the period's end and not done."""
    query = wall | {"submitted_at": {"$lt": period.end}, "status": {"$nin": [*DONE, None]}}
    rows = await db[ISSUES].find(query, dict.fromkeys(inhand.FIELDS, 1), batch_size=10_000).to_list()
    return InHandRead(as_of=now.astimezone(SHANGHAI), **asdict(inhand.in_hand(rows, start=period.start)))


async def scoped_rows(*, db: AsyncDatabase, query: RatesQuery, actor: Principal, now: datetime,
                      fields: list[str] | None = None) -> tuple[access.Place, Period, list[dict[str, Any]]]:
    """Check who asks, then the scope's place, the period and the issue rows received in it."""
    try:
        period = parse_period(query.start, query.end, now=now)
    except PeriodError as exc:
        raise Unprocessable(str(exc), code="invalid_period") from exc
    if access.refused_outright(actor, query.scope, query.id):
        raise Forbidden("无权查看该范围的统计", code="not_your_scope")
    place = await places.locate(db, query.scope, query.id, actor)
    if place is None and access.is_own(actor, query.scope, query.id):
        place = access.Place(actor.community, actor.subdistrict, actor.name)
    if place is None:
        raise NotFound("找不到该统计范围", code="unknown_scope")
    if not access.may_read(actor, query.scope, query.id, place):
        raise Forbidden("无权查看该范围的统计", code="not_your_scope")
    rows = await _rows(db, access.wall(actor, query.scope, query.id, place), period, query.scope, fields or READ)
    return place, period, rows


async def _rows(db: AsyncDatabase, wall: dict[str, Any], period: Period, scope: str,
                fields: list[str]) -> list[dict[str, Any]]:
    clock = "handed_at" if scope == "property" else "submitted_at"
    query = wall | {clock: {"$gte": period.start, "$lt": period.end}}
    return await db[ISSUES].find(query, dict.fromkeys(fields, 1), batch_size=10_000).to_list()


def figures_of(rows: list[dict[str, Any]], *, now: datetime, scope: str) -> RateFigures:
    """The formulas over the rows: the property company's clock runs from the handover."""
    to_case = rates.property_case if scope == "property" else rates.volunteer_case
    cases = [case for case in map(to_case, rows) if case is not None]
    return RateFigures.model_validate(asdict(rates.figures(cases, now=now, promises=scope == "property")))


async def _groups(db: AsyncDatabase, rows: list[dict[str, Any]], query: RatesQuery,
                  *, now: datetime) -> list[RateGroup]:
    field, name_field = _GROUP_FIELD[query.group_by]
    parts: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        parts[row.get(field)].append(row)
    named = await places.names(db, query.group_by, parts)
    fallback = {k: next((r[name_field] for r in rs if r.get(name_field)), None) if name_field else None
                for k, rs in parts.items()}
    order = sorted(parts, key=lambda k: (k is None, k or ""))
    return [RateGroup(key=k, name=named.get(k) or fallback[k],
                      **figures_of(parts[k], now=now, scope=query.scope).model_dump())
            for k in order]
