"""Figures for a community: how many issues, in which state, how fast they were taken up."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_reporting.adapters.mongo import ISSUES
from xiuhua_reporting.domain.status import is_open
from xiuhua_reporting.metrics.schemas import CommunityMetrics
from xiuhua_runtime import Forbidden


async def community_metrics(*, db: AsyncDatabase, community: str, actor: Principal) -> CommunityMetrics:
    """Counts by status and category, and the mean time to assignment."""
    sample = await db[ISSUES].find_one({"community": community, "subdistrict": {"$exists": True}},
                                       {"subdistrict": 1})
    if not actor.can_access(community=community, subdistrict=sample["subdistrict"] if sample else None):
        raise Forbidden("无权查看该社区的统计")
    pipeline = [
        {"$match": {"community": community, "submitted_at": {"$exists": True}}},
        {"$facet": {
            "by_status": [{"$group": {"_id": "$status", "n": {"$sum": 1}}}],
            "by_category": [{"$group": {"_id": "$category", "n": {"$sum": 1}}}],
            "to_assign": [
                {"$match": {"assigned_at": {"$exists": True}}},
                {"$group": {"_id": None, "ms": {"$avg": {"$subtract": ["$assigned_at", "$submitted_at"]}}}},
            ],
        }},
    ]
    [facets] = [row async for row in await db[ISSUES].aggregate(pipeline)]
    by_status = {r["_id"]: r["n"] for r in facets["by_status"]}
    by_category = {r["_id"]: r["n"] for r in facets["by_category"]}
    to_assign = facets["to_assign"][0]["ms"] / 60_000 if facets["to_assign"] else None
    return CommunityMetrics(
        community=community, total=sum(by_status.values()),
        open=sum(n for s, n in by_status.items() if is_open(s)), assigned=by_status.get("assigned", 0),
        by_status=by_status, by_category=by_category,
        avg_minutes_to_assign=round(to_assign, 2) if to_assign is not None else None,
    )
