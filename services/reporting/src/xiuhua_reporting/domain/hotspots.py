"""Hot spots (未诉先办): the places and categories that keep coming back, as candidates for the team
to act on before anyone complains (pure).

A place is a public spot of an estate (a garage zone, a lift, a gate) or a building; issues merged
into another or not accepted do not count (they are the same problem, or none). For each (estate,
place, category) with issues submitted before ``at``:

- **recurring** (反复出现): at least ``min_issues`` issues in the ``weeks`` weeks before ``at``
  (HOTSPOT_WEEKS, HOTSPOT_MIN_ISSUES; defaults 8 and 3);
- **monthly** (每月出现): at least one issue in each of the ``months`` whole calendar months (Asia/
  Shanghai) before the month of ``at`` (HOTSPOT_MONTHS; default 3).

Either makes a hot spot; the most issues first. ``acted`` names the newest issue the team itself
reported there (channel ``team``) in the window, once the lead turned the hot spot into a task.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from xiuhua_reporting.domain.period import SHANGHAI
from xiuhua_reporting.domain.status import EXCLUDED


@dataclass(frozen=True)
class Rules:
    weeks: int = 8
    min_issues: int = 3
    months: int = 3


@dataclass
class HotSpot:
    estate: str
    place: tuple[str, str]  # ("spot", id) or ("building", id)
    category: str
    place_text: str | None = None
    kinds: list[str] = field(default_factory=list)  # recurring, monthly
    in_window: int = 0
    months: list[str] = field(default_factory=list)  # "2025-03": the months with an issue
    issues: list[Mapping[str, Any]] = field(default_factory=list)  # newest first
    acted: Mapping[str, Any] | None = None


def place_of(row: Mapping[str, Any]) -> tuple[str, str] | None:
    place = row.get("place") or {}
    if place.get("spot"):
        return ("spot", place["spot"])
    if place.get("building"):
        return ("building", place["building"])
    return None


def month_starts(at: datetime, months: int) -> list[datetime]:
    """The first instants of the ``months`` whole months before the month of ``at`` (oldest first)."""
    local = at.astimezone(SHANGHAI)
    year, month = local.year, local.month
    starts = []
    for _ in range(months):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        starts.append(datetime(year, month, 1, tzinfo=SHANGHAI))
    return starts[::-1]


def since(at: datetime, rules: Rules) -> datetime:
    """The oldest submission the rules look at."""
    starts = month_starts(at, rules.months)
    return min([at - timedelta(weeks=rules.weeks), *starts[:1]])


def hotspots(rows: Iterable[Mapping[str, Any]], *, at: datetime, rules: Rules) -> list[HotSpot]:
    """The hot spots among ``rows`` (issue rows submitted in [since(at), at))."""
    window = at - timedelta(weeks=rules.weeks)
    wanted = [s.strftime("%Y-%m") for s in month_starts(at, rules.months)]
    groups: dict[tuple[str, tuple[str, str], str], list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        place = place_of(row)
        submitted = row.get("submitted_at")
        if place is None or submitted is None or submitted >= at or row.get("status") in EXCLUDED:
            continue
        groups[(row.get("estate"), place, row.get("category"))].append(row)
    found = []
    for (estate, place, category), issues in groups.items():
        issues.sort(key=lambda r: r["submitted_at"], reverse=True)
        recent = [r for r in issues if r["submitted_at"] >= window]
        months = sorted({r["submitted_at"].astimezone(SHANGHAI).strftime("%Y-%m") for r in issues})
        kinds = (["recurring"] if len(recent) >= rules.min_issues else []) + (
            ["monthly"] if rules.months and all(m in months for m in wanted) else [])
        if not kinds:
            continue
        team = [r for r in recent if r.get("channel") == "team"]
        found.append(HotSpot(estate=estate, place=place, category=category,
                             place_text=next((r.get("place_text") for r in issues if r.get("place_text")), None),
                             kinds=kinds, in_window=len(recent), months=[m for m in months if m in wanted] or months,
                             issues=issues, acted=team[0] if team else None))
    found.sort(key=lambda h: (-len(h.issues), -h.in_window, h.estate or "", h.place, h.category or ""))
    return found
