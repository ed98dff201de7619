from __future__ import annotations

from pydantic import BaseModel, Field


class CommunityMetrics(BaseModel):
    community: str
    total: int = Field(description="issues ever reported")
    open: int = Field(description="not closed, merged or rejected")
    assigned: int = Field(description="currently with a team member")
    by_status: dict[str, int]
    by_category: dict[str, int]
    avg_minutes_to_assign: float | None = Field(description="mean time from report to first assignment")
