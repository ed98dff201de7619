"""An issue's public life (see the brief): which status may follow which."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    SUBMITTED = "submitted"
    TRIAGED = "triaged"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    HANDED_TO_PROPERTY = "handed_to_property"
    RESOLVED = "resolved"
    CLOSED = "closed"
    MERGED = "merged"
    REJECTED = "rejected"
    REOPENED = "reopened"


LABELS: dict[Status, str] = {
    Status.SUBMITTED: "已提交",
    Status.TRIAGED: "已受理",
    Status.ASSIGNED: "已派单",
    Status.IN_PROGRESS: "处理中",
    Status.HANDED_TO_PROPERTY: "已转物业",
    Status.RESOLVED: "已办结",
    Status.CLOSED: "已关闭",
    Status.MERGED: "已合并",
    Status.REJECTED: "不予受理",
    Status.REOPENED: "重新打开",
}

# An issue nobody on the team could take yet (assignment's task.unrouted): a new or reopened one, or
# one its member handed back with nobody else to take it.
WAITING_LABEL = "等待服务队分派"
_MAY_WAIT = {Status.SUBMITTED, Status.TRIAGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED}


def waits(status: Status, since: object) -> bool:
    """Whether the issue shows it waits for the team: nobody took it since ``since`` (None: not waiting)."""
    return since is not None and status in _MAY_WAIT


def label(status: Status, *, waiting: bool = False) -> str:
    """The status as people read it; one waiting for the team says so."""
    return WAITING_LABEL if waiting else LABELS[status]


_WORKING = {Status.ASSIGNED, Status.IN_PROGRESS, Status.HANDED_TO_PROPERTY}
_ENDS = {Status.MERGED, Status.REJECTED}
# Task steps may overtake the assignment they follow on the broker, so a new issue may jump ahead.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.SUBMITTED: frozenset(_WORKING | _ENDS | {Status.TRIAGED, Status.RESOLVED}),
    Status.TRIAGED: frozenset(_WORKING | _ENDS | {Status.TRIAGED, Status.RESOLVED}),
    Status.ASSIGNED: frozenset(_WORKING | _ENDS | {Status.RESOLVED}),
    Status.IN_PROGRESS: frozenset(_WORKING | _ENDS | {Status.RESOLVED}),
    Status.HANDED_TO_PROPERTY: frozenset(_WORKING | _ENDS | {Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.REOPENED}),
    Status.REOPENED: frozenset(_WORKING | _ENDS | {Status.RESOLVED}),
    Status.CLOSED: frozenset(),
    Status.MERGED: frozenset(),
    Status.REJECTED: frozenset(),
}
FINISHED = frozenset({Status.CLOSED, Status.MERGED, Status.REJECTED})
OPEN = frozenset(set(Status) - FINISHED)
# Still waiting for the team (what a backlog counts, what a resident may say "me too" to).
IN_HAND = frozenset(OPEN - {Status.RESOLVED})


def can_move(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]
