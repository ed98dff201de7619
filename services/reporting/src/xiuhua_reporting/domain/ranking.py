"""Ranking communities and estates by their three rates (pure).

score = (w_response · 响应率 + w_resolution · 解决率 + w_satisfaction · 满意率) / (the weights of the
rates that are not null), so a place with no return visit yet is judged on what it has; null when all
three are null. Weights are configuration (RANK_WEIGHT_RESPONSE, RANK_WEIGHT_RESOLUTION,
RANK_WEIGHT_SATISFACTION; defaults 0.1, 0.45, 0.45, as city hotlines weight them). Places that received
fewer than RANK_MIN_RECEIVED issues in the period are listed last, unranked (rank null), as are those
with no score. Higher score first; equal scores share a rank (1, 2, 2, 4), then more received first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


@dataclass(frozen=True)
class Weights:
    response: float = 0.1
    resolution: float = 0.45
    satisfaction: float = 0.45

    def of(self, rate: str) -> float:
        return {"response_rate": self.response, "resolution_rate": self.resolution,
                "satisfaction_rate": self.satisfaction}[rate]


def score(figures: Mapping[str, Any], weights: Weights) -> float | None:
    """The weighted mean of the rates that are not null (rounded to 4 decimals)."""
    known = [(weights.of(r), figures[r]) for r in RATES if figures.get(r) is not None and weights.of(r) > 0]
    total = sum(w for w, _ in known)
    if not total:
        return None
    return round(sum(w * v for w, v in known) / total, 4)


@dataclass(frozen=True)
class Ranked:
    key: Any
    score: float | None
    rank: int | None


def rank(entries: Sequence[tuple[Any, Mapping[str, Any]]], weights: Weights, *,
         min_received: int = 1) -> list[Ranked]:
    """``entries`` (key, figures) in ranking order, each with its score and rank."""
    scored = [(key, figs, score(figs, weights)) for key, figs in entries]
    rankable = [e for e in scored if e[2] is not None and e[1]["received"] >= min_received]
    rest = [e for e in scored if e not in rankable]
    rankable.sort(key=lambda e: (-e[2], -e[1]["received"], str(e[0])))
    rest.sort(key=lambda e: (-e[1]["received"], str(e[0])))
    out: list[Ranked] = []
    for i, (key, _, s) in enumerate(rankable):
        shared = out[-1].rank if out and out[-1].score == s else i + 1
        out.append(Ranked(key, s, shared))
    return out + [Ranked(key, s, None) for key, _, s in rest]
