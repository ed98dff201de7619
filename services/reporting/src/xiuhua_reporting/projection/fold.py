"""How one event changes an issue's row (pure: no I/O).

Events arrive late, twice (the inbox drops the twin) or before the event they follow (a
``task.resolved`` before its ``issue.submitted``), so every field is written by a rule that gives the
same row whatever the order: the first time (``first``), the latest time (``latest``), a value that
never changes (``fill``), a group of values kept with the time of the newest event that set them
(``newest``), or a set the derived fields are recomputed from (the latest time of each kind of task
step; the property company's answers). Nothing is dropped for being early: the row waits for the
rest of its facts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from xiuhua_reporting import events
from xiuhua_reporting.domain import status
from xiuhua_reporting.domain.privacy import masked_person

Row = dict[str, Any]


@dataclass(frozen=True)
class Fact:
    """One event as the row sees it."""

    type: str
    id: str  # the event id: a promise is counted once by it
    issue_id: str
    at: datetime  # when it happened: the payload's own time, else the event's
    data: BaseModel  # the reader of ``events.py`` for this type


class _Fold:
    def __init__(self, row: Row) -> None:
        self.row, self.out = row, {}

    def get(self, field: str) -> Any:
        return self.out[field] if field in self.out else self.row.get(field)

    def fill(self, **fields: Any) -> None:
        self.out |= {f: v for f, v in fields.items() if v is not None and self.get(f) is None}

    def first(self, field: str, at: datetime) -> None:
        if self.get(field) is None or at < self.get(field):
            self.out[field] = at

    def latest(self, field: str, value: Any) -> None:
        if self.get(field) is None or value > self.get(field):
            self.out[field] = value

    def newest(self, stamp: str, at: datetime, **fields: Any) -> bool:
        if self.get(stamp) is not None and at < self.get(stamp):
            return False
        self.out |= fields | {stamp: at}
        return True

    def issue_status(self, fact: Fact) -> None:
        self.newest("issue_status_at", fact.at, issue_status=status.ISSUE_STATUS[fact.type])

    def task_step(self, kind: str, at: datetime) -> None:
        steps = dict(self.get("task_steps") or {})
        if kind not in steps or at > steps[kind]:
            self.out["task_steps"] = steps | {kind: at}


def fold(row: Row, fact: Fact) -> Row:
    """The fields ``fact`` changes in ``row`` (the row as stored, ``{}`` when there is none yet)."""
    f = _Fold(row)
    f.fill(community=getattr(fact.data, "community", None))
    _FOLDS[fact.type](f, fact, fact.data)
    if "issue_status" in f.out or "task_steps" in f.out:
        task, task_at = status.task_status_of(f.get("task_steps") or {})
        shown = status.derive(f.get("issue_status"), f.get("issue_status_at"), task, task_at)
        stamps = [t for t in (f.get("issue_status_at"), task_at) if t is not None]
        f.out |= {"status": shown, "status_at": max(stamps)}
    return f.out


def _submitted(f: _Fold, fact: Fact, d: events.IssueSubmitted) -> None:
    f.fill(subdistrict=d.subdistrict, estate=d.estate, submitted_at=fact.at, number=d.number, title=d.title,
           place=d.place.model_dump() if d.place else None, place_text=d.place_text, channel=d.channel,
           reporter=masked_person(d.reporter.model_dump()) if d.reporter else None)
    f.newest("category_at", fact.at, category=d.category)
    f.newest("priority_at", fact.at, priority=d.priority)
    f.issue_status(fact)


def _triaged(f: _Fold, fact: Fact, d: events.IssueTriaged) -> None:
    if d.category:
        f.newest("category_at", fact.at, category=d.category)
    if d.priority:
        f.newest("priority_at", fact.at, priority=d.priority)
    f.issue_status(fact)


def _supported(f: _Fold, fact: Fact, d: events.IssueSupported) -> None:
    f.latest("supporters", d.supporters)
    if d.supporter is not None:
        # who said "me too": a set by resident, kept sorted so any order of events gives the same list
        person = masked_person(d.supporter.model_dump())
        known = {p["sub"]: p for p in f.get("supported_by") or []}
        if person["sub"] not in known:
            f.out["supported_by"] = sorted([*known.values(), person], key=lambda p: p["sub"])


def _ended(f: _Fold, fact: Fact, d: events.IssueStep) -> None:
    if fact.type == events.ISSUE_CLOSED:
        f.latest("closed_at", fact.at)
    f.issue_status(fact)


def _confirmed(f: _Fold, fact: Fact, d: events.IssueStep) -> None:
    f.first("confirmed_at", fact.at)


def _reopened(f: _Fold, fact: Fact, d: events.IssueReopened) -> None:
    # The producer counts reopenings; without its count, each reopening is folded once (inbox).
    count = d.reopen_count if d.reopen_count is not None else (f.get("reopened") or 0) + 1
    f.latest("reopened", count)
    f.issue_status(fact)


def _rated(f: _Fold, fact: Fact, d: events.IssueRated) -> None:
    f.newest("rated_at", fact.at, solved=d.solved, satisfaction=d.satisfaction)


def _assigned(f: _Fold, fact: Fact, d: events.TaskAssigned) -> None:
    f.fill(subdistrict=d.subdistrict, estate=d.estate)
    if d.category:
        f.newest("category_at", fact.at, category=d.category)
    if d.priority:
        f.newest("priority_at", fact.at, priority=d.priority)
    f.newest("assignee_at", fact.at, assignee=d.assignee.id, assignee_name=d.assignee.name or None)
    f.first("assigned_at", fact.at)
    if d.respond_by is not None:
        f.newest("limits_at", fact.at, respond_by=d.respond_by, resolve_by=d.resolve_by)
    f.task_step("assigned", fact.at)


def _responded(f: _Fold, fact: Fact, d: events.TaskStep) -> None:
    f.first("first_response_at", fact.at)
    if fact.type == events.TASK_RESOLVED:
        f.latest("resolved_at", fact.at)
        if d.actor is not None and d.actor.role in ("member", "lead"):  # a person of the team, not the system
            f.newest("resolved_by_at", fact.at, resolved_by=d.actor.id)
    f.task_step(status.TASK_STEP[fact.type], fact.at)


def _declined(f: _Fold, fact: Fact, d: events.TaskDeclined) -> None:
    # The decliner stops being the assignee, unless a newer assignment already replaced them; an
    # early decline clears the place so that the older assignment it follows cannot take it.
    if f.get("assignee") in (None, d.assignee.id):
        f.newest("assignee_at", fact.at, assignee=None, assignee_name=None)


def _handed(f: _Fold, fact: Fact, d: events.TaskHandedToProperty) -> None:
    f.first("first_response_at", fact.at)
    f.task_step("handed_to_property", fact.at)
    f.newest("handed_at", fact.at, company=d.company.id, company_name=d.company.name or None, ack_by=d.ack_by)
    _property_cycle(f)


def _property(f: _Fold, fact: Fact, d: events.TaskPropertyUpdated) -> None:
    f.fill(company=d.company.id, company_name=d.company.name or None)
    answers = list(f.get("property_answers") or [])
    if all(a["id"] != fact.id for a in answers):
        answers.append({"id": fact.id, "kind": d.kind, "at": fact.at,
                        "date": d.promised_date.isoformat() if d.promised_date else None})
    f.out["property_answers"] = answers
    if d.kind == "done":
        f.task_step(status.PROPERTY_DONE, fact.at)
    _property_cycle(f)


def _property_cycle(f: _Fold) -> None:
    """The company's answers to the latest handover (a new handover starts a new cycle; answers
    that came before it belonged to the previous one): first answer, first done, promises."""
    handed = f.get("handed_at")
    answers = sorted((a for a in f.get("property_answers") or [] if handed is None or a["at"] >= handed),
                     key=lambda a: a["at"])
    done = [a["at"] for a in answers if a["kind"] == "done"]
    f.out |= {"acknowledged_at": answers[0]["at"] if answers else None,  # any answer acknowledges
              "property_done_at": done[0] if done else None,
              "promises": [{"date": a["date"], "at": a["at"]} for a in answers if a["kind"] == "promised"
                           and a["date"]]}


def _rescheduled(f: _Fold, fact: Fact, d: events.TaskRescheduled) -> None:
    f.newest("priority_at", fact.at, priority=d.priority)
    f.newest("limits_at", fact.at, respond_by=d.respond_by, resolve_by=d.resolve_by)


def _breached(f: _Fold, fact: Fact, d: events.TaskSlaBreached) -> None:
    # the latest deadline of the kind that assignment found passed (domain/inhand.py reads it)
    f.latest(f"{d.kind}_breached", d.due_at)


_FOLDS: dict[str, Callable[[_Fold, Fact, Any], None]] = {
    events.ISSUE_SUBMITTED: _submitted,
    events.ISSUE_TRIAGED: _triaged,
    events.ISSUE_SUPPORTED: _supported,
    events.ISSUE_MERGED: _ended,
    events.ISSUE_REJECTED: _ended,
    events.ISSUE_CONFIRMED: _confirmed,
    events.ISSUE_REOPENED: _reopened,
    events.ISSUE_RATED: _rated,
    events.ISSUE_CLOSED: _ended,
    events.TASK_ASSIGNED: _assigned,
    events.TASK_ACCEPTED: _responded,
    events.TASK_DECLINED: _declined,
    events.TASK_PROGRESSED: _responded,
    events.TASK_HANDED_TO_PROPERTY: _handed,
    events.TASK_PROPERTY_UPDATED: _property,
    events.TASK_RESOLVED: _responded,
    events.TASK_RESCHEDULED: _rescheduled,
    events.TASK_SLA_BREACHED: _breached,
}
