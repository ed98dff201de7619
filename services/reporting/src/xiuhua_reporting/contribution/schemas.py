"""The answer of ``GET /reporting/v1/contribution``."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class MemberRead(BaseModel):
    id: str
    name: str | None
    assigned: int = Field(description="received issues whose current assignee they are")
    handled: int = Field(description="received issues they resolved")
    response_minutes: float | None = Field(description="median minutes from assignment to first response")
    thanks: int = Field(description="their resolved issues the reporter confirmed as fixed")
    rated: int = Field(description="return visits on their issues")
    satisfied: int = Field(description="of those, 满意 or 基本满意")


class ResidentRead(BaseModel):
    estate: str
    estate_name: str | None
    key: str = Field(description="stands for the resident in this answer; not their id")
    name: str | None = Field(description="masked: 刘**")
    phone: str | None = Field(description="masked: 138****5678")
    reported: int = Field(description="issues they reported (not as a team member)")
    supported: int = Field(description="others' issues they said \"me too\" to")


class ContributionRead(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    community: str
    from_: datetime = Field(alias="from", description="start of the period (inclusive), Asia/Shanghai")
    to: datetime = Field(description="end of the period (exclusive), Asia/Shanghai")
    members: list[MemberRead]
    residents: list[ResidentRead] = Field(description="per estate, the most active first")
