"""The fields reporting reads of the events it consumes, and the schema of the one it publishes.

Readers ignore every field they do not name, so producers may add fields freely. Fields that the
first version of an event lacked are optional here, so old messages still fold.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_events import EventSpec

ISSUE_SUBMITTED = "xiuhua.issue.submitted.v1"
ISSUE_TRIAGED = "xiuhua.issue.triaged.v1"
ISSUE_SUPPORTED = "xiuhua.issue.supported.v1"
ISSUE_MERGED = "xiuhua.issue.merged.v1"
ISSUE_REJECTED = "xiuhua.issue.rejected.v1"
ISSUE_CONFIRMED = "xiuhua.issue.confirmed.v1"
ISSUE_REOPENED = "xiuhua.issue.reopened.v1"
ISSUE_RATED = "xiuhua.issue.rated.v1"
ISSUE_CLOSED = "xiuhua.issue.closed.v1"
TASK_ASSIGNED = "xiuhua.task.assigned.v1"
TASK_ACCEPTED = "xiuhua.task.accepted.v1"
TASK_DECLINED = "xiuhua.task.declined.v1"
TASK_PROGRESSED = "xiuhua.task.progressed.v1"
TASK_HANDED_TO_PROPERTY = "xiuhua.task.handed_to_property.v1"
TASK_PROPERTY_UPDATED = "xiuhua.task.property_updated.v1"
TASK_RESOLVED = "xiuhua.task.resolved.v1"
TASK_RESCHEDULED = "xiuhua.task.rescheduled.v1"
TASK_SLA_BREACHED = "xiuhua.task.sla_breached.v1"
COMMUNITY_UPDATED = "xiuhua.directory.community_updated.v1"
REPORT_PUBLISHED = "xiuhua.report.published.v1"
SOURCE = "/xiuhua/reporting"
PLATFORM_TENANT = "platform"  # a subdistrict's report is about no community in particular


class _Reader(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _IssueFact(_Reader):
    issue_id: str
    community: str


class _Step(_IssueFact):
    at: datetime


class Ref(_Reader):
    """A person or a company: its id, and its name when the event carries one."""

    id: str
    name: str = ""


class Person(_Reader):
    """A resident named by an event: their id, and their name and phone (masked in the archive)."""

    sub: str
    name: str = ""
    phone: str = ""


class Place(_Reader):
    building: str | None = None
    unit: int | None = None
    spot: str | None = None


class IssueSubmitted(_IssueFact):
    subdistrict: str
    estate: str
    category: str
    priority: Literal["urgent", "normal"] = "normal"
    submitted_at: datetime | None = None
    number: str | None = None
    title: str | None = None
    place: Place | None = None
    place_text: str | None = None
    channel: str | None = None
    reporter: Person | None = None


class IssueTriaged(_Step):
    category: str | None = None
    priority: Literal["urgent", "normal"] | None = None


class IssueSupported(_Step):
    supporters: int
    supporter: Person | None = None


class IssueStep(_Step):
    """merged, rejected, confirmed or closed: which issue, and when."""


class IssueReopened(_Step):
    reopen_count: int | None = None


class IssueRated(_Step):
    solved: bool
    satisfaction: Literal["satisfied", "basically_satisfied", "dissatisfied"]


class TaskAssigned(_IssueFact):
    assignee: Ref
    subdistrict: str | None = None
    estate: str | None = None
    category: str | None = None
    priority: Literal["urgent", "normal"] | None = None
    respond_by: datetime | None = None
    resolve_by: datetime | None = None
    assigned_at: datetime | None = None


class Actor(Ref):
    role: str = ""


class TaskStep(_Step):
    """accepted, progressed or resolved: the assignee answered (``actor``: who did it)."""

    actor: Actor | None = None


class TaskDeclined(_Step):
    assignee: Ref


class TaskHandedToProperty(_Step):
    company: Ref
    ack_by: datetime | None = None


class TaskPropertyUpdated(_Step):
    company: Ref
    kind: Literal["acknowledged", "promised", "done"]
    promised_date: date | None = None


class TaskRescheduled(_Step):
    priority: Literal["urgent", "normal"]
    respond_by: datetime
    resolve_by: datetime


class TaskSlaBreached(_Step):
    kind: Literal["respond", "resolve"]
    due_at: datetime


class CompanyRef(Ref):
    estates: list[str] = []


class CommunityUpdated(_Reader):
    community: str
    subdistrict: str
    name: str
    subdistrict_name: str | None = None  # names a subdistrict's reports
    version: datetime
    estates: list[Ref]
    property_companies: list[CompanyRef] = []


class ReportSummary(BaseModel):
    """The month's headline figures (the report itself has them all)."""

    received: int
    backlog: int
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None
    reopened: int


class ReportLinks(BaseModel):
    """Where to fetch the report (GET, with a token of someone who may read it)."""

    json_url: str
    csv_url: str
    pdf_url: str


class ReportPublished(BaseModel):
    """A periodic report is ready. The event's tenant is the community, or ``platform`` for a subdistrict's."""

    report_id: str = Field(description="<scope>/<id>/<YYYY-MM>: one report per scope and month")
    period: Literal["monthly"] = "monthly"
    scope: Literal["community", "subdistrict"]
    id: str
    name: str | None = None
    community: str | None = Field(None, description="the community, for a community's report")
    subdistrict: str | None = None
    month: str = Field(description="YYYY-MM, Asia/Shanghai")
    starts_at: datetime
    ends_at: datetime = Field(description="exclusive")
    published_at: datetime
    summary: ReportSummary
    links: ReportLinks


PUBLISHES = [
    EventSpec(REPORT_PUBLISHED, ReportPublished,
              "A monthly report of a community or a subdistrict is ready (published once per scope and month)"),
]
CONSUMES = [
    EventSpec(ISSUE_SUBMITTED, IssueSubmitted, "Count a received issue: its place, category, priority and time"),
    EventSpec(ISSUE_TRIAGED, IssueTriaged, "The newest category and priority the issue is counted under"),
    EventSpec(ISSUE_SUPPORTED, IssueSupported, "How many residents said \"me too\""),
    EventSpec(ISSUE_MERGED, IssueStep, "A duplicate: left out of the response rate and the backlog"),
    EventSpec(ISSUE_REJECTED, IssueStep, "Not accepted: left out of the response rate and the backlog"),
    EventSpec(ISSUE_CONFIRMED, IssueStep, "The reporter confirmed the fix"),
    EventSpec(ISSUE_REOPENED, IssueReopened, "Count a reopening; back in the backlog"),
    EventSpec(ISSUE_RATED, IssueRated, "The return visit: solved (解决率) and satisfied (满意率)"),
    EventSpec(ISSUE_CLOSED, IssueStep, "Closed: out of the backlog"),
    EventSpec(TASK_ASSIGNED, TaskAssigned, "The current assignee (member figures) and the response deadline"),
    EventSpec(TASK_ACCEPTED, TaskStep, "A first response (响应率, time to first response)"),
    EventSpec(TASK_DECLINED, TaskDeclined, "The member gave it back: no longer their issue, and not a response"),
    EventSpec(TASK_PROGRESSED, TaskStep, "A progress note: a response"),
    EventSpec(TASK_HANDED_TO_PROPERTY, TaskHandedToProperty,
              "A response; starts the property company's clock (handed, acknowledge by)"),
    EventSpec(TASK_PROPERTY_UPDATED, TaskPropertyUpdated,
              "The property company's answer (its response), promise (kept or broken) or done"),
    EventSpec(TASK_RESOLVED, TaskStep, "A response and the latest resolution (time to resolution)"),
    EventSpec(TASK_RESCHEDULED, TaskRescheduled, "New priority and deadlines"),
    EventSpec(TASK_SLA_BREACHED, TaskSlaBreached,
              "A limit passed (响应超时 / 办结超时): overdue while that deadline stands and is not met"),
    EventSpec(COMMUNITY_UPDATED, CommunityUpdated,
              "Names of the community, its estates and property companies, and which estate is whose"),
]
