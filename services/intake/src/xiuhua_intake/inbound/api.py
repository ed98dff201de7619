"""HTTP routes for gateways: an SMS or a chat-group message becomes a report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header

from xiuhua_auth import CurrentUser
from xiuhua_intake.inbound import service
from xiuhua_intake.inbound.schemas import InboundAnswer, InboundChat, InboundSms
from xiuhua_runtime.deps import RuntimeDep

router = APIRouter(prefix="/intake/v1/inbound", tags=["gateways"])
_ERRORS = {403: {"description": "not a gateway, or another subdistrict"},
           422: {"description": "invalid input, no Idempotency-Key, or no way to tell the estate"},
           429: {"description": "too many reports from one phone"}}
Key = Annotated[str | None, Header(max_length=64, description="required: a retry returns the first answer")]


@router.post("/sms", status_code=201, response_model=InboundAnswer, responses=_ERRORS)
async def inbound_sms(body: InboundSms, user: CurrentUser, rt: RuntimeDep,
                      idempotency_key: Key = None) -> InboundAnswer:
    """An SMS to the community's number (短信报事): category and place read from the text."""
    return await service.take_in(uow=rt.uow, limiter=rt.limiter, cmd=body, actor=user,
                                 hourly_limit=rt.settings.submissions_per_phone_hour, idempotency_key=idempotency_key)


@router.post("/chat", status_code=201, response_model=InboundAnswer, responses=_ERRORS)
async def inbound_chat(body: InboundChat, user: CurrentUser, rt: RuntimeDep,
                       idempotency_key: Key = None) -> InboundAnswer:
    """A message in the owners' group (业主群) addressed to the team; ``reply`` is to be posted back."""
    return await service.take_in(uow=rt.uow, limiter=rt.limiter, cmd=body, actor=user,
                                 hourly_limit=rt.settings.submissions_per_phone_hour, idempotency_key=idempotency_key)
