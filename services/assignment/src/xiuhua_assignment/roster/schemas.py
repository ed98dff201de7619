"""What the roster's HTTP API takes and gives."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
PHONE_PATTERN = r"^1[3-9]\d{9}$"
AREAS = ("cleaning", "greening", "security", "parking", "facilities", "other")
Area = Literal["cleaning", "greening", "security", "parking", "facilities", "other"]


class TeamUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=40, examples=["春澜自治服务队"])
    subdistrict: str = Field(min_length=1, max_length=32, pattern=ID_PATTERN, examples=["lizhou"])


class TeamRead(TeamUpsert):
    community: str


class MemberUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=30)
    phone: str = Field(pattern=PHONE_PATTERN)
    role: Literal["member", "lead"] = "member"
    areas: list[Area] = Field(default_factory=list, max_length=len(AREAS), description="分管 areas")
    estates: list[str] = Field(default_factory=list, max_length=50, description="empty: all estates")
    active: bool = True

    @field_validator("areas", "estates")
    @classmethod
    def _no_repeats(cls, values: list[str]) -> list[str]:
        if len(values) != len(set(values)):
            raise ValueError("不能重复")
        return values


class MemberRead(BaseModel):
    id: str
    community: str
    name: str
    phone: str | None
    role: str
    areas: list[str]
    estates: list[str]
    active: bool
    open_tasks: int = Field(default=0, description="tasks assigned to the member and not finished")


class MemberList(BaseModel):
    items: list[MemberRead]
