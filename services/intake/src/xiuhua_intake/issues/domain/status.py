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
