"""Time limits (时限) of the 接诉即办 way of judging work: how soon the member must respond and
resolve, by priority and optionally by category; how soon the property company must acknowledge.

A rule counts in calendar hours or in working hours (the community's working day, e.g.
8:30–17:30, on mainland China's calendar of public holidays and adjusted working days). Defaults
follow common city practice: urgent danger within 2 h / 24 h, everything else within 24 h / 7 days,
in calendar hours. Before a limit the member is reminded; past it the task climbs the ladder of
supervision (督办): the lead at once, then community staff, then the subdistrict.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, PlainSerializer, WithJsonSchema, model_validator

from xiuhua_assignment.calendar.domain import WorkCalendar, WorkingHours, add_working_hours

Priority = Literal["urgent", "normal"]
Category = Literal["cleaning", "greening", "security", "parking", "facilities", "other"]
Clock = Literal["calendar", "working"]
Rung = Literal["lead", "staff", "subdistrict"]


class Rule(BaseModel):
    category: Category | None = Field(default=None, description="empty: every category")
    priority: Priority
    respond_hours: float = Field(gt=0, le=24 * 30)
    resolve_hours: float = Field(gt=0, le=24 * 90)
    clock: Clock = Field(default="calendar", description="`working`: only working hours of working days count")

    @model_validator(mode="after")
    def _respond_first(self) -> Rule:
        if self.resolve_hours < self.respond_hours:
            raise ValueError("办结时限不能短于响应时限")
        return self


DEFAULT_RULES = (
    Rule(priority="urgent", respond_hours=2, resolve_hours=24),
    Rule(priority="normal", respond_hours=24, resolve_hours=24 * 7),
)
DEFAULT_PROPERTY_ACK_HOURS = 24.0


_HH_MM = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def _wall_clock(value: Any) -> time:
    """A time of day as the community's clock shows it: "HH:MM" or "HH:MM:SS", no offset (the working
    day is always Asia/Shanghai's; an offset, or a number of seconds, would be a second clock)."""
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if not isinstance(value, str) or not re.fullmatch(_HH_MM, value):
        raise ValueError("时间应写成 时:分，如 08:30")
    return time.fromisoformat(value)


# A string on the wire, not JSON Schema's `format: time`: RFC 3339's full-time requires an offset.
WallClock = Annotated[time, BeforeValidator(_wall_clock),
                      PlainSerializer(lambda t: t.isoformat("seconds"), return_type=str),
                      WithJsonSchema({"type": "string", "pattern": _HH_MM,
                                      "description": "time of day in Asia/Shanghai, HH:MM or HH:MM:SS, no offset"})]


class Workday(BaseModel):
    start: WallClock = Field(default=time(8, 30), examples=["08:30"])
    end: WallClock = Field(default=time(17, 30), examples=["17:30"])

    @model_validator(mode="after")
    def _in_order(self) -> Workday:
        if self.end <= self.start:
            raise ValueError("下班时间应晚于上班时间")
        return self

    def hours(self) -> WorkingHours:
        return WorkingHours(self.start, self.end)


class Step(BaseModel):
    """One rung of supervision: who is told, how long after the breach."""

    to: Rung
    after_hours: float = Field(ge=0, le=24 * 30)


DEFAULT_LADDER = (Step(to="lead", after_hours=0), Step(to="staff", after_hours=24),
                  Step(to="subdistrict", after_hours=72))


class Limits(BaseModel):
    rules: list[Rule] = Field(default_factory=lambda: list(DEFAULT_RULES), max_length=40)
    property_ack_hours: float = Field(default=DEFAULT_PROPERTY_ACK_HOURS, gt=0, le=24 * 30)
    workday: Workday = Field(default_factory=Workday, description="the working day of working-hours rules")
    remind_at: float = Field(default=0.75, gt=0, lt=1,
                             description="the member is reminded when this share of a limit has passed")
    ladder: list[Step] = Field(default_factory=lambda: list(DEFAULT_LADDER), max_length=3,
                               description="who is told of a breach, and when (hours after it)")
    silent_days: int = Field(default=3, ge=1, le=30,
                             description="a member with open tasks and no step for this many days: "
                                         "their open tasks are offered back to the lead")

    @model_validator(mode="after")
    def _one_rule_each(self) -> Limits:
        keys = [(r.category, r.priority) for r in self.rules]
        if len(keys) != len(set(keys)):
            raise ValueError("同一类别和紧急程度只能有一条时限")
        rungs = [s.to for s in self.ladder]
        if len(rungs) != len(set(rungs)) or [s.after_hours for s in self.ladder] != sorted(
                s.after_hours for s in self.ladder):
            raise ValueError("督办层级不能重复，且时间应逐级递增")
        return self

    def rule_for(self, *, category: str, priority: str) -> Rule:
        """The category's own rule, else the priority's general rule, else the platform default."""
        for candidates in (self.rules, DEFAULT_RULES):
            for key in ((category, priority), (None, priority)):
                found = next((r for r in candidates if (r.category, r.priority) == key), None)
                if found is not None:
                    return found
        return DEFAULT_RULES[-1]

    def deadlines(self, *, submitted_at: datetime, category: str, priority: str,
                  calendar: WorkCalendar) -> tuple[datetime, datetime]:
        """(respond_by, resolve_by), counted from when the issue was reported."""
        rule = self.rule_for(category=category, priority=priority)
        return (self.after(submitted_at, rule.respond_hours, rule.clock, calendar),
                self.after(submitted_at, rule.resolve_hours, rule.clock, calendar))

    def after(self, start: datetime, hours: float, clock: Clock, calendar: WorkCalendar) -> datetime:
        if clock == "calendar":
            return start + timedelta(hours=hours)
        return add_working_hours(start, hours, calendar=calendar, working=self.workday.hours())

    def ack_by(self, handed_at: datetime) -> datetime:
        return handed_at + timedelta(hours=self.property_ack_hours)
