"""HTTP route of the rankings: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from xiuhua_auth import CurrentUser
from xiuhua_reporting.domain import ranking
from xiuhua_reporting.rankings.schemas import Level, RankingsRead
from xiuhua_reporting.rankings.service import rankings_of
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/reporting/v1", tags=["rankings"])

_PERIOD = "a date (Asia/Shanghai midnight) or an ISO datetime; default this month"


@router.get("/rankings", response_model=RankingsRead, summary="Communities or estates ranked by the three rates",
            description=ranking.__doc__,
            responses={401: {"description": "not logged in"}, 403: {"description": "not the caller's scope"},
                       404: {"description": "no event ever mentioned this scope"},
                       422: {"description": "a period that is not one, or estates-only level for a community"}})
async def get_rankings(
    user: CurrentUser, rt: RuntimeDep,
    scope: Annotated[Literal["subdistrict", "community"], Query(description="whose places are ranked")],
    id: Annotated[str, Query(min_length=1, max_length=64)],
    level: Annotated[Level | None, Query(description="community or estate; default community for a "
                                                     "subdistrict, estate for a community")] = None,
    from_: Annotated[str | None, Query(alias="from", max_length=40, description=f"start, inclusive: {_PERIOD}")] = None,
    to: Annotated[str | None, Query(max_length=40, description=f"end, exclusive: {_PERIOD}")] = None,
) -> RankingsRead:
    """Communities (of a subdistrict) or estates ranked by the weighted three rates over a period."""
    s = rt.settings
    weights = ranking.Weights(s.rank_weight_response, s.rank_weight_resolution, s.rank_weight_satisfaction)
    return await rankings_of(db=rt.db, scope=scope, id=id, level=level, start=from_, end=to, actor=user,
                             weights=weights, min_received=s.rank_min_received)
