"""Events intake publishes (its own schemas) and the fields it reads of those it consumes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_events import EventSpec
from xiuhua_intake.directory.places import Place

SOURCE = "/xiuhua/intake"
PLATFORM_TENANT = "platform"  # events about no community in particular (login codes)

ISSUE_SUBMITTED = "xiuhua.issue.submitted.v1"
ISSUE_TRIAGED = "xiuhua.issue.triaged.v1"
ISSUE_SUPPORTED = "xiuhua.issue.supported.v1"
ISSUE_COMMENTED = "xiuhua.issue.commented.v1"
ISSUE_MERGED = "xiuhua.issue.merged.v1"
ISSUE_REJECTED = "xiuhua.issue.rejected.v1"
ISSUE_CONFIRMED = "xiuhua.issue.confirmed.v1"
ISSUE_REOPENED = "xiuhua.issue.reopened.v1"
ISSUE_RATED = "xiuhua.issue.rated.v1"
ISSUE_CLOSED = "xiuhua.issue.closed.v1"
AUTH_CODE_ISSUED = "xiuhua.auth.code_issued.v1"
AUTH_PHONE_VERIFIED = "xiuhua.auth.phone_verified.v1"
COMMUNITY_UPDATED = "xiuhua.directory.community_updated.v1"
SUBDISTRICT_UPDATED = "xiuhua.directory.subdistrict_updated.v1"

TASK_ASSIGNED = "xiuhua.task.assigned.v1"
TASK_ACCEPTED = "xiuhua.task.accepted.v1"
TASK_DECLINED = "xiuhua.task.declined.v1"
TASK_PROGRESSED = "xiuhua.task.progressed.v1"
TASK_HANDED_TO_PROPERTY = "xiuhua.task.handed_to_property.v1"
TASK_PROPERTY_UPDATED = "xiuhua.task.property_updated.v1"
TASK_RESOLVED = "xiuhua.task.resolved.v1"
TASK_UNROUTED = "xiuhua.task.unrouted.v1"
MEMBER_UPDATED = "xiuhua.team.member_updated.v1"
MEMBER_REMOVED = "xiuhua.team.member_removed.v1"

Priority = Literal["urgent", "normal"]
Satisfaction = Literal["satisfied", "basically_satisfied", "dissatisfied"]


class Actor(BaseModel):
    """Who took a step: a person (their id, name and role) or the platform itself (``system``)."""

    id: str
    name: str
    role: str


SYSTEM = Actor(id="system", name="系统", role="system")


class ReporterContact(BaseModel):
    """A resident to be told by SMS — only once their phone has proven to be theirs."""

    sub: str
    name: str
    phone: str
    phone_verified: bool = Field(
        default=False, description="the phone is proven to be this person's own: they logged in with it (a code "
                                   "sent to it), it is on the roster or the directory, or the text this report "
                                   "came from was sent from it. Otherwise it is only for the team to call back: "
                                   "never texted until its owner logs in with it (auth.phone_verified)")


class IssueSubmitted(BaseModel):
    issue_id: str
    number: str
    community: str
    subdistrict: str
    estate: str
    place: Place
    place_text: str
    category: str
    priority: Priority = "normal"
    title: str
    description: str
    channel: str
    reporter: ReporterContact
    actor: Actor
    submitted_at: datetime
    taken_by: Actor | None = Field(default=None, description="spotted by this member or lead, who takes it")


class IssueTriaged(BaseModel):
    issue_id: str
    community: str
    subdistrict: str
    estate: str
    category: str
    previous_category: str
    priority: Priority
    previous_priority: Priority
    actor: Actor
    at: datetime


class IssueSupported(BaseModel):
    issue_id: str
    community: str
    supporter: ReporterContact
    supporters: int
    actor: Actor
    at: datetime


class IssueCommented(BaseModel):
    issue_id: str
    community: str
    comment_id: str
    text: str
    actor: Actor
    at: datetime


class IssueMerged(BaseModel):
    issue_id: str
    community: str
    into: str
    into_number: str
    into_title: str
    carried: list[ReporterContact]
    reason: str | None = None
    actor: Actor
    at: datetime


class IssueRejected(BaseModel):
    issue_id: str
    community: str
    title: str
    number: str
    reason: str
    actor: Actor
    at: datetime


class IssueConfirmed(BaseModel):
    issue_id: str
    community: str
    actor: Actor
    at: datetime


class IssueReopened(BaseModel):
    issue_id: str
    community: str
    title: str
    number: str
    reason: str
    reopen_count: int
    actor: Actor
    at: datetime


class IssueRated(BaseModel):
    issue_id: str
    community: str
    solved: bool
    satisfaction: Satisfaction
    comment: str = ""
    actor: Actor
    at: datetime


class IssueClosed(BaseModel):
    issue_id: str
    community: str
    reason: Literal["confirmed", "auto"]
    actor: Actor
    at: datetime


class CodeIssued(BaseModel):
    """A login code for a phone (sensitive: its outbox record does not outlive publishing)."""

    phone: str
    code: str
    ttl_minutes: int = 5
    at: datetime


class PhoneVerified(BaseModel):
    """A person logged in with a code sent to their phone: the phone is theirs, and may be texted."""

    person_id: str = Field(description="the token's ``sub`` of who logged in")
    phone: str
    role: str
    community: str | None = None
    subdistrict: str | None = None
    at: datetime


class EstateRef(BaseModel):
    id: str
    name: str


class PersonRef(BaseModel):
    id: str
    name: str
    phone: str


class PropertyCompanyRef(BaseModel):
    id: str
    name: str
    estates: list[str]
    contacts: list[PersonRef]


class CommunitySettings(BaseModel):
    auto_close_days: int = 7
    reopen_days: int = 7


class CommunityUpdated(BaseModel):
    community: str
    subdistrict: str
    name: str
    subdistrict_name: str = ""
    version: datetime
    estates: list[EstateRef]
    staff: list[PersonRef]
    property_companies: list[PropertyCompanyRef]
    settings: CommunitySettings


class SubdistrictUpdated(BaseModel):
    """A subdistrict's name and admins (who log in with their phones); their ids are theirs for good."""

    subdistrict: str
    name: str
    version: datetime
    admins: list[PersonRef]


# --- what intake reads of assignment's events -------------------------------------------------

class _Reader(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AssigneeRef(_Reader):
    id: str
    name: str
    role: str = "member"


class ActorRef(_Reader):
    id: str
    name: str
    role: str


class TaskAssigned(_Reader):
    issue_id: str
    assignee: AssigneeRef
    reason: str = "area"
    reassigned: bool = False
    why: str | None = None
    actor: ActorRef | None = None
    assigned_at: datetime | None = None


class TaskStep(_Reader):
    """accepted, declined, progressed and resolved: who did it and what they said."""

    issue_id: str
    actor: ActorRef
    at: datetime
    note: str | None = None
    reason: str | None = None
    photos: list[str] = []  # progress and resolution: photo ids the actor uploaded here


class CompanyRef(_Reader):
    id: str
    name: str


class TaskHandedToProperty(_Reader):
    issue_id: str
    company: CompanyRef
    asked: str
    due_date: date | None = None
    actor: ActorRef
    at: datetime


class TaskUnrouted(_Reader):
    """Nobody on the team could take the issue: it waits to be given to someone (待派单)."""

    issue_id: str
    at: datetime


class TaskPropertyUpdated(_Reader):
    issue_id: str
    company: CompanyRef
    kind: Literal["acknowledged", "promised", "done"]
    promised_date: date | None = None
    note: str | None = None
    actor: ActorRef
    at: datetime


class MemberUpdated(_Reader):
    community: str
    subdistrict: str
    member_id: str
    name: str
    phone: str
    role: Literal["member", "lead"]
    active: bool = True
    version: datetime


class MemberRemoved(_Reader):
    community: str
    subdistrict: str
    member_id: str
    phone: str
    version: datetime


PUBLISHES = [
    EventSpec(ISSUE_SUBMITTED, IssueSubmitted, "A resident, member or gateway reported a problem"),
    EventSpec(ISSUE_TRIAGED, IssueTriaged, "The lead set or changed the category or priority (收集整理)"),
    EventSpec(ISSUE_SUPPORTED, IssueSupported, "Another resident said \"me too\" (附议)"),
    EventSpec(ISSUE_COMMENTED, IssueCommented, "A comment on the issue's thread"),
    EventSpec(ISSUE_MERGED, IssueMerged, "Folded into another open issue as a duplicate; its people carried over"),
    EventSpec(ISSUE_REJECTED, IssueRejected, "Not accepted (不予受理), with the reason"),
    EventSpec(ISSUE_CONFIRMED, IssueConfirmed, "The reporter confirmed the fix"),
    EventSpec(ISSUE_REOPENED, IssueReopened, "The reporter says it is not fixed; back to the same member"),
    EventSpec(ISSUE_RATED, IssueRated, "The return visit (回访): solved or not, and satisfaction"),
    EventSpec(ISSUE_CLOSED, IssueClosed, "Closed: confirmed by the reporter, or the quiet period elapsed"),
    EventSpec(AUTH_CODE_ISSUED, CodeIssued,
              "A login code to be sent by SMS (sensitive: not kept after publishing)"),
    EventSpec(AUTH_PHONE_VERIFIED, PhoneVerified,
              "A person logged in with a code sent to their phone (or refreshed that session): the phone is "
              "proven theirs (it may be texted)"),
    EventSpec(COMMUNITY_UPDATED, CommunityUpdated,
              "A community's directory changed: estates, staff, property companies and settings"),
    EventSpec(SUBDISTRICT_UPDATED, SubdistrictUpdated, "A subdistrict's admins changed"),
]
CONSUMES = [
    EventSpec(TASK_ASSIGNED, TaskAssigned, "Show the issue as assigned, with the assignee"),
    EventSpec(TASK_ACCEPTED, TaskStep, "The member took the issue: in progress"),
    EventSpec(TASK_DECLINED, TaskStep, "The member handed it back: on the timeline"),
    EventSpec(TASK_PROGRESSED, TaskStep, "A progress note on the timeline"),
    EventSpec(TASK_HANDED_TO_PROPERTY, TaskHandedToProperty, "Handed to the property company (已转物业)"),
    EventSpec(TASK_PROPERTY_UPDATED, TaskPropertyUpdated, "The property company acknowledged, promised or finished"),
    EventSpec(TASK_RESOLVED, TaskStep, "The member resolved it: waiting for the reporter's confirmation"),
    EventSpec(TASK_UNROUTED, TaskUnrouted, "Nobody could take it yet: the issue shows 等待服务队分派 until assigned"),
    EventSpec(MEMBER_UPDATED, MemberUpdated, "A team member or lead may log in with their phone"),
    EventSpec(MEMBER_REMOVED, MemberRemoved, "A removed member loses the role at their next refresh"),
]
