"""What the roster's HTTP API takes and gives."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

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


class Leave(BaseModel):
    """Away for these days, both included (Asia/Shanghai)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: date = Field(alias="from")
    end: date = Field(alias="to")

    @model_validator(mode="after")
    def _in_order(self) -> Leave:
        if self.end < self.start:
            raise ValueError("请假结束日期不能早于开始日期")
        return self


class MemberUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=30)
    phone: str = Field(pattern=PHONE_PATTERN)
    role: Literal["member", "lead"] = "member"
    areas: list[Area] = Field(default_factory=list, max_length=len(AREAS), description="分管 areas")
    estates: list[str] = Field(default_factory=list, max_length=50, description="empty: all estates")
    active: bool = True
    party_member: bool = Field(default=False, description="党员, shown on the roster (党员带头)")
    capacity: int | None = Field(default=None, ge=1, le=50, description="open tasks at most; none: no limit")
    leave: list[Leave] = Field(default_factory=list, max_length=20, description="days away (请假): not routed to")
    places: list[str] = Field(default_factory=list, max_length=60,
                              description="places in charge (building or spot ids, e.g. b1, garage-b); empty: all")
    weekdays: list[int] = Field(default_factory=list, max_length=7,
                                description="days of the week new tasks may come (1 Monday … 7 Sunday); "
                                            "empty: every day")
    hours: str = Field(default="", max_length=40, description="when they can be reached, e.g. 工作日晚上7点后")

    @field_validator("weekdays")
    @classmethod
    def _days(cls, values: list[int]) -> list[int]:
        if any(not 1 <= d <= 7 for d in values) or len(values) != len(set(values)):
            raise ValueError("星期应为1到7且不能重复")
        return sorted(values)

    @field_validator("places")
    @classmethod
    def _place_ids(cls, values: list[str]) -> list[str]:
        if len(values) != len(set(values)) or any(not v or len(v) > 32 for v in values):
            raise ValueError("位置不能重复，每个不超过32个字符")
        return values

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
    party_member: bool = False
    capacity: int | None = None
    leave: list[Leave] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    weekdays: list[int] = Field(default_factory=list)
    hours: str = ""
    away: bool = Field(default=False, description="the member paused new tasks themselves (暂停接单)")
    available: bool = Field(default=True, description="routing may choose them today: active, not away, not on "
                                                      "leave, and today is one of their days")
    open_tasks: int = Field(default=0, description="tasks assigned to the member and not finished")


class MemberList(BaseModel):
    items: list[MemberRead]


class Away(BaseModel):
    model_config = ConfigDict(extra="forbid")

    away: bool = Field(description="true: pause new tasks (暂停接单); open tasks stay with the member")
