"""What the tasks' HTTP API takes and gives."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Accept(_Body):
    note: str = Field(default="", max_length=500)


class Decline(_Body):
    reason: str = Field(min_length=2, max_length=500, examples=["本周出差，无法跟进"])


PhotoIds = list[Annotated[str, Field(pattern=r"^[0-9a-f]{24}$")]]
_PHOTOS = "ids of up to 3 photos the caller uploaded (POST /intake/v1/photos); shown on the issue's timeline"


class Progress(_Body):
    note: str = Field(min_length=2, max_length=500, examples=["已联系物业，明天上午现场查看"])
    photos: PhotoIds = Field(default_factory=list, max_length=3, description=_PHOTOS)


class Handover(_Body):
    asked: str = Field(min_length=2, max_length=500, examples=["请更换B区错误的导向标识"])
    due_date: date = Field(description="by when the company is asked to finish")
    company: str | None = Field(default=None, max_length=32, description="default: the estate's property company")


class PropertyUpdate(_Body):
    kind: Literal["acknowledged", "promised", "done"]
    promised_date: date | None = Field(default=None, description="required when kind is promised")
    note: str = Field(default="", max_length=500)


class Resolve(_Body):
    note: str = Field(min_length=2, max_length=500, examples=["物业已更换B区导向标识"])
    photos: PhotoIds = Field(default_factory=list, max_length=3, description=_PHOTOS)


class Reassign(_Body):
    to: str = Field(min_length=1, max_length=32, description="member id")
    reason: str = Field(default="", max_length=200)


class Wait(_Body):
    note: str = Field(min_length=2, max_length=500, examples=["居民出差，约下周二上门查看"])


class Press(_Body):
    note: str = Field(min_length=2, max_length=500, examples=["已超时两天，请今天内联系居民并反馈"])


class Person(BaseModel):
    id: str
    name: str
    role: str


class Promise(BaseModel):
    date: date
    at: datetime
    note: str = ""
    broken_at: datetime | None = Field(default=None, description="the date passed without the work done")


class Breach(BaseModel):
    kind: str = Field(description="respond or resolve")
    due_at: datetime
    at: datetime


class Escalation(BaseModel):
    kind: str = Field(description="respond, resolve (a breach) or silent (a member who fell silent)")
    level: str = Field(description="lead, staff or subdistrict")
    at: datetime
    note: str = ""


class Pressing(BaseModel):
    at: datetime
    note: str
    actor: Person


class PropertyRead(BaseModel):
    company: dict[str, str]
    contacts: list[str]
    asked: str
    due_date: date
    handed_at: datetime
    ack_by: datetime
    acknowledged_at: datetime | None = None
    promises: list[Promise] = []
    done_at: datetime | None = None


class Step(BaseModel):
    at: datetime
    action: str
    actor: Person | None = None
    note: str | None = None
    to: Person | str | None = None


class TaskRead(BaseModel):
    issue_id: str
    community: str
    estate: str
    category: str
    title: str
    place_text: str
    priority: str
    status: str
    status_label: str
    reason: str | None
    why: str | None
    assignee: Person | None
    assigned_at: datetime | None
    respond_by: datetime | None
    resolve_by: datetime | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    declined_by: list[str]
    reopen_count: int
    property: PropertyRead | None
    history: list[Step]
    actions: list[str] = Field(description="steps the caller may take now")
    created_at: datetime
    overdue_since: datetime | None = Field(default=None, description="the first limit it missed")
    overdue: list[Literal["respond", "resolve"]] = Field(
        default=[], description="the limits missed and not yet met now: respond (响应超时), resolve (办结超时)")
    breaches: list[Breach] = []
    escalations: list[Escalation] = []
    escalated_to: str | None = None
    presses: list[Pressing] = Field(default=[], description="督办 by community staff or the subdistrict")
    waiting_since: datetime | None = Field(default=None, description="waiting on the resident: the clock is paused")
    offered_back_at: datetime | None = Field(default=None,
                                             description="offered back to the lead: the member fell silent")


class TaskPage(BaseModel):
    items: list[TaskRead]
    total: int
