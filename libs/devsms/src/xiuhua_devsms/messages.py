"""What the inbox reads of ``xiuhua.notification.sms.requested.v1`` and what it keeps of it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from xiuhua_events import CloudEvent

SMS_REQUESTED = "xiuhua.notification.sms.requested.v1"
_CODE_IN_TEXT = re.compile(r"验证码\D{0,4}(\d{4,8})")


class SmsRequested(BaseModel):
    """The fields the inbox shows (notification's schema has them; others are ignored). The text
    may carry a login code: a validation error must not echo it into a log."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    out_id: str
    phone: str
    template_id: str
    params: dict[str, Any] = {}
    text: str
    community: str = ""
    issue_id: str | None = None


def code_of(sms: SmsRequested) -> str | None:
    """The verification code an SMS carries, to show large: the template's ``code`` parameter,
    or the digits after 验证码 in the text."""
    code = sms.params.get("code")
    if isinstance(code, str) and code.isdigit():
        return code
    found = _CODE_IN_TEXT.search(sms.text)
    return found.group(1) if found else None


def to_entry(event: CloudEvent, *, received_at: datetime | None = None) -> dict[str, Any]:
    """The inbox entry of one ``sms.requested`` event."""
    sms = SmsRequested.model_validate(event.data)
    at = (received_at or datetime.now(UTC)).astimezone(UTC)
    return sms.model_dump() | {"code": code_of(sms), "event_id": event.id,
                               "received_at": at.isoformat(timespec="microseconds")}
