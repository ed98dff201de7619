"""What is in hand (在办) and what of it is overdue (超时), as of now (pure: no I/O).

In hand: an issue not yet resolved, closed, merged or rejected (``status.in_backlog``) — the statuses
intake's public board counts as 在办 too. The dashboard, the rates' ``in_hand`` and the monthly report
count the scope's issues received before the period's end that are in hand now.

Overdue is assignment's definition (its task clocks), counted here from the events it sends: a limit is
missed when assignment announced its breach (``task.sla_breached``: the limit passed while the task was
running and not waiting on the resident) for the deadline the task has now, and the limit is still to
be met — 响应超时: no first response yet; 办结超时: not resolved. A deadline moved later (the clock ran
again after waiting, a lower priority) is not missed until its own breach comes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from xiuhua_reporting.domain.status import in_backlog

LIMITS = ("respond", "resolve")
# Deadlines travel through two services and MongoDB (milliseconds): equal within a second.
_SAME = timedelta(seconds=1)


@dataclass(frozen=True)
class InHand:
    open: int  # in hand now
    from_period: int  # of those, received in the period
    earlier: int  # received before it
    overdue: int  # a limit missed (either)
    overdue_respond: int  # 响应超时
    overdue_resolve: int  # 办结超时


def overdue_limits(row: Mapping[str, Any]) -> tuple[str, ...]:
    """The limits ``row`` (an issue in hand) has missed: ``respond``, ``resolve``, both or none."""
    missed = []
    for kind in LIMITS:
        breached: datetime | None = row.get(f"{kind}_breached")
        due: datetime | None = row.get(f"{kind}_by")
        if breached is None or (due is not None and breached < due - _SAME):
            continue
        if kind == "respond" and row.get("first_response_at") is not None:
            continue
        missed.append(kind)
    return tuple(missed)


def in_hand(rows: Iterable[Mapping[str, Any]], *, start: datetime) -> InHand:
    """The counts over ``rows`` (the scope's issues received before the period's end) that are in hand."""
    held = [r for r in rows if in_backlog(r.get("status")) and r.get("submitted_at") is not None]
    from_period = sum(1 for r in held if r["submitted_at"] >= start)
    missed = [overdue_limits(r) for r in held]
    return InHand(open=len(held), from_period=from_period, earlier=len(held) - from_period,
                  overdue=sum(1 for m in missed if m), overdue_respond=sum(1 for m in missed if "respond" in m),
                  overdue_resolve=sum(1 for m in missed if "resolve" in m))


# What a row must hold for ``in_hand`` (the fields to read from the issue view).
FIELDS = ["submitted_at", "status", "first_response_at", "respond_by", "resolve_by", "respond_breached",
          "resolve_breached"]
