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


class InHandRead(BaseModel):
    """在办: the scope's issues received before the period's end that are in hand as of ``as_of`` (not resolved,
    closed, merged or rejected — the statuses the public board counts as 在办), and how many missed a limit."""

    as_of: datetime = Field(description="the moment counted (now), Asia/Shanghai")
    open: int = Field(description="in hand now")
    from_period: int = Field(description="of those, received in the period (= backlog)")
    earlier: int = Field(description="received before the period")
    overdue: int = Field(description="超时: a limit missed and not yet met (响应 or 办结, assignment's definition)")
    overdue_respond: int = Field(description="响应超时: the response limit passed with no first response")
    overdue_resolve: int = Field(description="办结超时: the resolution limit passed, not resolved")


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
    min_base: int = Field(description="RATES_MIN_BASE: a rate whose denominator (response_due, rated) is below "
                                      "this is too small a base to mean much")
    small_base: list[str] = Field(description="the scope's rates whose denominator is below min_base")
    in_hand: InHandRead | None = Field(None, description="在办 as of now (not for a property company's scope)")
