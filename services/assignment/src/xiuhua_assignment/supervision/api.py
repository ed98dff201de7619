"""HTTP routes of supervision (督办台) and of the property companies' record: thin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from xiuhua_assignment.promises.record import Record, property_record
from xiuhua_assignment.supervision.board import Supervision, supervision
from xiuhua_auth import CurrentUser
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/assignment/v1", tags=["supervision"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "no such team"}, 422: {"description": "invalid input"}}
Slug = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


@router.get("/supervision", response_model=Supervision, responses=_ERRORS)
async def get_supervision(
    user: CurrentUser, rt: RuntimeDep,
    community: Annotated[str | None, Query(max_length=32, description="empty: the admin's whole subdistrict")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> Supervision:
    """督办台: overdue tasks first (longest overdue on top), then those nobody could take (待派单), then due
    within a day, pressed, offered back by a silent member, or with a broken promise of the property
    company; with counts of each."""
    return await supervision(db=rt.db, actor=user, community=community, limit=limit)


@router.get("/teams/{community}/property-record", response_model=Record, responses=_ERRORS)
async def get_property_record(community: Slug, user: CurrentUser, rt: RuntimeDep) -> Record:
    """Each property company's record here: hand-overs, late acknowledgements, promises kept and broken,
    median days to done, and its open promises (lead, staff, admin; a company sees its own)."""
    return await property_record(db=rt.db, community=community, actor=user)
