"""HTTP routes of tasks: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from xiuhua_assignment.tasks.schemas import (
    Accept,
    Decline,
    Handover,
    Press,
    Progress,
    PropertyUpdate,
    Reassign,
    Resolve,
    TaskPage,
    TaskRead,
    Wait,
)
from xiuhua_assignment.tasks.service import read, steps
from xiuhua_auth import CurrentUser
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/assignment/v1", tags=["tasks"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not yours to take"},
           404: {"description": "no such task"}, 409: {"description": "not in a state that allows it"},
           422: {"description": "invalid input"}}
IssueId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-zA-Z0-9_-]+$")]
Status = Literal["unrouted", "assigned", "in_progress", "with_property", "resolved", "closed", "cancelled"]


@router.get("/tasks", response_model=TaskPage, responses=_ERRORS)
async def get_tasks(
    user: CurrentUser, rt: RuntimeDep,
    community: Annotated[str | None, Query(max_length=32)] = None,
    assignee: Annotated[str | None, Query(max_length=32, description="a member id, or `me`")] = None,
    property: Annotated[Literal["me"] | None, Query(description="`me`: handed to the caller's company")] = None,
    status: Status | None = None, limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> TaskPage:
    """Tasks: `assignee=me` (a member's own, new first then due soonest), `property=me` (handed to the
    caller's property company), or a community's (lead, staff, admin), newest first."""
    return await read.list_tasks(db=rt.db, actor=user, community=community, assignee=assignee, company=property,
                                 status=status, limit=limit)


@router.get("/tasks/{issue_id}", response_model=TaskRead, responses=_ERRORS)
async def get_task(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """Who works on an issue, why it went to them, its time limits, every step and what the caller may do."""
    return await read.get_task(db=rt.db, issue_id=issue_id, actor=user)


@router.post("/tasks/{issue_id}/accept", response_model=TaskRead, responses=_ERRORS)
async def accept(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep, body: Accept | None = None) -> TaskRead:
    """The assignee takes the issue (受理)."""
    return await steps.accept(uow=rt.uow, issue_id=issue_id, actor=user, note=body.note if body else "")


@router.post("/tasks/{issue_id}/decline", response_model=TaskRead, responses=_ERRORS)
async def decline(issue_id: IssueId, body: Decline, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """The assignee hands it back with a reason; routing runs again without them."""
    return await steps.decline(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/tasks/{issue_id}/progress", response_model=TaskRead, responses=_ERRORS)
async def progress(issue_id: IssueId, body: Progress, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """A progress note from the assignee (沟通跟进)."""
    return await steps.progress(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/tasks/{issue_id}/handover", response_model=TaskRead, responses=_ERRORS)
async def handover(issue_id: IssueId, body: Handover, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """Hand the issue to the property company (转物业): what is asked, by when."""
    return await steps.handover(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/tasks/{issue_id}/property", response_model=TaskRead, responses=_ERRORS)
async def property_update(issue_id: IssueId, body: PropertyUpdate, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """The property company's contact: acknowledged, promised a date, or done."""
    return await steps.property_update(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/tasks/{issue_id}/resolve", response_model=TaskRead, responses=_ERRORS)
async def resolve(issue_id: IssueId, body: Resolve, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """The assignee reports it solved (办结), with what was done."""
    return await steps.resolve(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/tasks/{issue_id}/reassign", response_model=TaskRead, responses=_ERRORS)
async def reassign(issue_id: IssueId, body: Reassign, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """The lead (or community staff) gives the task to another member (改派)."""
    return await steps.reassign(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/tasks/{issue_id}/wait", response_model=TaskRead, responses=_ERRORS)
async def wait(issue_id: IssueId, body: Wait, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """The assignee waits on the resident (access, an answer): the resolve clock pauses."""
    return await steps.wait(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/tasks/{issue_id}/resume", response_model=TaskRead, responses=_ERRORS)
async def resume(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """The clock runs again; the resolve limit moves by the time spent waiting."""
    return await steps.resume(uow=rt.uow, issue_id=issue_id, actor=user)


@router.post("/tasks/{issue_id}/press", response_model=TaskRead, responses=_ERRORS)
async def press(issue_id: IssueId, body: Press, user: CurrentUser, rt: RuntimeDep) -> TaskRead:
    """督办: community staff (or the subdistrict's admin) press the task with a note the member and lead see."""
    return await steps.press(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)
