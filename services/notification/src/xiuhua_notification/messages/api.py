"""HTTP routes of notification: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from xiuhua_auth import CurrentUser
from xiuhua_notification.messages import service as messages
from xiuhua_notification.messages.schemas import MessagePage, MessageRead, ReceiptCreate
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/notification/v1", tags=["messages"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "not found"}, 422: {"description": "invalid input"}}

Limit = Annotated[int, Query(ge=1, le=200)]
IssueFilter = Annotated[str | None, Query(max_length=64)]


@router.get("/messages", response_model=MessagePage, responses=_ERRORS)
async def get_messages(user: CurrentUser, rt: RuntimeDep, community: Annotated[str, Query(max_length=32)],
                       issue_id: IssueFilter = None, limit: Limit = 50) -> MessagePage:
    """Messages requested for a community (SMS and app pushes) and their delivery status (lead, staff,
    admin); phones are masked unless the role may call residents back."""
    return await messages.list_messages(db=rt.db, community=community, issue_id=issue_id, actor=user, limit=limit)


@router.get("/messages/mine", response_model=MessagePage, responses=_ERRORS)
async def get_my_messages(user: CurrentUser, rt: RuntimeDep, issue_id: IssueFilter = None,
                          limit: Limit = 50) -> MessagePage:
    """Messages sent to the caller, newest first: app pushes to them, and the SMS they received as
    the reporter or a supporter of an issue (login codes are never listed)."""
    return await messages.list_mine(db=rt.db, issue_id=issue_id, actor=user, limit=limit)


@router.post("/receipts", response_model=MessageRead, responses=_ERRORS)
async def post_receipt(body: ReceiptCreate, user: CurrentUser, rt: RuntimeDep) -> MessageRead:
    """A gateway's delivery receipt for a message it was asked to send (by ``out_id``)."""
    return await messages.record_receipt(uow=rt.uow, cmd=body, actor=user)
