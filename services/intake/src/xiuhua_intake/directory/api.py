"""HTTP routes of the directory: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from xiuhua_auth import CurrentUser
from xiuhua_intake.directory import service as directory
from xiuhua_intake.directory.schemas import CommunityRead, CommunityUpsert
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1")
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "another community's data"},
           404: {"description": "not found"}, 413: {"description": "body too large"},
           415: {"description": "not JSON"}, 422: {"description": "invalid input"}}

CommunityId = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


@router.put("/communities/{community_id}", response_model=CommunityRead, responses=_ERRORS, tags=["directory"])
async def put_community(community_id: CommunityId, body: CommunityUpsert, user: CurrentUser,
                        rt: RuntimeDep) -> CommunityRead:
    """Create or replace a community with its estates, buildings and public spots (subdistrict admin)."""
    return await directory.upsert_community(db=rt.db, community_id=community_id, cmd=body, actor=user)


@router.get("/communities/{community_id}", response_model=CommunityRead, responses=_ERRORS, tags=["directory"])
async def get_community(community_id: CommunityId, user: CurrentUser, rt: RuntimeDep) -> CommunityRead:
    """A community's estates, buildings and public spots, to pick a place from."""
    return await directory.get_community(db=rt.db, community_id=community_id, actor=user)
