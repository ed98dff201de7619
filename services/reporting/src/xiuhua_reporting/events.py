"""The fields reporting reads of the events it consumes (it publishes none yet)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from xiuhua_events import EventSpec

ISSUE_SUBMITTED = "xiuhua.issue.submitted.v1"
TASK_ASSIGNED = "xiuhua.task.assigned.v1"


class _Reader(BaseModel):
    model_config = ConfigDict(extra="ignore")


class IssueSubmitted(_Reader):
    issue_id: str
    community: str
    subdistrict: str
    estate: str
    category: str


class AssigneeRef(_Reader):
    id: str


class TaskAssigned(_Reader):
    issue_id: str
    community: str
    assignee: AssigneeRef


PUBLISHES: list[EventSpec] = []
CONSUMES = [
    EventSpec(ISSUE_SUBMITTED, IssueSubmitted, "Count a new open issue"),
    EventSpec(TASK_ASSIGNED, TaskAssigned, "Count the issue as assigned; time to first assignment"),
]
