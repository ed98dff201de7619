"""HTTP route of the hot spots: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from xiuhua_auth import CurrentUser
from xiuhua_reporting.domain import hotspots as definitions
from xiuhua_reporting.hotspots.schemas import HotSpotsRead
from xiuhua_reporting.hotspots.service import hotspots_of
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/reporting/v1", tags=["hotspots"])


@router.get("/hotspots", response_model=HotSpotsRead, summary="Hot spots (未诉先办): recurring places and categories",
            description=definitions.__doc__,
            responses={401: {"description": "not logged in"}, 403: {"description": "not the caller's community"},
                       404: {"description": "no event ever mentioned this community"},
                       422: {"description": "a time that is not one, or a rule out of bounds"}})
async def get_hotspots(
    user: CurrentUser, rt: RuntimeDep,
    community: Annotated[str, Query(min_length=1, max_length=32)],
    at: Annotated[str | None, Query(max_length=40, description="end of the window (exclusive): a date or an ISO "
                                                                 "datetime, Asia/Shanghai; default now")] = None,
    weeks: Annotated[int | None, Query(ge=1, le=52, description="default HOTSPOT_WEEKS")] = None,
    min_issues: Annotated[int | None, Query(ge=2, le=100, description="default HOTSPOT_MIN_ISSUES")] = None,
    months: Annotated[int | None, Query(ge=0, le=12, description="default HOTSPOT_MONTHS; 0: no monthly rule")] = None,
) -> HotSpotsRead:
    """Places and categories that keep coming back in a community, with their issues (lead, staff, admin)."""
    s = rt.settings
    rules = definitions.Rules(weeks=weeks or s.hotspot_weeks, min_issues=min_issues or s.hotspot_min_issues,
                              months=s.hotspot_months if months is None else months)
    return await hotspots_of(db=rt.db, community=community, at=at, rules=rules, actor=user)
