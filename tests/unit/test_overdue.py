"""超时 means one thing: assignment's task clocks (督办台, a task, the lead's board) and reporting's count
from the events assignment sends (the monthly report, the dashboard's 在办) agree on which limits a task
has missed, step for step through the same lives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from xiuhua_assignment.supervision.clocks import overdue_limits as assignment_overdue
from xiuhua_events import new_event
from xiuhua_reporting.domain import inhand
from xiuhua_reporting.projection import facts
from xiuhua_reporting.projection.fold import fold

T0 = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
DAY = timedelta(days=1)
MEMBER = {"id": "m1", "name": "李明", "role": "member"}


class Life:
    """One task's life, kept both as assignment's task document and as the events reporting folds."""

    def __init__(self) -> None:
        self.task = {"_id": "i1", "status": "assigned", "respond_by": T0 + DAY, "resolve_by": T0 + 7 * DAY,
                     "first_response_at": None, "breaches": []}
        self.row: dict = {}
        self.at = T0
        self._event("issue.submitted", estate="e1", subdistrict="lizhou", category="parking", priority="normal",
                    submitted_at=T0.isoformat())
        self._event("task.assigned", assignee=MEMBER, assigned_at=T0.isoformat(),
                    respond_by=(T0 + DAY).isoformat(), resolve_by=(T0 + 7 * DAY).isoformat())

    def _event(self, fact: str, **data) -> None:
        data = {"issue_id": "i1", "community": "hy", "at": self.at.isoformat()} | data
        event = new_event(type=f"xiuhua.{fact}.v1", source="/test", tenant="hy", subject="i1", data=data)
        self.row |= fold(self.row, facts.read(event))

    def breach(self, kind: str) -> Life:
        """The limit's timer fired: assignment records the breach and announces it."""
        due = self.task[f"{kind}_by"]
        self.at = max(self.at, due)
        self.task["breaches"].append({"kind": kind, "due_at": due, "at": self.at})
        self._event("task.sla_breached", kind=kind, due_at=due.isoformat(), assignee=MEMBER, title="灯",
                    estate="e1", subdistrict="lizhou")
        return self

    def respond(self) -> Life:
        self.at += timedelta(hours=1)
        self.task |= {"first_response_at": self.at, "status": "in_progress"}
        self._event("task.accepted", assignee=MEMBER, actor=MEMBER)
        return self

    def resume_later(self, by: timedelta) -> Life:
        """Back from waiting on the resident: the resolve limit moves by the time spent waiting."""
        self.at += timedelta(hours=1)
        self.task["resolve_by"] += by
        self._event("task.rescheduled", priority="normal", respond_by=self.task["respond_by"].isoformat(),
                    resolve_by=self.task["resolve_by"].isoformat())
        return self

    def resolve(self) -> Life:
        self.at += timedelta(hours=1)
        self.task |= {"status": "resolved", "first_response_at": self.task["first_response_at"] or self.at}
        self._event("task.resolved", assignee=MEMBER, actor=MEMBER, note="修好了")
        return self

    def reporting(self) -> list[str]:
        held = inhand.in_hand([self.row], start=T0)
        return [k for k, n in (("respond", held.overdue_respond), ("resolve", held.overdue_resolve)) if n]


@pytest.mark.parametrize(("life", "missed"), [
    (lambda: Life(), []),
    (lambda: Life().breach("respond"), ["respond"]),  # 响应超时: no answer by respond_by
    (lambda: Life().breach("respond").respond(), []),  # a late answer meets the limit
    (lambda: Life().respond().breach("resolve"), ["resolve"]),  # 办结超时, though answered in time
    (lambda: Life().breach("respond").breach("resolve"), ["respond", "resolve"]),
    (lambda: Life().respond().breach("resolve").resume_later(3 * DAY), []),  # a new deadline, not yet passed
    (lambda: Life().respond().breach("resolve").resume_later(3 * DAY).breach("resolve"), ["resolve"]),
    (lambda: Life().breach("respond").breach("resolve").resolve(), []),  # done: nothing in hand
], ids=["new", "no-answer", "late-answer", "late-fix", "both", "moved-later", "moved-and-missed", "resolved"])
def test_assignment_and_reporting_count_the_same_missed_limits(life, missed):
    lived = life()
    assert assignment_overdue(lived.task) == missed
    assert lived.reporting() == missed


def test_a_deadline_passed_but_not_yet_announced_is_not_counted_anywhere():
    """The breach timer fires within a second of the deadline; until then neither side calls it late."""
    lived = Life()
    lived.task["respond_by"] = lived.row["respond_by"] = T0 - timedelta(minutes=1)
    assert assignment_overdue(lived.task) == [] and lived.reporting() == []


def test_the_in_hand_counts_split_the_period_and_the_limits():
    late = Life().breach("respond").row
    fixed_late = Life().respond().breach("resolve").row
    earlier = Life().row | {"submitted_at": T0 - 40 * DAY}
    done = Life().resolve().row
    held = inhand.in_hand([late, fixed_late, earlier, done], start=T0 - DAY)
    assert held == inhand.InHand(open=3, from_period=2, earlier=1, overdue=2, overdue_respond=1, overdue_resolve=1)
