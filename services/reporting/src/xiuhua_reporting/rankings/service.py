"""The rankings use case: the scope's issues of the period, grouped by community or estate, scored."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_reporting.adapters.mongo import COMMUNITIES
from xiuhua_reporting.domain import ranking
from xiuhua_reporting.domain.period import SHANGHAI
from xiuhua_reporting.rankings.schemas import Level, RankingEntry, RankingsRead, WeightsRead
from xiuhua_reporting.rates.service import RatesQuery, figures_of, scoped_rows
from xiuhua_runtime import Unprocessable


async def rankings_of(*, db: AsyncDatabase, scope: str, id: str, level: Level | None, start: str | None,
                      end: str | None, actor: Principal, weights: ranking.Weights, min_received: int,
                      now: datetime | None = None) -> RankingsRead:
    """The scope's communities (subdistrict) or estates ranked over the period."""
    now = now or datetime.now(UTC)
    level = level or ("community" if scope == "subdistrict" else "estate")
    if scope == "community" and level == "community":
        raise Unprocessable("社区范围内只能对小区排名", code="invalid_level")
    _, period, rows = await scoped_rows(db=db, query=RatesQuery(scope=scope, id=id, start=start, end=end),
                                        actor=actor, now=now)
    parts: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get("community") and (level == "community" or row.get("estate")):
            parts[(row["community"], row["community"] if level == "community" else row["estate"])].append(row)
    figures = {key: figures_of(part, now=now, scope="community").model_dump() for key, part in parts.items()}
    names = await _names(db, {c for c, _ in parts})
    entries = []
    for ranked in ranking.rank(list(figures.items()), weights, min_received=min_received):
        community, key = ranked.key
        community_name, estates = names.get(community, (None, {}))
        entries.append(RankingEntry(rank=ranked.rank, score=ranked.score, key=key, community=community,
                                    community_name=community_name,
                                    name=community_name if level == "community" else estates.get(key),
                                    **figures[ranked.key]))
    return RankingsRead(scope=scope, id=id, level=level, from_=period.start.astimezone(SHANGHAI),
                        to=period.end.astimezone(SHANGHAI), weights=WeightsRead(**asdict(weights)),
                        min_received=min_received, entries=entries)


async def _names(db: AsyncDatabase, communities: set[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """Each community's name and its estates' names, from the directory."""
    found = db[COMMUNITIES].find({"_id": {"$in": list(communities)}}, {"name": 1, "estates": 1})
    return {d["_id"]: (d["name"], {e["id"]: e["name"] for e in d.get("estates", [])}) async for d in found}
