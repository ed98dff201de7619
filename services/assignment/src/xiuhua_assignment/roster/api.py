"""HTTP routes of the roster: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from xiuhua_assignment.roster import service as roster
from xiuhua_assignment.roster.schemas import Away, MemberList, MemberRead, MemberUpsert, TeamRead, TeamUpsert
from xiuhua_auth import CurrentUser
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/assignment/v1", tags=["roster"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "not found"}, 409: {"description": "conflict"},
           422: {"description": "invalid input"}}

Slug = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


@router.put("/teams/{community}", response_model=TeamRead, responses=_ERRORS)
async def put_team(community: Slug, body: TeamUpsert, user: CurrentUser, rt: RuntimeDep) -> TeamRead:
    """Create or rename a community's self-governance team (自治服务队)."""
    return await roster.upsert_team(db=rt.db, community=community, cmd=body, actor=user)


@router.put("/teams/{community}/members/{member_id}", response_model=MemberRead, responses=_ERRORS)
async def put_member(community: Slug, member_id: Slug, body: MemberUpsert, user: CurrentUser,
                     rt: RuntimeDep) -> MemberRead:
    """Add a member or change the areas they are in charge of (分管); one phone names one person, and an id
    names one phone for good: the id of anyone else on the platform, or a member's id with another phone,
    answers 409 `person_id_taken`; demoting or deactivating the last active lead answers 409 `last_lead`."""
    return await roster.upsert_member(uow=rt.uow, community=community, member_id=member_id, cmd=body, actor=user)


@router.put("/teams/{community}/members/{member_id}/away", response_model=MemberRead, responses=_ERRORS)
async def put_away(community: Slug, member_id: Slug, body: Away, user: CurrentUser, rt: RuntimeDep) -> MemberRead:
    """The member pauses new tasks (暂停接单) or takes them again — themselves, or the lead for them;
    routing passes them by while away, as on their days of leave."""
    return await roster.set_away(uow=rt.uow, community=community, member_id=member_id, cmd=body, actor=user)


@router.delete("/teams/{community}/members/{member_id}", status_code=204, responses=_ERRORS)
async def delete_member(community: Slug, member_id: Slug, user: CurrentUser, rt: RuntimeDep) -> Response:
    """Take a member off the roster; they lose the member role at their next token refresh. Their id is
    never given to anyone else; the last active lead cannot be removed (409 `last_lead`)."""
    await roster.remove_member(uow=rt.uow, community=community, member_id=member_id, actor=user)
    return Response(status_code=204)


@router.get("/teams/{community}/members", response_model=MemberList, responses=_ERRORS)
async def get_members(community: Slug, user: CurrentUser, rt: RuntimeDep) -> MemberList:
    """The team roster with each member's areas and open tasks (phones whole for the team, its staff
    and the subdistrict's admins, who keep the lead; masked for anyone else)."""
    return await roster.list_members(db=rt.db, community=community, actor=user)
