"""Events intake publishes (its own schemas) and the fields it reads of those it consumes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from xiuhua_events import EventSpec
from xiuhua_intake.domain.places import Place

SOURCE = "/xiuhua/intake"
ISSUE_SUBMITTED = "xiuhua.issue.submitted.v1"
TASK_ASSIGNED = "xiuhua.task.assigned.v1"


class ReporterContact(BaseModel):
    sub: str
    name: str
    phone: str


class IssueSubmitted(BaseModel):
    issue_id: str
    community: str
    subdistrict: str
    estate: str
    place: Place
    place_text: str
    category: str
    title: str
    description: str
    channel: str
    reporter: ReporterContact
    submitted_at: datetime


class AssigneeRef(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    name: str


class TaskAssigned(BaseModel):
    """The part of assignment's event intake needs."""

    model_config = ConfigDict(extra="ignore")

    issue_id: str
    assignee: AssigneeRef


PUBLISHES = [EventSpec(ISSUE_SUBMITTED, IssueSubmitted, "A resident, member or gateway reported a problem")]
CONSUMES = [EventSpec(TASK_ASSIGNED, TaskAssigned, "Show the issue as assigned, with the assignee")]
