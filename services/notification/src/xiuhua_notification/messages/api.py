"""HTTP routes of the message log: a community's messages, one's own, the deliveries planned for an
issue or a person, and the gateways' receipts (thin — parse, call the use case, return)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from xiuhua_auth import CurrentUser
from xiuhua_notification.messages import deliveries
from xiuhua_notification.messages import service as messages
from xiuhua_notification.messages.schemas import DeliveryPage, MessagePage, MessageRead, ReceiptCreate
from xiuhua_runtime.deps import RuntimeDep

# Tags per route: the API document lists the delivery log under "people", beside the preferences.
router = APIRouter(prefix="/notification/v1")
_ERRORS = {401: {"description": "not logged in"}, 403: {"description": "not allowed"},
           404: {"description": "not found"}, 422: {"description": "invalid input"}}

Limit = Annotated[int, Query(ge=1, le=200)]
IssueFilter = Annotated[str | None, Query(max_length=64)]


@router.get("/messages", response_model=MessagePage, responses=_ERRORS, tags=["messages"])
async def get_messages(user: CurrentUser, rt: RuntimeDep, community: Annotated[str, Query(max_length=32)],
                       issue_id: IssueFilter = None, limit: Limit = 50) -> MessagePage:
    """Messages requested for a community (SMS and app pushes) and their delivery status (lead, staff,
    admin); phones are masked unless the role may call residents back."""
    return await messages.list_messages(db=rt.db, community=community, issue_id=issue_id, actor=user, limit=limit)


@router.get("/messages/mine", response_model=MessagePage, responses=_ERRORS, tags=["messages"])
async def get_my_messages(user: CurrentUser, rt: RuntimeDep, issue_id: IssueFilter = None,
                          limit: Limit = 50) -> MessagePage:
    """Messages sent to the caller, newest first: app pushes to them, and the SMS they received as
    the reporter or a supporter of an issue (login codes are never listed)."""
    return await messages.list_mine(db=rt.db, issue_id=issue_id, actor=user, limit=limit)


@router.post("/receipts", response_model=MessageRead, responses=_ERRORS, tags=["messages"])
async def post_receipt(body: ReceiptCreate, user: CurrentUser, rt: RuntimeDep) -> MessageRead:
    """A gateway's delivery receipt for a message it was asked to send (by ``out_id``)."""
    return await messages.record_receipt(uow=rt.uow, cmd=body, actor=user)


@router.get("/deliveries", response_model=DeliveryPage, responses=_ERRORS, tags=["people"])
async def get_deliveries(user: CurrentUser, rt: RuntimeDep, issue_id: IssueFilter = None,
                         person: Annotated[str | None, Query(max_length=64, description="me")] = None,
                         limit: Annotated[int, Query(ge=1, le=500)] = 100) -> DeliveryPage:
    """What was planned for an issue (its community's lead and staff) or for the caller (``person=me``):
    sent, waiting for quiet hours or the hourly limit, merged, muted, delivered or failed; phones masked."""
    return await deliveries.list_deliveries(db=rt.db, issue_id=issue_id, person=person, actor=user, limit=limit)
