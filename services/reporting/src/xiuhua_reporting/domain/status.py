"""Status words as reporting counts them (it learns them from events, not from intake's code).

An issue's status comes from two clocks: the issue's own steps (intake) and its task's steps
(assignment). Events may arrive in any order, so each clock keeps the newest status by the event's
own time, and the status shown is the newer of the two, as intake moves it: closed, merged and
rejected are final for task steps, and a (re-)triage never takes an issue back from the team.
"""

from __future__ import annotations

from datetime import datetime

from xiuhua_reporting import events

CLOSED_STATUSES = frozenset({"closed", "merged", "rejected"})
# Out of the response rate: nobody was asked to answer a duplicate or an issue not accepted.
EXCLUDED = frozenset({"merged", "rejected"})
# No longer being worked on (everything else is backlog).
DONE = CLOSED_STATUSES | {"resolved"}

# The issue's own steps that move its status.
ISSUE_STATUS = {
    events.ISSUE_SUBMITTED: "submitted",
    events.ISSUE_TRIAGED: "triaged",
    events.ISSUE_MERGED: "merged",
    events.ISSUE_REJECTED: "rejected",
    events.ISSUE_REOPENED: "reopened",
    events.ISSUE_CLOSED: "closed",
}
# The task's steps, kept as the latest time of each kind: a stage, or a note (accepted, progressed).
TASK_STEP = {
    events.TASK_ASSIGNED: "assigned",
    events.TASK_ACCEPTED: "noted",
    events.TASK_PROGRESSED: "noted",
    events.TASK_HANDED_TO_PROPERTY: "handed_to_property",
    events.TASK_RESOLVED: "resolved",
}
PROPERTY_DONE = "property_done"
_STAGE_STATUS = {"assigned": "assigned", "handed_to_property": "handed_to_property",
                 PROPERTY_DONE: "in_progress", "resolved": "resolved"}


def task_status_of(steps: dict[str, datetime]) -> tuple[str | None, datetime | None]:
    """The task's status and since when, from the latest time of each kind of step: the newest stage,
    or in progress when a note came after it (but a note while the property company has the issue
    leaves it there, as intake does)."""
    stages = [(at, kind) for kind, at in steps.items() if kind in _STAGE_STATUS]
    noted = steps.get("noted")
    if not stages:
        return ("in_progress", noted) if noted else (None, None)
    at, kind = max(stages)
    if noted is not None and noted > at and kind != "handed_to_property":
        return "in_progress", noted
    return _STAGE_STATUS[kind], at


def is_open(status: str) -> bool:
    return status not in CLOSED_STATUSES


def in_backlog(status: str | None) -> bool:
    """Still being worked on now: not resolved, closed, merged or rejected."""
    return status is not None and status not in DONE


def derive(issue_status: str | None, issue_at: datetime | None,
           task_status: str | None, task_at: datetime | None) -> str | None:
    """The status shown, from the newest issue step and the newest task step."""
    if issue_status in CLOSED_STATUSES or task_status is None:
        return issue_status or task_status
    if issue_status is None or issue_status == "triaged":
        return task_status
    return task_status if task_at is not None and issue_at is not None and task_at >= issue_at else issue_status
