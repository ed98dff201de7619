"""What the HTTP API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_intake.directory.places import Place
from xiuhua_intake.directory.schemas import ID_PATTERN as _ID
from xiuhua_intake.directory.schemas import PHONE_PATTERN
from xiuhua_intake.issues.domain.status import Status


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
