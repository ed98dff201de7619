"""What the HTTP API of notification takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ReceiptCreate(BaseModel):
    """A delivery receipt posted by an SMS or app gateway."""

    model_config = ConfigDict(extra="forbid")

    out_id: str = Field(min_length=1, max_length=80)
    status: Literal["delivered", "failed"]
    error_code: str | None = Field(default=None, max_length=40)
    error_message: str | None = Field(default=None, max_length=200)


class MessageRead(BaseModel):
    """A message requested of a gateway, with its delivery status (a login code shows as ******)."""

    out_id: str
    channel: Literal["sms", "push"]
    to: str | None = Field(description="phone (masked unless the role needs it) or user id")
    template_id: str | None
    title: str | None = Field(default=None, description="an app push's title line")
    text: str
    deep_link: str | None = Field(default=None, description="the page the message points to")
    issue_id: str | None
    status: str
    created_at: datetime
    updated_at: datetime


class MessagePage(BaseModel):
    items: list[MessageRead]
