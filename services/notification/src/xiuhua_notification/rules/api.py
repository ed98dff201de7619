"""HTTP routes of a community's rule table: who is told of each kind of news, through which
channels (thin — parse, call the use case, return)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from xiuhua_auth import CurrentUser
from xiuhua_notification.rules import service as rules
from xiuhua_notification.rules.schemas import RuleTableRead, RuleTableWrite
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/notification/v1/communities/{community}", tags=["settings"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "not found"}, 422: {"description": "invalid input"}}

# The community whose notification settings (rules, wording, robots) a route reads or changes.
Community = Annotated[str, Path(max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get("/rules", response_model=RuleTableRead, responses=_ERRORS)
async def get_rules(community: Community, user: CurrentUser, rt: RuntimeDep) -> RuleTableRead:
    """Who is told of each kind of news and through which channels (lead, staff, the subdistrict's admin)."""
    return await rules.get_rules(db=rt.db, community=community, actor=user)


@router.put("/rules", response_model=RuleTableRead, responses=_ERRORS)
async def put_rules(community: Community, body: RuleTableWrite, user: CurrentUser, rt: RuntimeDep) -> RuleTableRead:
    """Change the community's table (staff, the subdistrict's admin); kinds left out keep the defaults."""
    return await rules.put_rules(db=rt.db, community=community, cmd=body, actor=user)


@router.delete("/rules", response_model=RuleTableRead, responses=_ERRORS)
async def reset_rules(community: Community, user: CurrentUser, rt: RuntimeDep) -> RuleTableRead:
    """Back to the platform's default rules."""
    return await rules.reset_rules(db=rt.db, community=community, actor=user)
