"""Status words as reporting counts them (it learns them from events, not from intake's code)."""

from __future__ import annotations

CLOSED_STATUSES = frozenset({"closed", "merged", "rejected"})

# The status an issue takes when reporting sees each event; events not listed leave it alone.
STATUS_AFTER = {
    "xiuhua.issue.submitted.v1": "submitted",
    "xiuhua.task.assigned.v1": "assigned",
}


def is_open(status: str) -> bool:
    return status not in CLOSED_STATUSES
