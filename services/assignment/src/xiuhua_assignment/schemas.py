"""What the HTTP API of assignment takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_ID = r"^[a-z0-9][a-z0-9_-]*$"
AREAS = ("cleaning", "greening", "security", "parking", "facilities", "other")
Area = Literal["cleaning", "greening", "security", "parking", "facilities", "other"]


class TeamUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=40, examples=["春澜自治服务队"])
    subdistrict: str = Field(min_length=1, max_length=32, pattern=_ID, examples=["lizhou"])


class TeamRead(TeamUpsert):
    community: str


class MemberUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=30)
    phone: str = Field(pattern=r"^1[3-9]\d{9}$")
    role: Literal["member", "lead"] = "member"
    areas: list[Area] = Field(default_factory=list, max_length=len(AREAS), description="分管 areas")
    estates: list[str] = Field(default_factory=list, max_length=50, description="empty: all estates")
    active: bool = True


class MemberRead(BaseModel):
    id: str
    community: str
    name: str
    phone: str | None
    role: str
    areas: list[str]
    estates: list[str]
    active: bool


class MemberList(BaseModel):
    items: list[MemberRead]


class AssigneeRead(BaseModel):
    id: str
    name: str
    role: str


class TaskRead(BaseModel):
    issue_id: str
    community: str
    estate: str
    category: str
    title: str
    place_text: str
    status: str
    reason: str | None
    assignee: AssigneeRead | None
    assigned_at: datetime | None
    created_at: datetime


class TaskPage(BaseModel):
    items: list[TaskRead]
    total: int
