"""HTTP routes of assignment: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from xiuhua_assignment.schemas import MemberList, MemberRead, MemberUpsert, TaskPage, TaskRead, TeamRead, TeamUpsert
from xiuhua_assignment.service import roster, tasks
from xiuhua_auth import CurrentUser
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/assignment/v1")
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "not found"}, 409: {"description": "conflict"},
           422: {"description": "invalid input"}}

Slug = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


@router.put("/teams/{community}", response_model=TeamRead, responses=_ERRORS, tags=["roster"])
async def put_team(community: Slug, body: TeamUpsert, user: CurrentUser, rt: RuntimeDep) -> TeamRead:
    """Create or rename a community's self-governance team (自治服务队)."""
    return await roster.upsert_team(db=rt.db, community=community, cmd=body, actor=user)


@router.put("/teams/{community}/members/{member_id}", response_model=MemberRead, responses=_ERRORS,
            tags=["roster"])
async def put_member(community: Slug, member_id: Slug, body: MemberUpsert, user: CurrentUser,
                     rt: RuntimeDep) -> MemberRead:
    """Add a member or change the areas they are in charge of (分管)."""
    return await roster.upsert_member(db=rt.db, community=community, member_id=member_id, cmd=body, actor=user)


@router.get("/teams/{community}/members", response_model=MemberList, responses=_ERRORS, tags=["roster"])
async def get_members(community: Slug, user: CurrentUser, rt: RuntimeDep) -> MemberList:
    """The team roster."""
    return await roster.list_members(db=rt.db, community=community, actor=user)


@router.get("/tasks", response_model=TaskPage, responses=_ERRORS, tags=["tasks"])
async def get_tasks(user: CurrentUser, rt: RuntimeDep, community: Annotated[str, Query(max_length=32)],
                    assignee: Annotated[str | None, Query(max_length=32)] = None,
                    limit: Annotated[int, Query(ge=1, le=200)] = 50) -> TaskPage:
    """A community's tasks, newest first."""
    return await tasks.list_tasks(db=rt.db, community=community, assignee=assignee, actor=user, limit=limit)


@router.get("/tasks/{issue_id}", response_model=TaskRead, responses=_ERRORS, tags=["tasks"])
async def get_task(issue_id: Annotated[str, Path(max_length=64)], user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """Who works on an issue and why it went to them."""
    return await tasks.get_task(db=rt.db, issue_id=issue_id, actor=user)
