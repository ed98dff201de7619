"""Events assignment publishes (its own schemas) and the fields it reads of those it consumes."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from xiuhua_events import EventSpec

SOURCE = "/xiuhua/assignment"
ISSUE_SUBMITTED = "xiuhua.issue.submitted.v1"
TASK_ASSIGNED = "xiuhua.task.assigned.v1"


class IssueSubmitted(BaseModel):
    """The part of intake's event assignment needs to route the issue."""

    model_config = ConfigDict(extra="ignore")

    issue_id: str
    community: str
    subdistrict: str
    estate: str
    category: str
    title: str
    place_text: str = ""


class Assignee(BaseModel):
    id: str
    name: str
    role: str


class TaskAssigned(BaseModel):
    issue_id: str
    community: str
    estate: str
    category: str
    title: str
    place_text: str
    assignee: Assignee
    reason: str
    reassigned: bool = False
    assigned_at: datetime


PUBLISHES = [EventSpec(TASK_ASSIGNED, TaskAssigned, "An issue was given to a team member (or reassigned)")]
CONSUMES = [EventSpec(ISSUE_SUBMITTED, IssueSubmitted, "Route a new issue to the member in charge")]
