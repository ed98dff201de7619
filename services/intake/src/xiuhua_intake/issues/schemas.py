"""What the HTTP API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_intake.domain.places import Estate, Place
from xiuhua_intake.domain.status import Status

PHONE_PATTERN = r"^1[3-9]\d{9}$"
_ID = r"^[a-z0-9][a-z0-9_-]*$"


class Reporter(BaseModel):
    name: str = Field(min_length=1, max_length=30, examples=["李女士"])
    phone: str = Field(pattern=PHONE_PATTERN, examples=["13800001234"], description="mainland mobile number")


class IssueCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    community: str = Field(min_length=1, max_length=32, pattern=_ID, examples=["huayuan"])
    estate: str = Field(min_length=1, max_length=32, pattern=_ID, examples=["chunlan"])
    place: Place
    category: str = Field(min_length=1, max_length=20, examples=["parking", "车库停车"])
    title: str = Field(min_length=2, max_length=60, examples=["地下车库B区灯不亮"])
    description: str = Field(default="", max_length=2000)
    reporter: Reporter
    channel: Literal["web", "app", "sms", "chat_group", "team"] = "web"
    photos: list[str] = Field(default_factory=list, max_length=9, description="photo URLs (uploaded elsewhere)")


class Assignee(BaseModel):
    id: str
    name: str


class ReporterRead(BaseModel):
    name: str
    phone: str | None = Field(description="masked (138****1234) unless the caller's role needs it")


class IssueRead(BaseModel):
    id: str
    community: str
    subdistrict: str
    estate: str
    place: Place
    place_text: str
    category: str
    category_label: str
    title: str
    description: str
    channel: str
    photos: list[str]
    status: Status
    status_label: str
    assignee: Assignee | None
    reporter: ReporterRead
    created_at: datetime
    updated_at: datetime


class IssuePage(BaseModel):
    items: list[IssueRead]
    total: int
    page: int
    size: int


class CommunityUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=40, examples=["花园社区"])
    subdistrict: str = Field(min_length=1, max_length=32, pattern=_ID, examples=["lizhou"])
    subdistrict_name: str = Field(default="", max_length=40, examples=["梨洲街道"])
    estates: list[Estate] = Field(default_factory=list, max_length=100)


class CommunityRead(CommunityUpsert):
    id: str
