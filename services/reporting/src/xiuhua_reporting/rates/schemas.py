"""The answer of ``GET /reporting/v1/rates``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Scope = Literal["subdistrict", "community", "estate", "member", "property", "category"]
GroupBy = Literal["estate", "member", "property", "category", "community"]


class Percentiles(BaseModel):
    p50: float | None = Field(description="median (nearest rank)")
    p90: float | None = Field(description="90th percentile (nearest rank)")


class Promises(BaseModel):
    made: int = Field(description="promised dates the company gave on the received issues")
    kept: int = Field(description="done on or before the promised day")
    broken: int = Field(description="not done by the promised day, which has passed")


class RateFigures(BaseModel):
    received: int = Field(description="issues submitted in the period (property: handed to the company)")
    backlog: int = Field(description="of those, still being worked on now")
    response_rate: float | None = Field(description="响应率 = responded_on_time / response_due; null when 0 due")
    responded_on_time: int = Field(description="first response at or before the deadline")
    response_due: int = Field(description="with a deadline, not merged/rejected, answered or past the deadline")
    resolution_rate: float | None = Field(description="解决率 = solved / rated; null when none rated")
    solved: int = Field(description="return visits saying solved")
    rated: int = Field(description="issues with a return visit")
    satisfaction_rate: float | None = Field(description="满意率 = satisfied / rated; null when none rated")
    satisfied: int = Field(description="rated 满意 or 基本满意")
    first_response_minutes: Percentiles = Field(description="submitted (handed) → first response, minutes")
    resolution_hours: Percentiles = Field(description="submitted → latest resolution (handed → done), hours")
    reopened: int = Field(description="received issues reopened at least once")
    promises: Promises | None = Field(None, description="property company scope only")


class _GroupHead(BaseModel):
    key: str | None = Field(description="the estate, member, company, category or community id; null: none")
    name: str | None


class RateGroup(RateFigures, _GroupHead):
    """One group's figures (fields in this order: key, name, then the figures)."""


class _ScopeHead(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    scope: Scope
    id: str
    name: str | None = Field(description="the scope's name, when the events told it")
    from_: datetime = Field(alias="from", description="start of the period (inclusive), Asia/Shanghai")
    to: datetime = Field(description="end of the period (exclusive), Asia/Shanghai")


class RatesRead(RateFigures, _ScopeHead):
    """The scope and period, its figures, and the same figures per group when ``group_by`` is given."""

    group_by: GroupBy | None = None
    groups: list[RateGroup] | None = Field(None, description="the same figures per group, when group_by is given")
