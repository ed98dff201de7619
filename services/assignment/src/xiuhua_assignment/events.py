"""Events assignment publishes (its own schemas) and the fields it reads of those it consumes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_events import EventSpec

SOURCE = "/xiuhua/assignment"

ISSUE_SUBMITTED = "xiuhua.issue.submitted.v1"
ISSUE_TRIAGED = "xiuhua.issue.triaged.v1"
ISSUE_MERGED = "xiuhua.issue.merged.v1"
ISSUE_REJECTED = "xiuhua.issue.rejected.v1"
ISSUE_REOPENED = "xiuhua.issue.reopened.v1"
ISSUE_CLOSED = "xiuhua.issue.closed.v1"
COMMUNITY_UPDATED = "xiuhua.directory.community_updated.v1"
SUBDISTRICT_UPDATED = "xiuhua.directory.subdistrict_updated.v1"

TASK_ASSIGNED = "xiuhua.task.assigned.v1"
TASK_ACCEPTED = "xiuhua.task.accepted.v1"
TASK_DECLINED = "xiuhua.task.declined.v1"
TASK_PROGRESSED = "xiuhua.task.progressed.v1"
TASK_HANDED_TO_PROPERTY = "xiuhua.task.handed_to_property.v1"
TASK_PROPERTY_UPDATED = "xiuhua.task.property_updated.v1"
TASK_RESOLVED = "xiuhua.task.resolved.v1"
TASK_RESCHEDULED = "xiuhua.task.rescheduled.v1"
TASK_REMINDED = "xiuhua.task.reminded.v1"
TASK_SLA_BREACHED = "xiuhua.task.sla_breached.v1"
TASK_ESCALATED = "xiuhua.task.escalated.v1"
TASK_PRESSED = "xiuhua.task.pressed.v1"
TASK_PROMISE_BROKEN = "xiuhua.task.promise_broken.v1"
TASK_UNROUTED = "xiuhua.task.unrouted.v1"
MEMBER_UPDATED = "xiuhua.team.member_updated.v1"
MEMBER_REMOVED = "xiuhua.team.member_removed.v1"

Priority = Literal["urgent", "normal"]
PropertyKind = Literal["acknowledged", "promised", "done"]
LimitKind = Literal["respond", "resolve"]
Rung = Literal["lead", "staff", "subdistrict"]


class Actor(BaseModel):
    """Who took a step: a person, or the platform itself (``system``)."""

    id: str
    name: str
    role: str


SYSTEM = Actor(id="system", name="系统", role="system")


class Assignee(BaseModel):
    id: str
    name: str
    role: str


class Company(BaseModel):
    id: str
    name: str


class TaskAssigned(BaseModel):
    issue_id: str
    community: str
    subdistrict: str
    estate: str
    category: str
    title: str
    place_text: str
    priority: Priority
    assignee: Assignee
    previous_assignee: Assignee | None = None
    reason: Literal["area", "lead_fallback", "reassigned", "declined", "spotted"]
    why: str
    reassigned: bool = False
    respond_by: datetime
    resolve_by: datetime
    actor: Actor
    assigned_at: datetime


class TaskAccepted(BaseModel):
    issue_id: str
    community: str
    assignee: Assignee
    actor: Actor
    at: datetime


class TaskDeclined(BaseModel):
    issue_id: str
    community: str
    reason: str
    assignee: Assignee
    actor: Actor
    at: datetime


class TaskProgressed(BaseModel):
    issue_id: str
    community: str
    note: str
    actor: Actor
    at: datetime
    photos: list[str] = Field(default_factory=list, description="photo ids the actor uploaded to intake")


class TaskHandedToProperty(BaseModel):
    issue_id: str
    community: str
    company: Company
    contacts: list[str]
    asked: str
    due_date: date
    ack_by: datetime
    actor: Actor
    at: datetime


class TaskPropertyUpdated(BaseModel):
    issue_id: str
    community: str
    company: Company
    kind: PropertyKind
    promised_date: date | None = None
    note: str = ""
    actor: Actor
    at: datetime


class TaskResolved(BaseModel):
    issue_id: str
    community: str
    note: str
    assignee: Assignee
    actor: Actor
    at: datetime
    photos: list[str] = Field(default_factory=list, description="photo ids the actor uploaded to intake")


class TaskRescheduled(BaseModel):
    issue_id: str
    community: str
    priority: Priority
    respond_by: datetime
    resolve_by: datetime
    at: datetime


class MemberUpdated(BaseModel):
    community: str
    subdistrict: str
    member_id: str
    name: str
    phone: str
    role: Literal["member", "lead"]
    active: bool
    areas: list[str]
    version: datetime


class MemberRemoved(BaseModel):
    community: str
    subdistrict: str
    member_id: str
    phone: str
    version: datetime


# --- what assignment reads of intake's events ---------------------------------------------------

class _Reader(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Spotter(_Reader):
    id: str
    name: str


class PlaceRef(_Reader):
    building: str | None = None
    unit: int | None = None
    spot: str | None = None


class IssueSubmitted(_Reader):
    issue_id: str
    community: str
    subdistrict: str
    estate: str
    category: str
    priority: Priority = "normal"
    title: str
    place: PlaceRef = PlaceRef()
    place_text: str = ""
    submitted_at: datetime | None = None
    taken_by: Spotter | None = None  # spotted by this member or lead, who takes it


class IssueTriaged(_Reader):
    issue_id: str
    community: str
    category: str
    priority: Priority
    at: datetime


class IssueEnded(_Reader):
    """merged, rejected, reopened or closed: which issue, when (and for a reopen, the how-many-th)."""

    issue_id: str
    community: str
    at: datetime
    reopen_count: int | None = None


class EstateRef(_Reader):
    id: str
    name: str


class PersonRef(_Reader):
    id: str
    name: str
    phone: str


class PropertyCompanyRef(_Reader):
    id: str
    name: str
    estates: list[str]
    contacts: list[PersonRef]


class CommunityUpdated(_Reader):
    community: str
    subdistrict: str
    name: str
    version: datetime
    estates: list[EstateRef]
    staff: list[PersonRef] = []
    property_companies: list[PropertyCompanyRef] = []


class SubdistrictUpdated(_Reader):
    subdistrict: str
    version: datetime
    admins: list[PersonRef] = []


class TaskReminded(BaseModel):
    """A limit is near: the member is reminded (at the configured share of the time)."""

    issue_id: str
    community: str
    title: str
    kind: LimitKind
    due_at: datetime
    assignee: Assignee
    at: datetime


class TaskSlaBreached(BaseModel):
    issue_id: str
    community: str
    subdistrict: str
    estate: str
    title: str
    kind: LimitKind
    due_at: datetime
    assignee: Assignee | None
    at: datetime


class TaskEscalated(BaseModel):
    """Up the ladder of supervision: ``to`` are the people told (leads', staff's ids; empty for the
    subdistrict, whose admins see it on their supervision list)."""

    issue_id: str
    community: str
    subdistrict: str
    title: str
    kind: Literal["respond", "resolve", "silent"]
    level: Rung
    to: list[str]
    assignee: Assignee | None
    due_at: datetime | None = None
    note: str = ""
    at: datetime


class TaskPressed(BaseModel):
    """督办: community staff (or the subdistrict) press a task, with a note the member and lead see."""

    issue_id: str
    community: str
    title: str
    note: str
    assignee: Assignee | None
    leads: list[str]
    actor: Actor
    at: datetime


class TaskPromiseBroken(BaseModel):
    """The property company's promised date passed without the work reported done."""

    issue_id: str
    community: str
    title: str
    company: Company
    contacts: list[str]
    promised_date: date
    assignee: Assignee | None
    at: datetime


class TaskUnrouted(BaseModel):
    """Routing found nobody to take the issue (nobody in charge of it and no lead on the team to
    fall back on): it waits on 督办台 as 待派单, and the community's staff (``to``) are told."""

    issue_id: str
    community: str
    subdistrict: str
    estate: str
    category: str
    title: str
    why: str = Field(description="why nobody could take it, in words the staff read")
    to: list[str] = Field(description="the community staff's ids")
    at: datetime


PUBLISHES = [
    EventSpec(TASK_ASSIGNED, TaskAssigned,
              "An issue was given to a team member (or reassigned), with why and its time limits"),
    EventSpec(TASK_ACCEPTED, TaskAccepted, "The member took the issue (their first response)"),
    EventSpec(TASK_DECLINED, TaskDeclined, "The member handed it back with a reason; routing runs again"),
    EventSpec(TASK_PROGRESSED, TaskProgressed, "A progress note from the member"),
    EventSpec(TASK_HANDED_TO_PROPERTY, TaskHandedToProperty,
              "Passed to the property company (转物业): what is asked, by when, who its contacts are"),
    EventSpec(TASK_PROPERTY_UPDATED, TaskPropertyUpdated,
              "The property company acknowledged, promised a date, or reported done"),
    EventSpec(TASK_RESOLVED, TaskResolved, "The member reports it solved, with what was done"),
    EventSpec(TASK_RESCHEDULED, TaskRescheduled, "The time limits changed because the priority changed"),
    EventSpec(TASK_REMINDED, TaskReminded, "A time limit is near: the member is reminded"),
    EventSpec(TASK_SLA_BREACHED, TaskSlaBreached, "A time limit (respond or resolve) passed"),
    EventSpec(TASK_ESCALATED, TaskEscalated,
              "Supervision went up a rung (lead, community staff, subdistrict): a breach, or a silent member"),
    EventSpec(TASK_PRESSED, TaskPressed, "Community staff pressed a task (督办) with a note"),
    EventSpec(TASK_PROMISE_BROKEN, TaskPromiseBroken,
              "The property company's promised date passed without the work done"),
    EventSpec(TASK_UNROUTED, TaskUnrouted,
              "Nobody could take the issue (no member in charge, no lead to fall back on): it waits on 督办台 "
              "and the community's staff are told"),
    EventSpec(MEMBER_UPDATED, MemberUpdated, "A team member or lead was added or changed (login needs it)"),
    EventSpec(MEMBER_REMOVED, MemberRemoved, "A team member was removed from the roster"),
]
CONSUMES = [
    EventSpec(MEMBER_UPDATED, MemberUpdated, "Its own: the roster changed, so the community's tasks nobody could take "
                                             "are routed again"),
    EventSpec(ISSUE_SUBMITTED, IssueSubmitted, "Route a new issue to the member in charge"),
    EventSpec(ISSUE_TRIAGED, IssueTriaged, "New priority (time limits) or category (route again if not taken)"),
    EventSpec(ISSUE_MERGED, IssueEnded, "The duplicate's task is cancelled"),
    EventSpec(ISSUE_REJECTED, IssueEnded, "The rejected issue's task is cancelled"),
    EventSpec(ISSUE_REOPENED, IssueEnded, "Back to the same member"),
    EventSpec(ISSUE_CLOSED, IssueEnded, "The task is closed"),
    EventSpec(COMMUNITY_UPDATED, CommunityUpdated, "Estates, property companies and staff of a community"),
    EventSpec(SUBDISTRICT_UPDATED, SubdistrictUpdated, "A subdistrict's admins: their ids are not given to "
                                                       "roster members"),
]
