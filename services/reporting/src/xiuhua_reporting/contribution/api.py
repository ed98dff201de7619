"""HTTP route of the contribution: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from xiuhua_auth import CurrentUser
from xiuhua_reporting.contribution.schemas import ContributionRead
from xiuhua_reporting.contribution.service import contribution_of
from xiuhua_reporting.domain import contribution as definitions
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/reporting/v1", tags=["contribution"])

_PERIOD = "a date (Asia/Shanghai midnight) or an ISO datetime; default this month"


@router.get("/contribution", response_model=ContributionRead,
            summary="Volunteers' contribution (挖掘能人): members' work, residents who report and support most",
            description=definitions.__doc__,
            responses={401: {"description": "not logged in"}, 403: {"description": "not the caller's community"},
                       404: {"description": "no event ever mentioned this community"},
                       422: {"description": "a period that is not one"}})
async def get_contribution(
    user: CurrentUser, rt: RuntimeDep,
    community: Annotated[str, Query(min_length=1, max_length=32)],
    from_: Annotated[str | None, Query(alias="from", max_length=40, description=f"start, inclusive: {_PERIOD}")] = None,
    to: Annotated[str | None, Query(max_length=40, description=f"end, exclusive: {_PERIOD}")] = None,
    top: Annotated[int | None, Query(ge=1, le=100, description="residents per estate; default CONTRIBUTION_TOP")]
    = None,
) -> ContributionRead:
    """Per member: tasks handled, response time, thanks, ratings; per estate: the most active residents."""
    return await contribution_of(db=rt.db, community=community, start=from_, end=to,
                                 top=top or rt.settings.contribution_top, actor=user)
