"""HTTP routes on issues: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query

from xiuhua_auth import CurrentUser
from xiuhua_intake.issues import service as issues
from xiuhua_intake.issues.domain.status import Status
from xiuhua_intake.issues.schemas import IssueCreate, IssuePage, IssueRead
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1")
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "another community's data"},
           404: {"description": "not found"}, 413: {"description": "body too large"},
           415: {"description": "not JSON"}, 422: {"description": "invalid input"},
           429: {"description": "too many reports from one phone"}}

IssueId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-zA-Z0-9_-]+$")]


@router.post("/issues", status_code=201, response_model=IssueRead, responses=_ERRORS, tags=["issues"])
async def submit_issue(
    body: IssueCreate, user: CurrentUser, rt: RuntimeDep,
    idempotency_key: Annotated[str | None, Header(max_length=64, description="resends return the first report")] = None,
) -> IssueRead:
    """Report a problem (业主反映问题): where it is, what it is, and how to reach the reporter."""
    return await issues.submit_issue(uow=rt.uow, limiter=rt.limiter, cmd=body, actor=user,
                                     hourly_limit=rt.settings.submissions_per_phone_hour,
                                     idempotency_key=idempotency_key)


@router.get("/issues", response_model=IssuePage, responses=_ERRORS, tags=["issues"])
async def list_issues(
    user: CurrentUser, rt: RuntimeDep,
    community: Annotated[str, Query(min_length=1, max_length=32)],
    status: Status | None = None, mine: bool = False,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1, size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> IssuePage:
    """A community's issues, newest first; ``mine`` keeps only the caller's own reports."""
    return await issues.list_issues(db=rt.db, actor=user, community=community, status=status, mine=mine,
                                    page=page, size=size)


@router.get("/issues/{issue_id}", response_model=IssueRead, responses=_ERRORS, tags=["issues"])
async def get_issue(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> IssueRead:
    """One issue with its status, assignee and place; phone numbers masked unless the role needs them."""
    return await issues.get_issue(db=rt.db, issue_id=issue_id, actor=user)
