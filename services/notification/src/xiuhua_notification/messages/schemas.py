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
    channel: Literal["sms", "push", "group"]
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


class DeliveryRead(BaseModel):
    """One message planned for a person (or an owners' group) and what became of it."""

    out_id: str
    channel: Literal["sms", "push", "group"]
    to: str | None = Field(description="phone (always masked), user id, or estate:<id>")
    template_id: str | None
    title: str | None = None
    text: str
    issue_id: str | None
    status: Literal["requested", "pending", "merged", "muted", "dropped", "delivered", "failed"] = Field(
        description="requested: handed to the gateway; pending: waiting (quiet hours, hourly limit); merged: "
                    "sent inside a digest; muted: not sent (the person muted the issue or refused every channel, "
                    "or the phone is not proven theirs); dropped: waited, and no longer held when it could go")
    reason: str | None = Field(default=None, description="quiet, rate, merge, muted, channels_off, unverified (an SMS "
                                                          "to a phone not proven its owner's: never sent), outdated "
                                                          "(dropped: a later fact of the issue contradicts it)")
    outdated_by: str | None = Field(default=None, description="dropped: the later fact that made it untrue (confirmed, "
                                                              "rated, closed, reopened, assigned, resolved, merged, "
                                                              "rejected, declined, property)")
    not_before: datetime | None = Field(default=None, description="when a pending message may go")
    merged_into: str | None = None
    digest_of: int | None = Field(default=None, description="a digest: how many messages it carries")
    error_code: str | None = None
    created_at: datetime
    sent_at: datetime | None = None
    updated_at: datetime


class DeliveryPage(BaseModel):
    items: list[DeliveryRead]
