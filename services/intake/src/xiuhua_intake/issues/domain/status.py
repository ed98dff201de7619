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
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.SUBMITTED: frozenset({Status.TRIAGED, Status.ASSIGNED, Status.MERGED, Status.REJECTED}),
    Status.TRIAGED: frozenset({Status.TRIAGED, Status.ASSIGNED, Status.MERGED, Status.REJECTED}),
    Status.ASSIGNED: frozenset(_WORKING | {Status.RESOLVED, Status.MERGED, Status.REJECTED}),
    Status.IN_PROGRESS: frozenset(_WORKING | {Status.RESOLVED}),
    Status.HANDED_TO_PROPERTY: frozenset(_WORKING | {Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED, Status.REOPENED}),
    Status.REOPENED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED}),
    Status.CLOSED: frozenset(),
    Status.MERGED: frozenset(),
    Status.REJECTED: frozenset(),
}
OPEN = frozenset(set(Status) - {Status.CLOSED, Status.MERGED, Status.REJECTED})


def can_move(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]
