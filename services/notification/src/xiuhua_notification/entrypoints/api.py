"""HTTP routes of notification: thin — parse, call the use case, return."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from xiuhua_auth import CurrentUser
from xiuhua_notification.schemas import MessagePage, MessageRead, ReceiptCreate
from xiuhua_notification.service import messages
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/notification/v1", tags=["messages"])
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "not found"}, 422: {"description": "invalid input"}}



@router.get("/messages", response_model=MessagePage, responses=_ERRORS)
async def get_messages(user: CurrentUser, rt: RuntimeDep, community: Annotated[str, Query(max_length=32)],
                       issue_id: Annotated[str | None, Query(max_length=64)] = None,
                       limit: Annotated[int, Query(ge=1, le=200)] = 50) -> MessagePage:
    """Messages requested for a community (SMS and app pushes) and their delivery status."""
    return await messages.list_messages(db=rt.db, community=community, issue_id=issue_id, actor=user, limit=limit)


@router.post("/receipts", response_model=MessageRead, responses=_ERRORS)
async def post_receipt(body: ReceiptCreate, user: CurrentUser, rt: RuntimeDep) -> MessageRead:
    """A gateway's delivery receipt for a message it was asked to send (by ``out_id``)."""
    return await messages.record_receipt(uow=rt.uow, cmd=body, actor=user)
