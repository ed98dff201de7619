"""Events notification publishes (its own schemas) and the fields it reads of those it consumes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from xiuhua_events import EventSpec

SOURCE = "/xiuhua/notification"
ISSUE_SUBMITTED = "xiuhua.issue.submitted.v1"
TASK_ASSIGNED = "xiuhua.task.assigned.v1"
SMS_REQUESTED = "xiuhua.notification.sms.requested.v1"
PUSH_REQUESTED = "xiuhua.notification.push.requested.v1"
DELIVERED = "xiuhua.notification.delivered.v1"
FAILED = "xiuhua.notification.failed.v1"


class _Reader(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Contact(_Reader):
    name: str
    phone: str


class IssueSubmitted(_Reader):
    issue_id: str
    community: str
    subdistrict: str
    title: str
    place_text: str = ""
    reporter: Contact


class AssigneeRef(_Reader):
    id: str
    name: str


class TaskAssigned(_Reader):
    issue_id: str
    community: str
    title: str
    place_text: str = ""
    assignee: AssigneeRef


class SmsRequested(BaseModel):
    out_id: str
    phone: str
    template_id: str
    params: dict[str, str]
    text: str
    community: str
    issue_id: str | None = None


class PushRequested(BaseModel):
    out_id: str
    user_id: str
    title: str
    body: str
    deep_link: str
    community: str
    issue_id: str | None = None


class DeliveryOutcome(BaseModel):
    out_id: str
    channel: Literal["sms", "push"]
    status: Literal["delivered", "failed"]
    community: str
    issue_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    at: datetime


PUBLISHES = [
    EventSpec(SMS_REQUESTED, SmsRequested, "For SMS gateways: send this template to this phone"),
    EventSpec(PUSH_REQUESTED, PushRequested, "For app gateways: push this message to this user"),
    EventSpec(DELIVERED, DeliveryOutcome, "A gateway reported the message delivered"),
    EventSpec(FAILED, DeliveryOutcome, "A gateway reported the message failed"),
]
CONSUMES = [
    EventSpec(ISSUE_SUBMITTED, IssueSubmitted, "Remember how to reach the reporter"),
    EventSpec(TASK_ASSIGNED, TaskAssigned, "Tell the reporter and the assignee"),
]
