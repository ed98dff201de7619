"""A monthly report from the issue rows of its scope (pure: the rows and names are read elsewhere).

Every figure is the rates' own (``domain/rates.py``, the same as ``GET /reporting/v1/rates``): the month's
figures over the issues received in it, per category, estate, member or community the same figures over
each part, and each property company's over the issues handed to it in the month, on its own clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from xiuhua_reporting.domain import inhand, rates
from xiuhua_reporting.domain.period import SHANGHAI
from xiuhua_reporting.rates.places import CATEGORIES
from xiuhua_reporting.rates.schemas import RateFigures, RateGroup
from xiuhua_reporting.reports.month import Month
from xiuhua_reporting.reports.schemas import Backlog, Change, MonthlyReport

Row = Mapping[str, Any]
# The row field each part is keyed by, and the one holding a name when the directory has none.
PARTS = {"category": ("category", None), "estate": ("estate", None), "member": ("assignee", "assignee_name"),
         "community": ("community", None), "property": ("company", "company_name")}
# What scope shows which parts.
SHOWN = {"community": ("category", "estate", "member"), "subdistrict": ("category", "community")}


@dataclass(frozen=True)
class Head:
    scope: str
    id: str
    name: str | None
    subdistrict: str | None
    month: Month


def cases_of(rows: Iterable[Row], *, company: bool = False) -> list[tuple[Row, rates.Case]]:
    """Each row with the case the rates count (rows not counted yet left out); ``company``: on the
    property company's clock."""
    to_case = rates.property_case if company else rates.volunteer_case
    return [(row, case) for row in rows if (case := to_case(row)) is not None]


def figures_of(cases: Iterable[tuple[Row, rates.Case]], *, now: datetime,
               company: bool = False) -> RateFigures:
    """The rates' figures over ``cases``."""
    found = rates.figures((case for _, case in cases), now=now, promises=company)
    return RateFigures.model_validate(asdict(found))


def parts(cases: list[tuple[Row, rates.Case]], part: str, names: Mapping[str | None, str | None], *,
          now: datetime) -> list[RateGroup]:
    """The figures of each part: categories in their usual order (all of them), the others busiest first."""
    field, name_field = PARTS[part]
    split: dict[str | None, list[tuple[Row, rates.Case]]] = defaultdict(list)
    for pair in cases:
        split[pair[0].get(field)].append(pair)
    if part == "category":
        split = {key: split.get(key, []) for key in [*CATEGORIES, *sorted(k for k in split if k not in CATEGORIES)]}
    company = part == "property"
    groups = [RateGroup(key=key, name=names.get(key) or _named(found, name_field) or
                        (CATEGORIES.get(key, key) if part == "category" else None),
                        **figures_of(found, now=now, company=company).model_dump())
              for key, found in split.items()]
    if part != "category":
        groups.sort(key=lambda g: (g.key is None, -g.received, g.key or ""))
    return groups


def keys(rows: Iterable[Row], part: str) -> set[str | None]:
    field = PARTS[part][0]
    return {row.get(field) for row in rows}


def change(now: RateFigures, before: RateFigures) -> Change:
    def delta(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else round(a - b, 4)

    return Change(received=now.received - before.received, backlog=now.backlog - before.backlog,
                  reopened=now.reopened - before.reopened,
                  response_rate=delta(now.response_rate, before.response_rate),
                  resolution_rate=delta(now.resolution_rate, before.resolution_rate),
                  satisfaction_rate=delta(now.satisfaction_rate, before.satisfaction_rate))


def backlog(open_rows: Iterable[Row], month: Month) -> Backlog:
    """``open_rows``: the scope's issues received before the month's end and still in hand (domain/inhand.py)."""
    held = inhand.in_hand(open_rows, start=month.start)
    return Backlog(open=held.open, from_month=held.from_period, earlier=held.earlier, overdue=held.overdue,
                   overdue_respond=held.overdue_respond, overdue_resolve=held.overdue_resolve)


def compose(head: Head, *, rows: list[Row], previous: RateFigures, open_rows: Iterable[Row],
            handed_rows: list[Row], names: Mapping[str, Mapping[str | None, str | None]],
            now: datetime, min_base: int = rates.MIN_BASE) -> MonthlyReport:
    """The report of ``head``'s month: ``rows`` received in it, ``handed_rows`` handed to a company in it."""
    cases = cases_of(rows)
    figures = figures_of(cases, now=now)
    shown = {part: parts(cases, part, names.get(part, {}), now=now) for part in SHOWN[head.scope]}
    period = head.month.period
    return MonthlyReport(
        scope=head.scope, id=head.id, name=head.name, subdistrict=head.subdistrict, month=str(head.month),
        from_=period.start, to=period.end.astimezone(SHANGHAI), as_of=now.astimezone(SHANGHAI),
        figures=figures, min_base=min_base, previous=previous, change=change(figures, previous),
        backlog=backlog(open_rows, head.month),
        by_category=shown["category"], by_estate=shown.get("estate", []), by_member=shown.get("member", []),
        by_community=shown.get("community", []),
        property_companies=parts(cases_of(handed_rows, company=True), "property", names.get("property", {}),
                                 now=now),
    )


def _named(cases: list[tuple[Row, rates.Case]], name_field: str | None) -> str | None:
    return next((r[name_field] for r, _ in cases if r.get(name_field)), None) if name_field else None
