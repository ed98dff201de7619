"""The answer of ``GET /reporting/v1/hotspots``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class HotSpotIssue(BaseModel):
    id: str
    number: str | None
    title: str | None
    status: str | None
    channel: str | None
    submitted_at: datetime


class PlaceRef(BaseModel):
    kind: Literal["spot", "building"]
    id: str


class TaskDraft(BaseModel):
    """What the lead's "turn into a task" fills in: POST it to /intake/v1/issues with channel team."""

    community: str
    estate: str
    place: dict[str, str]
    category: str
    title: str
    description: str


class HotSpotRead(BaseModel):
    estate: str
    estate_name: str | None
    place: PlaceRef
    place_text: str | None
    category: str
    category_label: str
    kinds: list[Literal["recurring", "monthly"]] = Field(description="recurring: min_issues in the window; "
                                                                     "monthly: every one of the last months")
    in_window: int = Field(description="issues in the window of `weeks` weeks before `at`")
    months: list[str] = Field(description="the months (YYYY-MM) with an issue")
    issues: list[HotSpotIssue] = Field(description="the issues counted, newest first (at most 20)")
    total: int = Field(description="how many issues were counted")
    acted: HotSpotIssue | None = Field(description="the newest issue the team reported there itself, if any")
    draft: TaskDraft


class HotSpotsRead(BaseModel):
    community: str
    at: datetime = Field(description="the end of the window (exclusive)")
    weeks: int
    min_issues: int
    months: int
    items: list[HotSpotRead]
