"""The events the gateway reads (the fields it needs of them) and publishes (none: outcomes go to
notification's receipts route, which owns ``notification.delivered`` / ``failed``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from xiuhua_events import EventSpec

SMS_REQUESTED = "xiuhua.notification.sms.requested.v1"


class SmsRequested(BaseModel):
    """The fields the gateway reads of ``sms.requested`` (others are ignored). The parameters may
    carry a login code: a validation error must not echo them into a log."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    out_id: str
    phone: str
    template_id: str
    params: dict[str, Any] = {}


PUBLISHES: list[EventSpec] = []
CONSUMES = [EventSpec(SMS_REQUESTED, SmsRequested, "Send it through the configured provider, once per out id")]
