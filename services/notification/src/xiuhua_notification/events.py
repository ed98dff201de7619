"""Events notification publishes (its own schemas) and the fields it reads of those it consumes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_events import EventSpec

SOURCE = "/xiuhua/notification"
PLATFORM = "platform"  # the tenant of messages about no community (login codes)

ISSUE_SUBMITTED = "xiuhua.issue.submitted.v1"
ISSUE_TRIAGED = "xiuhua.issue.triaged.v1"
ISSUE_SUPPORTED = "xiuhua.issue.supported.v1"
ISSUE_MERGED = "xiuhua.issue.merged.v1"
ISSUE_REJECTED = "xiuhua.issue.rejected.v1"
ISSUE_REOPENED = "xiuhua.issue.reopened.v1"
ISSUE_RATED = "xiuhua.issue.rated.v1"
ISSUE_CONFIRMED = "xiuhua.issue.confirmed.v1"
ISSUE_CLOSED = "xiuhua.issue.closed.v1"
TASK_ASSIGNED = "xiuhua.task.assigned.v1"
TASK_DECLINED = "xiuhua.task.declined.v1"
TASK_PROGRESSED = "xiuhua.task.progressed.v1"
COMMUNITY_UPDATED = "xiuhua.directory.community_updated.v1"
TASK_HANDED_TO_PROPERTY = "xiuhua.task.handed_to_property.v1"
TASK_PROPERTY_UPDATED = "xiuhua.task.property_updated.v1"
TASK_RESOLVED = "xiuhua.task.resolved.v1"
MEMBER_UPDATED = "xiuhua.team.member_updated.v1"
MEMBER_REMOVED = "xiuhua.team.member_removed.v1"
AUTH_CODE_ISSUED = "xiuhua.auth.code_issued.v1"
AUTH_PHONE_VERIFIED = "xiuhua.auth.phone_verified.v1"

SMS_REQUESTED = "xiuhua.notification.sms.requested.v1"
PUSH_REQUESTED = "xiuhua.notification.push.requested.v1"
GROUP_REQUESTED = "xiuhua.notification.group.requested.v1"
DELIVERED = "xiuhua.notification.delivered.v1"
FAILED = "xiuhua.notification.failed.v1"


class _Reader(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Contact(_Reader):
    """A resident to be told by SMS — only once their phone has proven to be theirs."""

    sub: str | None = None
    name: str = ""
    phone: str
    phone_verified: bool = False  # absent (an older producer): not proven, unless a login proved it since


class Ref(_Reader):
    id: str
    name: str


class IssueSubmitted(_Reader):
    issue_id: str
    community: str
    subdistrict: str | None = None
    number: str | None = None
    estate: str | None = None
    priority: str = "normal"
    title: str
    place_text: str = ""
    reporter: Contact
    submitted_at: datetime | None = None


class IssueTriaged(_Reader):
    issue_id: str
    community: str
    estate: str | None = None
    priority: str = "normal"
    at: datetime | None = None


class IssueSupported(_Reader):
    issue_id: str
    community: str
    supporter: Contact
    at: datetime | None = None


class IssueMerged(_Reader):
    issue_id: str
    community: str
    into: str
    into_number: str
    into_title: str
    carried: list[Contact]
    at: datetime | None = None


class IssueRejected(_Reader):
    issue_id: str
    community: str
    title: str
    number: str | None = None
    reason: str
    at: datetime | None = None


class IssueReopened(_Reader):
    issue_id: str
    community: str
    title: str
    number: str | None = None
    reason: str
    reopen_count: int = 1
    at: datetime | None = None


class IssueRated(_Reader):
    issue_id: str
    community: str
    solved: bool
    satisfaction: Literal["satisfied", "basically_satisfied", "dissatisfied"]
    comment: str = ""
    at: datetime | None = None


class IssueConfirmed(_Reader):
    issue_id: str
    community: str
    at: datetime | None = None


class IssueClosed(_Reader):
    issue_id: str
    community: str
    at: datetime | None = None


class TaskAssigned(_Reader):
    issue_id: str
    community: str
    subdistrict: str | None = None
    estate: str | None = None
    title: str
    place_text: str = ""
    assignee: Ref
    previous_assignee: Ref | None = None
    reason: str = "area"
    why: str = ""
    assigned_at: datetime | None = None


class TaskDeclined(_Reader):
    issue_id: str
    community: str
    reason: str
    assignee: Ref  # who declined
    at: datetime | None = None


class Actor(_Reader):
    id: str
    name: str = ""


class TaskProgressed(_Reader):
    issue_id: str
    community: str
    note: str
    actor: Actor | None = None
    at: datetime | None = None


class TaskHandedToProperty(_Reader):
    issue_id: str
    community: str
    company: Ref
    contacts: list[str]
    asked: str
    due_date: date
    at: datetime | None = None


class TaskPropertyUpdated(_Reader):
    issue_id: str
    community: str
    company: Ref
    kind: Literal["acknowledged", "promised", "done"]
    promised_date: date | None = None
    note: str | None = ""
    at: datetime | None = None


class TaskResolved(_Reader):
    issue_id: str
    community: str
    note: str
    assignee: Ref | None = None
    at: datetime | None = None


class MemberUpdated(_Reader):
    community: str
    member_id: str
    name: str
    role: Literal["member", "lead"]
    active: bool = True
    phone: str | None = None
    version: datetime


class MemberRemoved(_Reader):
    community: str
    member_id: str
    version: datetime


class StaffRef(_Reader):
    id: str
    name: str = ""
    phone: str | None = None


class EstateRef(_Reader):
    id: str
    name: str = ""


class CommunityUpdated(_Reader):
    community: str
    subdistrict: str
    name: str = ""
    version: datetime
    estates: list[EstateRef] = []
    staff: list[StaffRef] = []


class PhoneVerified(_Reader):
    person_id: str
    phone: str
    community: str | None = None
    at: datetime


class CodeIssued(_Reader):
    """A login code: a validation error must not echo it into a log."""

    model_config = ConfigDict(extra="ignore", hide_input_in_errors=True)

    phone: str
    code: str


class SmsRequested(BaseModel):
    out_id: str
    phone: str
    template_id: str
    params: dict[str, str]
    text: str
    community: str
    issue_id: str | None = None
    provider_template: str | None = Field(
        default=None, description="the provider's registered template code the community chose for this message; "
                                  "absent: the gateway maps ``template_id`` itself")
    digest_of: int | None = Field(default=None, description="a digest: how many messages it stands for")


class GroupRequested(BaseModel):
    out_id: str
    community: str
    estate: str
    format: Literal["markdown"] = "markdown"
    text: str = Field(description="the post; never a resident's name or phone number")
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
    channel: Literal["sms", "push", "group"]
    status: Literal["delivered", "failed"]
    community: str
    issue_id: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    at: datetime


# -- supervision (督办), from assignment ---------------------------------------------------------
TASK_REMINDED = "xiuhua.task.reminded.v1"
TASK_SLA_BREACHED = "xiuhua.task.sla_breached.v1"
TASK_ESCALATED = "xiuhua.task.escalated.v1"
TASK_PRESSED = "xiuhua.task.pressed.v1"
TASK_PROMISE_BROKEN = "xiuhua.task.promise_broken.v1"
TASK_UNROUTED = "xiuhua.task.unrouted.v1"


class Reminded(_Reader):
    issue_id: str
    community: str
    title: str
    kind: str
    due_at: datetime
    assignee: Ref


class Breached(_Reader):
    issue_id: str
    community: str
    title: str
    kind: str
    due_at: datetime
    assignee: Ref | None = None


class Escalated(_Reader):
    issue_id: str
    community: str
    title: str
    kind: str
    level: str
    to: list[str] = []
    assignee: Ref | None = None
    due_at: datetime | None = None
    note: str = ""


class Pressed(_Reader):
    issue_id: str
    community: str
    title: str
    note: str
    assignee: Ref | None = None
    leads: list[str] = []
    actor: Ref


class PromiseBroken(_Reader):
    issue_id: str
    community: str
    title: str
    company: Ref
    contacts: list[str] = []
    promised_date: date
    assignee: Ref | None = None


class Unrouted(_Reader):
    issue_id: str
    community: str
    title: str
    why: str = ""
    to: list[str] = []
    at: datetime | None = None


PUBLISHES = [
    EventSpec(SMS_REQUESTED, SmsRequested, "For SMS gateways: send this template to this phone (login codes "
                                           "use LOGIN_CODE and are not kept after publishing)"),
    EventSpec(PUSH_REQUESTED, PushRequested, "For app gateways: push this message to this user"),
    EventSpec(GROUP_REQUESTED, GroupRequested, "For chat-group gateways: post this to the estate's owners' group"),
    EventSpec(DELIVERED, DeliveryOutcome, "A gateway reported the message delivered"),
    EventSpec(FAILED, DeliveryOutcome, "A gateway reported the message failed"),
]
CONSUMES = [
    EventSpec(ISSUE_SUBMITTED, IssueSubmitted, "Receipt to the reporter; remember how to reach them"),
    EventSpec(ISSUE_TRIAGED, IssueTriaged, "An urgent issue's news is not held back by quiet hours"),
    EventSpec(ISSUE_SUPPORTED, IssueSupported, "The supporter hears the issue's later news (no message of its own)"),
    EventSpec(ISSUE_MERGED, IssueMerged, "Tell the carried people where it went; they follow the other issue"),
    EventSpec(ISSUE_REJECTED, IssueRejected, "Tell the reporter and supporters why"),
    EventSpec(ISSUE_REOPENED, IssueReopened, "Tell the lead(s) and the assignee"),
    EventSpec(ISSUE_RATED, IssueRated, "Tell the lead(s) of a dissatisfied return visit; news held back that "
                                       "asks for a rating is not sent after it"),
    EventSpec(ISSUE_CONFIRMED, IssueConfirmed, "No message; news held back that asks to confirm is not sent after it"),
    EventSpec(ISSUE_CLOSED, IssueClosed, "No message; news held back that no longer holds once the issue is closed "
                                         "is not sent"),
    EventSpec(TASK_ASSIGNED, TaskAssigned, "Tell the reporter and supporters (first assignment) and the assignee"),
    EventSpec(TASK_DECLINED, TaskDeclined, "Tell the lead(s) who declined, why, and where it went"),
    EventSpec(TASK_PROGRESSED, TaskProgressed, "Progress notes, for the communities whose rules tell them"),
    EventSpec(TASK_HANDED_TO_PROPERTY, TaskHandedToProperty,
              "Tell the property company's contacts what is asked; the reporter and supporters who has it"),
    EventSpec(TASK_PROPERTY_UPDATED, TaskPropertyUpdated, "Tell the assignee; a promised date also the residents"),
    EventSpec(TASK_RESOLVED, TaskResolved, "Ask the reporter and supporters to confirm and rate"),
    EventSpec(MEMBER_UPDATED, MemberUpdated, "Who each community's lead(s) are"),
    EventSpec(COMMUNITY_UPDATED, CommunityUpdated, "A community's subdistrict and staff (who may edit its rules, "
                                                   "whom its staff rules reach)"),
    EventSpec(MEMBER_REMOVED, MemberRemoved, "A removed lead is told nothing more"),
    EventSpec(AUTH_CODE_ISSUED, CodeIssued, "Send the login code by SMS (kept nowhere)"),
    EventSpec(AUTH_PHONE_VERIFIED, PhoneVerified, "The phone is proven its owner's: residents' news and the "
                                                  "evening digest may be texted to it from now on"),
    EventSpec(TASK_REMINDED, Reminded, "Remind the member that a time limit is near"),
    EventSpec(TASK_SLA_BREACHED, Breached, "Tell the member a time limit passed"),
    EventSpec(TASK_ESCALATED, Escalated, "Tell the rung it reached: the lead(s) or community staff"),
    EventSpec(TASK_PRESSED, Pressed, "Tell the member and the lead(s) what staff pressed for"),
    EventSpec(TASK_PROMISE_BROKEN, PromiseBroken, "Tell the member and the property company's contacts"),
    EventSpec(TASK_UNROUTED, Unrouted, "Tell the community's staff that nobody could take an issue, and the reporter "
                                       "(once) that it waits to be given to someone"),
]
