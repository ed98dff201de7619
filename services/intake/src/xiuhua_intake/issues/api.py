"""HTTP routes on issues: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Request

from xiuhua_auth import CurrentUser
from xiuhua_intake.issues.domain.status import Status
from xiuhua_intake.issues.schemas import (
    Comment,
    IssueCreate,
    IssuePage,
    IssueRead,
    Merge,
    Rating,
    Reject,
    Reopen,
    Support,
    Timeline,
    Triage,
)
from xiuhua_intake.issues.service import read, steps, submit
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1", tags=["issues"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed (another community's data, "
                                                                       "or a step that is not the caller's)"},
           404: {"description": "not found"}, 409: {"description": "not in a state that allows the step"},
           413: {"description": "body too large"}, 415: {"description": "not JSON"},
           422: {"description": "invalid input"}, 429: {"description": "too many reports from one phone"}}

IssueId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-zA-Z0-9_-]+$")]


@router.post("/issues", status_code=201, response_model=IssueRead, responses=_ERRORS)
async def submit_issue(
    body: IssueCreate, user: CurrentUser, rt: RuntimeDep, request: Request,
    idempotency_key: Annotated[str | None, Header(max_length=64, description="resends return the first report")] = None,
) -> IssueRead:
    """Report a problem (业主反映问题): where it is, what it is, and how to reach the reporter."""
    if user.role != "gateway":  # a gateway speaks for many phones from one address
        await rt.limiter.hit(f"submit:ip:{request.client.host if request.client else '-'}",
                             limit=rt.settings.submissions_per_ip_hour, window_seconds=3600)
    return await submit.submit_issue(uow=rt.uow, limiter=rt.limiter, cmd=body, actor=user,
                                     hourly_limit=rt.settings.submissions_per_phone_hour,
                                     idempotency_key=idempotency_key)


@router.get("/issues", response_model=IssuePage, responses=_ERRORS)
async def list_issues(
    user: CurrentUser, rt: RuntimeDep,
    community: Annotated[str, Query(min_length=1, max_length=32)],
    status: Status | None = None, mine: bool = False,
    estate: Annotated[str | None, Query(max_length=32)] = None,
    open: Annotated[bool, Query(description="only issues the team is still working on")] = False,
    untriaged: Annotated[bool, Query(description="the lead's inbox: not sorted yet")] = False,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1, size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> IssuePage:
    """A community's issues, newest first; ``mine`` keeps the caller's own reports, ``open`` those in hand,
    ``untriaged`` the lead's inbox."""
    return await read.list_issues(db=rt.db, actor=user, community=community, status=status, mine=mine,
                                  estate=estate, open_only=open, untriaged=untriaged, page=page, size=size)


@router.get("/issues/{issue_id}", response_model=IssueRead, responses=_ERRORS)
async def get_issue(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> IssueRead:
    """One issue with its status, assignee, place and the steps the caller may take; phone numbers masked
    unless the caller calls the reporter back."""
    return await read.get_issue(db=rt.db, issue_id=issue_id, actor=user)


@router.get("/issues/{issue_id}/timeline", response_model=Timeline, responses=_ERRORS)
async def get_timeline(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> Timeline:
    """Every step of the issue in order: when, who (name and role), what, why."""
    return await read.timeline(db=rt.db, issue_id=issue_id, actor=user)


@router.post("/issues/{issue_id}/triage", response_model=IssueRead, responses=_ERRORS)
async def triage(issue_id: IssueId, body: Triage, user: CurrentUser, rt: RuntimeDep) -> IssueRead:
    """The lead (or community staff) sorts a report: category and priority (紧急/一般)."""
    return await steps.triage(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/issues/{issue_id}/reject", response_model=IssueRead, responses=_ERRORS)
async def reject(issue_id: IssueId, body: Reject, user: CurrentUser, rt: RuntimeDep) -> IssueRead:
    """The lead does not accept a report (不予受理), with the reason the reporter is told."""
    return await steps.reject(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/issues/{issue_id}/merge", response_model=IssueRead, responses=_ERRORS)
async def merge(issue_id: IssueId, body: Merge, user: CurrentUser, rt: RuntimeDep) -> IssueRead:
    """The lead folds a duplicate `into` another open issue; its people follow that one."""
    return await steps.merge(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/issues/{issue_id}/support", response_model=IssueRead, responses=_ERRORS)
async def support(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep, body: Support | None = None) -> IssueRead:
    """A resident of the estate says "me too" (附议) and hears of its progress."""
    return await steps.support(uow=rt.uow, issue_id=issue_id, cmd=body or Support(), actor=user)


@router.post("/issues/{issue_id}/comments", response_model=IssueRead, responses=_ERRORS)
async def comments(issue_id: IssueId, body: Comment, user: CurrentUser, rt: RuntimeDep) -> IssueRead:
    """A comment on the thread, by anyone who may see the issue."""
    return await steps.comment(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/issues/{issue_id}/confirm", response_model=IssueRead, responses=_ERRORS)
async def confirm(issue_id: IssueId, user: CurrentUser, rt: RuntimeDep) -> IssueRead:
    """The reporter confirms a resolved issue is fixed; it closes."""
    return await steps.confirm(uow=rt.uow, issue_id=issue_id, actor=user)


@router.post("/issues/{issue_id}/reopen", response_model=IssueRead, responses=_ERRORS)
async def reopen(issue_id: IssueId, body: Reopen, user: CurrentUser, rt: RuntimeDep) -> IssueRead:
    """The reporter reopens a resolved issue within the community's window (default 7 days), saying why."""
    return await steps.reopen(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)


@router.post("/issues/{issue_id}/rating", response_model=IssueRead, responses=_ERRORS)
async def rating(issue_id: IssueId, body: Rating, user: CurrentUser, rt: RuntimeDep) -> IssueRead:
    """The return visit (回访), once: solved or not, and 满意 / 基本满意 / 不满意 with a comment."""
    return await steps.rate(uow=rt.uow, issue_id=issue_id, cmd=body, actor=user)
