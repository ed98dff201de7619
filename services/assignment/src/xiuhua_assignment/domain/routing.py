"""Routing by specialty (各司其职): the member in charge of the category and estate, the least
loaded first; the team lead when nobody is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Reason = Literal["area", "lead_fallback"]


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    role: Literal["member", "lead"]
    areas: frozenset[str]
    estates: frozenset[str]  # empty: every estate of the community
    active: bool = True

    def covers(self, *, category: str, estate: str) -> bool:
        return self.active and category in self.areas and (not self.estates or estate in self.estates)


@dataclass(frozen=True)
class Route:
    member: Candidate
    reason: Reason


def choose_assignee(team: Sequence[Candidate], *, category: str, estate: str,
                    open_tasks: Mapping[str, int]) -> Route | None:
    """Pick who gets a new issue; ``None`` when the team has no active member or lead at all."""
    in_charge = [m for m in team if m.covers(category=category, estate=estate)]
    if in_charge:
        best = min(in_charge, key=lambda m: (open_tasks.get(m.id, 0), m.role == "lead", m.id))
        return Route(best, "area")
    leads = [m for m in team if m.active and m.role == "lead"]
    if leads:
        return Route(min(leads, key=lambda m: (open_tasks.get(m.id, 0), m.id)), "lead_fallback")
    return None
