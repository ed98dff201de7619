"""The hot spots use case: the community's recent issues, grouped by place and category (domain.hotspots)."""

from __future__ import annotations

from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_reporting.adapters.mongo import COMMUNITIES
from xiuhua_reporting.domain import hotspots
from xiuhua_reporting.domain.period import SHANGHAI, PeriodError, parse_moment
from xiuhua_reporting.hotspots.schemas import HotSpotIssue, HotSpotRead, HotSpotsRead, PlaceRef, TaskDraft
from xiuhua_reporting.rates.places import CATEGORIES
from xiuhua_reporting.rates.service import RatesQuery, scoped_rows
from xiuhua_runtime import Unprocessable

_FIELDS = ["estate", "place", "place_text", "category", "submitted_at", "status", "number", "title", "channel"]
_SHOWN = 20


async def hotspots_of(*, db: AsyncDatabase, community: str, at: str | None, rules: hotspots.Rules,
                      actor: Principal, now: datetime | None = None) -> HotSpotsRead:
    """The community's hot spots as of ``at`` (default now)."""
    now = now or datetime.now(UTC)
    try:
        end = parse_moment(at, "at") if at else now
    except PeriodError as exc:
        raise Unprocessable(str(exc), code="invalid_period") from exc
    start = hotspots.since(end, rules)
    query = RatesQuery(scope="community", id=community, start=start.isoformat(), end=end.isoformat())
    _, _, rows = await scoped_rows(db=db, query=query, actor=actor, now=now, fields=_FIELDS)
    found = hotspots.hotspots(rows, at=end, rules=rules)
    doc = await db[COMMUNITIES].find_one({"_id": community}, {"estates": 1}) or {}
    estates = {e["id"]: e["name"] for e in doc.get("estates", [])}
    return HotSpotsRead(community=community, at=end.astimezone(SHANGHAI), weeks=rules.weeks,
                        min_issues=rules.min_issues, months=rules.months,
                        items=[_read(h, community, estates) for h in found])


def _issue(row: dict) -> HotSpotIssue:
    return HotSpotIssue(id=row["_id"], number=row.get("number"), title=row.get("title"), status=row.get("status"),
                        channel=row.get("channel"), submitted_at=row["submitted_at"].astimezone(SHANGHAI))


def _read(spot: hotspots.HotSpot, community: str, estates: dict[str, str]) -> HotSpotRead:
    label = CATEGORIES.get(spot.category, spot.category)
    where = spot.place_text or f"{estates.get(spot.estate, spot.estate)} {spot.place[1]}"
    numbers = "、".join(r.get("number") or r["_id"][:8] for r in spot.issues[:10])
    draft = TaskDraft(community=community, estate=spot.estate, place={spot.place[0]: spot.place[1]},
                      category=spot.category, title=f"{where} {label}问题反复出现，主动排查"[:60],
                      description=f"未诉先办：近期同一位置的{label}问题 {len(spot.issues)} 件（{numbers}）。"[:2000])
    return HotSpotRead(estate=spot.estate, estate_name=estates.get(spot.estate), place=PlaceRef(kind=spot.place[0],
                       id=spot.place[1]), place_text=spot.place_text, category=spot.category, category_label=label,
                       kinds=spot.kinds, in_window=spot.in_window, months=spot.months,
                       issues=[_issue(r) for r in spot.issues[:_SHOWN]], total=len(spot.issues),
                       acted=_issue(spot.acted) if spot.acted else None, draft=draft)
