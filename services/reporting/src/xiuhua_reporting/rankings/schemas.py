"""The answer of ``GET /reporting/v1/rankings``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_reporting.rates.schemas import RateFigures

Level = Literal["community", "estate"]


class WeightsRead(BaseModel):
    response: float = Field(description="weight of 响应率 (RANK_WEIGHT_RESPONSE)")
    resolution: float = Field(description="weight of 解决率 (RANK_WEIGHT_RESOLUTION)")
    satisfaction: float = Field(description="weight of 满意率 (RANK_WEIGHT_SATISFACTION)")


class RankingEntry(RateFigures):
    rank: int | None = Field(description="1 is best; equal scores share a rank; null: unranked")
    score: float | None = Field(description="weighted mean of the rates that are not null")
    key: str = Field(description="the community or estate id")
    name: str | None
    community: str
    community_name: str | None


class RankingsRead(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    scope: Literal["subdistrict", "community"]
    id: str
    level: Level
    from_: datetime = Field(alias="from", description="start of the period (inclusive), Asia/Shanghai")
    to: datetime = Field(description="end of the period (exclusive), Asia/Shanghai")
    weights: WeightsRead
    min_received: int = Field(description="places that received fewer issues are listed unranked")
    entries: list[RankingEntry]
