"""Volunteers' contribution (挖掘能人): what each member did, and the residents who report and support
most, as candidates to invite into the team (pure).

Over the issues received in the period:

- per member (the issue's current assignee): ``assigned`` issues; ``handled`` = resolved by them (the
  member who resolved it, else the assignee of a resolved issue); ``response_minutes`` = median
  (nearest rank) of assignment → first response over their issues that had one; ``thanks`` = their
  resolved issues the reporter confirmed as fixed (确认解决); ``rated`` and ``satisfied`` = return
  visits on their issues and how many were 满意 or 基本满意.
- per estate, residents: ``reported`` issues (not those the team reported itself, channel ``team``)
  and ``supported`` ("me too") on others' issues; the most active first (reported + supported), at
  most ``top`` of them per estate. Names and phones come masked (刘**, 138****5678).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from xiuhua_reporting.domain.rates import SATISFIED, percentile


@dataclass(frozen=True)
class MemberWork:
    member: str
    assigned: int
    handled: int
    response_minutes: float | None
    thanks: int
    rated: int
    satisfied: int


@dataclass(frozen=True)
class Resident:
    estate: str
    sub: str
    name: str | None
    phone: str | None
    reported: int
    supported: int


def members(rows: Iterable[Mapping[str, Any]]) -> list[MemberWork]:
    """Each member's work, the most handled first."""
    mine: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    handled: dict[str, int] = defaultdict(int)
    thanks: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.get("assignee"):
            mine[row["assignee"]].append(row)
        if row.get("resolved_at") is not None:
            by = row.get("resolved_by") or row.get("assignee")
            if by:
                handled[by] += 1
                thanks[by] += row.get("confirmed_at") is not None
    out = []
    for member in set(mine) | set(handled):
        issues = mine.get(member, [])
        waits = [max((r["first_response_at"] - r["assigned_at"]).total_seconds() / 60, 0.0) for r in issues
                 if r.get("first_response_at") is not None and r.get("assigned_at") is not None]
        rated = [r for r in issues if r.get("solved") is not None]
        out.append(MemberWork(member=member, assigned=len(issues), handled=handled.get(member, 0),
                              response_minutes=percentile(waits, 50), thanks=thanks.get(member, 0),
                              rated=len(rated), satisfied=sum(r.get("satisfaction") in SATISFIED for r in rated)))
    return sorted(out, key=lambda m: (-m.handled, -m.assigned, m.member))


def residents(rows: Iterable[Mapping[str, Any]], *, top: int = 10) -> list[Resident]:
    """Per estate, the residents who reported and supported most (at most ``top`` per estate)."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    shown: dict[tuple[str, str], Mapping[str, Any]] = {}
    for row in rows:
        estate = row.get("estate")
        reporter = row.get("reporter")
        if reporter and row.get("channel") != "team":
            counts[(estate, reporter["sub"])][0] += 1
            shown.setdefault((estate, reporter["sub"]), reporter)
        for person in row.get("supported_by") or []:
            counts[(estate, person["sub"])][1] += 1
            shown.setdefault((estate, person["sub"]), person)
    per_estate: dict[str, list[Resident]] = defaultdict(list)
    for (estate, sub), (reported, supported) in counts.items():
        person = shown[(estate, sub)]
        per_estate[estate].append(Resident(estate, sub, person.get("name"), person.get("phone"), reported, supported))
    out = []
    for estate in sorted(per_estate, key=str):
        ranked = sorted(per_estate[estate], key=lambda r: (-(r.reported + r.supported), -r.reported, r.sub))
        out.extend(ranked[:top])
    return out
