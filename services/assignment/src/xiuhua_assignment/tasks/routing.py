"""Routing by specialty (各司其职): the member in charge of the category and estate, the least
loaded first, then the one idle longest; the team lead when nobody is. Every decision says why,
in words the lead reads."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

NEVER = datetime(1970, 1, 1, tzinfo=UTC)

Reason = Literal["area", "lead_fallback", "spotted"]

AREA_LABELS = {
    "cleaning": "保洁",
    "greening": "绿化",
    "security": "安保",
    "parking": "车库停车",
    "facilities": "设施维修",
    "other": "其他",
}


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    role: Literal["member", "lead"]
    areas: frozenset[str]
    estates: frozenset[str]  # empty: every estate of the community
    active: bool = True
    last_assigned_at: datetime = NEVER
    available: bool = True  # not away (暂停接单) and not on leave today
    capacity: int | None = None  # open tasks at most
    places: frozenset[str] = frozenset()  # building or spot ids in charge; empty: every place

    def covers(self, *, category: str, estate: str, place: Collection[str] = ()) -> bool:
        """In charge of the category, the estate and the place (a building or spot id of the report)."""
        in_place = not self.places or not place or bool(self.places & set(place))
        return self.active and category in self.areas and (not self.estates or estate in self.estates) and in_place


@dataclass(frozen=True)
class Route:
    member: Candidate
    reason: Reason
    why: str


def choose_assignee(team: Sequence[Candidate], *, category: str, estate: str, open_tasks: Mapping[str, int],
                    exclude: Collection[str] = (), place: Collection[str] = ()) -> Route | None:
    """Pick who gets an issue, leaving out ``exclude`` (members who declined it); ``None`` when the
    team has nobody left at all."""
    label = AREA_LABELS.get(category, category)
    willing = [m for m in team if m.active and m.id not in exclude]
    def able(members: list[Candidate]) -> list[Candidate]:
        return [m for m in members if m.available and (m.capacity is None or open_tasks.get(m.id, 0) < m.capacity)]

    # those in charge of this very place first, then those with no place of their own, then anyone
    # with the category (in charge of other places) — the first of these who can take it
    general = [m for m in willing if m.covers(category=category, estate=estate, place=place)]
    tiers = ([m for m in general if m.places & set(place)], general,
             [m for m in willing if m.covers(category=category, estate=estate)])
    covering = next((tier for tier in tiers if able(tier)), tiers[-1])
    in_charge = able(covering)
    resting = len(covering) - len(in_charge)
    rest = f"；另有{resting}人请假、暂停接单或已满" if resting else ""
    if in_charge:
        best = min(in_charge, key=lambda m: (open_tasks.get(m.id, 0), m.role == "lead", m.last_assigned_at, m.id))
        load = open_tasks.get(best.id, 0)
        here = "，负责该处" if best.places and set(place) & best.places else ""
        if len(in_charge) == 1:
            why = f"分管{label}{here}，在办{load}件{rest}"
        else:
            why = f"分管{label}{here}的{len(in_charge)}人中在办最少（{load}件）{rest}"
        return Route(best, "area", why)
    if resting:
        exclude_note = f"分管{label}的{resting}人请假、暂停接单或已满"
        leads = [m for m in willing if m.role == "lead" and m.available] or [m for m in willing if m.role == "lead"]
        if leads:
            lead = min(leads, key=lambda m: (open_tasks.get(m.id, 0), m.last_assigned_at, m.id))
            return Route(lead, "lead_fallback", f"{exclude_note}，交队长")
    available = [m for m in willing if m.available] or willing
    leads = [m for m in available if m.role == "lead"]
    if leads:
        lead = min(leads, key=lambda m: (open_tasks.get(m.id, 0), m.last_assigned_at, m.id))
        nobody = "其余分管队员都已退回" if exclude and any(
            m.covers(category=category, estate=estate) for m in team if m.id in exclude) else f"无人分管{label}"
        return Route(lead, "lead_fallback", f"{nobody}，交队长")
    return None


def nobody_why(team: Sequence[Candidate], *, category: str, estate: str) -> str:
    """Why nobody could take an issue (``choose_assignee`` gave ``None``), in words the staff read."""
    label = AREA_LABELS.get(category, category)
    resting = [m for m in team if m.covers(category=category, estate=estate)]
    first = f"分管{label}的{len(resting)}人请假、暂停接单或已满" if resting else f"无人分管{label}"
    return f"{first}，服务队也没有在岗的队长"
