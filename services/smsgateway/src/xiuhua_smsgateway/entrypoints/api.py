"""HTTP routes of the gateway: the providers' delivery receipts. Thin: parse, call, answer in the
provider's own words (a provider posts a receipt again until it hears its success answer)."""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from xiuhua_runtime import ApiError, Unauthorized
from xiuhua_runtime.deps import RuntimeDep
from xiuhua_smsgateway import receipts
from xiuhua_smsgateway.domain.receipts import ACCEPTED, PARSERS, REFUSED, BadReceipt
from xiuhua_smsgateway.notifier import NotificationUnavailable

router = APIRouter(prefix="/smsgateway/v1", tags=["receipts"])
_ERRORS = {400: {"description": "not the provider's receipt"}, 401: {"description": "wrong receipt token"},
           503: {"description": "notification did not take the receipts: post them again later"}}


class BadBody(ApiError):
    status = 400


@router.post("/receipts/{provider}", responses=_ERRORS, response_model=dict[str, int | str])
async def post_receipts(provider: Literal["aliyun", "tencent"], request: Request, rt: RuntimeDep,
                        token: Annotated[str, Query(max_length=200)] = "") -> JSONResponse:
    """Delivery receipts as the provider pushes them: Aliyun SmsReport or Tencent Cloud's status
    callback, a JSON array; each becomes the message's delivered / failed status in notification."""
    expected = rt.settings.sms_receipt_token  # never empty: the service does not start without it
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):  # constant time
        raise Unauthorized("回执地址的令牌不正确", code="bad_receipt_token")
    try:
        parsed = PARSERS[provider](json.loads(await request.body()))
    except (ValueError, BadReceipt) as exc:
        raise BadBody(f"不是{provider}的送达回执：{exc}"[:200], code="bad_receipt") from None
    try:
        await receipts.take_receipts(uow=rt.uow, receipts=parsed, notifier=request.app.state.notifier)
    except NotificationUnavailable:
        return JSONResponse(REFUSED[provider], status_code=503)
    return JSONResponse(ACCEPTED[provider])
