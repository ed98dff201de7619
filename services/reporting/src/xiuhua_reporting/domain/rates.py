"""The three rates (三率) and the times to answer, over the issues of a scope and a period.

The period is [from, to) in Asia/Shanghai time. The scope's issues are those of the subdistrict, the
community or the estate; for a member, those whose current assignee is that member; for a category,
those of its (newest) category in the caller's community, or across the subdistrict for its admin.

- received: issues submitted in the period.
- backlog: of those, the ones still being worked on now (not resolved, closed, merged or rejected).
- response_rate (响应率) = responded_on_time / response_due: of the received issues that had a response
  deadline (respond_by) and were not merged or rejected, the share whose first response (accepted, a
  progress note, handed to the property company, or resolved; a decline is not a response) came at or
  before respond_by. An issue with no response yet counts only once its deadline has passed, as a miss.
- resolution_rate (解决率) = solved / rated: of the received issues with a return visit (rating), the
  share rated solved.
- satisfaction_rate (满意率) = satisfied / rated: of the rated ones, the share 满意 or 基本满意.
- first_response_minutes, resolution_hours: p50 and p90 (nearest rank: the ⌈q·n⌉-th smallest of n) of
  submitted → first response and of submitted → latest resolution, over the received issues that have one.
- reopened: received issues reopened at least once.

A rate is null when its denominator is 0 (a percentile, when no issue has the time); rates are
rounded to 4 decimals, minutes and hours to 2. A rate over fewer issues than the setting
``RATES_MIN_BASE`` (default 10) is listed in ``small_base``: two ratings make a 100 % that means little,
so pages and reports say so beside it.

Property company scope, kept apart from the volunteers' figures: its issues are those handed to the
company, and received means handed to it in the period; backlog, those it has not reported done that
are still being worked on; the response is the company's first answer (acknowledged, a promised date,
or done) at or before ack_by (unanswered, it counts once ack_by has passed), and the times run from the
handover (handed → first answer, handed → done). promises: made = promised dates given on the
received issues; kept = done on or before the promised day; broken = not done by the promised day,
which has passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from xiuhua_reporting.domain.period import SHANGHAI
from xiuhua_reporting.domain.status import EXCLUDED, in_backlog

SATISFIED = frozenset({"satisfied", "basically_satisfied"})
# Each rate's denominator: the count a page shows under it (按时响应 5 / 应响应 7).
BASES = {"response_rate": "response_due", "resolution_rate": "rated", "satisfaction_rate": "rated"}
MIN_BASE = 10  # the default of RATES_MIN_BASE


@dataclass(frozen=True)
class Case:
    """One issue as the rates see it: when its clock started, what answered it, how it ended."""

    start: datetime  # submitted (volunteers) or handed over (property company)
    working: bool  # still being worked on now
    excluded: bool = False  # merged or rejected: no response was owed
    deadline: datetime | None = None  # respond_by, or the company's ack_by
    responded_at: datetime | None = None
    resolved_at: datetime | None = None  # the latest resolution, or the company's done
    reopened: int = 0
    solved: bool | None = None  # the return visit; None while there is none
    satisfaction: str | None = None
    promised: tuple[date, ...] = ()


@dataclass(frozen=True)
class Percentiles:
    p50: float | None
    p90: float | None


@dataclass(frozen=True)
class Promises:
    made: int
    kept: int
    broken: int


@dataclass(frozen=True)
class Figures:
    received: int
    backlog: int
    response_rate: float | None
    responded_on_time: int
    response_due: int
    resolution_rate: float | None
    solved: int
    rated: int
    satisfaction_rate: float | None
    satisfied: int
    first_response_minutes: Percentiles
    resolution_hours: Percentiles
    reopened: int
    promises: Promises | None = None


def figures(cases: Iterable[Case], *, now: datetime, promises: bool = False) -> Figures:
    """Every figure of the definitions above over ``cases`` (the received issues), as of ``now``."""
    cases = list(cases)
    due = [c for c in cases if c.deadline is not None and not c.excluded
           and (c.responded_at is not None or now > c.deadline)]
    on_time = sum(1 for c in due if c.responded_at is not None and c.responded_at <= c.deadline)
    rated = [c for c in cases if c.solved is not None]
    solved = sum(1 for c in rated if c.solved)
    satisfied = sum(1 for c in rated if c.satisfaction in SATISFIED)
    to_response = [_minutes(c.start, c.responded_at) for c in cases if c.responded_at is not None]
    to_resolution = [_minutes(c.start, c.resolved_at) / 60 for c in cases if c.resolved_at is not None]
    return Figures(
        received=len(cases), backlog=sum(1 for c in cases if c.working),
        response_rate=ratio(on_time, len(due)), responded_on_time=on_time, response_due=len(due),
        resolution_rate=ratio(solved, len(rated)), solved=solved, rated=len(rated),
        satisfaction_rate=ratio(satisfied, len(rated)), satisfied=satisfied,
        first_response_minutes=Percentiles(percentile(to_response, 50), percentile(to_response, 90)),
        resolution_hours=Percentiles(percentile(to_resolution, 50), percentile(to_resolution, 90)),
        reopened=sum(1 for c in cases if c.reopened > 0),
        promises=promise_counts(cases, now=now) if promises else None,
    )


def small_base(counts: Mapping[str, Any], min_base: int) -> list[str]:
    """The rates (in ``BASES`` order) whose denominator in ``counts`` is below ``min_base``."""
    return [rate for rate, base in BASES.items() if counts[base] < min_base]


def ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def percentile(values: list[float], q: int) -> float | None:
    """Nearest rank: the ⌈q/100 · n⌉-th smallest value; None for no values."""
    if not values:
        return None
    rank = -(-q * len(values) // 100)  # ceil in integers: no float error at exact ranks
    return round(sorted(values)[max(rank, 1) - 1], 2)


def promise_counts(cases: Iterable[Case], *, now: datetime) -> Promises:
    today = now.astimezone(SHANGHAI).date()
    made = kept = broken = 0
    for case in cases:
        done_on = case.resolved_at.astimezone(SHANGHAI).date() if case.resolved_at else None
        for day in case.promised:
            made += 1
            if done_on is not None and done_on <= day:
                kept += 1
            elif today > day:
                broken += 1
    return Promises(made, kept, broken)


def _minutes(start: datetime, end: datetime) -> float:
    # Clocks of two services may disagree by a moment: an answer is never before its question.
    return max((end - start).total_seconds() / 60, 0.0)


def volunteer_case(row: Mapping[str, Any]) -> Case | None:
    """An issue row as the team's figures count it (None until its submission is known)."""
    if row.get("submitted_at") is None:
        return None
    return Case(start=row["submitted_at"], working=in_backlog(row.get("status")),
                excluded=row.get("status") in EXCLUDED, deadline=row.get("respond_by"),
                responded_at=row.get("first_response_at"), resolved_at=row.get("resolved_at"),
                reopened=row.get("reopened") or 0, solved=row.get("solved"), satisfaction=row.get("satisfaction"))


def property_case(row: Mapping[str, Any]) -> Case | None:
    """An issue row as the property company's figures count it (None unless handed to it)."""
    if row.get("handed_at") is None:
        return None
    done = row.get("property_done_at")
    return Case(start=row["handed_at"], working=done is None and in_backlog(row.get("status")),
                excluded=row.get("status") in EXCLUDED, deadline=row.get("ack_by"),
                responded_at=row.get("acknowledged_at"), resolved_at=done, reopened=row.get("reopened") or 0,
                solved=row.get("solved"), satisfaction=row.get("satisfaction"),
                promised=tuple(date.fromisoformat(p["date"]) for p in row.get("promises") or []))
