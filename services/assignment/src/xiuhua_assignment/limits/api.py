"""HTTP routes of the time limits: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from xiuhua_assignment.limits import service
from xiuhua_assignment.limits.domain import Limits
from xiuhua_auth import CurrentUser
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/assignment/v1", tags=["limits"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "no such team"}, 422: {"description": "invalid input"}}
Slug = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


@router.get("/teams/{community}/limits", response_model=Limits, responses=_ERRORS)
async def get_limits(community: Slug, user: CurrentUser, rt: RuntimeDep) -> Limits:
    """Time limits by priority (and category): respond within, resolve within, property acknowledgement."""
    return await service.get_limits(db=rt.db, community=community, actor=user)


@router.put("/teams/{community}/limits", response_model=Limits, responses=_ERRORS)
async def put_limits(community: Slug, body: Limits, user: CurrentUser, rt: RuntimeDep) -> Limits:
    """Set the community's time limits (lead, community staff, subdistrict admin)."""
    return await service.put_limits(db=rt.db, community=community, cmd=body, actor=user)
