"""Time limits (时限) of the 接诉即办 way of judging work: how soon the member must respond and
resolve, by priority and optionally by category; how soon the property company must acknowledge.

Calendar hours for now; working calendars come later. Defaults follow common city practice:
urgent danger within 2 h / 24 h, everything else within 24 h / 7 days.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field, model_validator

Priority = Literal["urgent", "normal"]
Category = Literal["cleaning", "greening", "security", "parking", "facilities", "other"]


class Rule(BaseModel):
    category: Category | None = Field(default=None, description="empty: every category")
    priority: Priority
    respond_hours: float = Field(gt=0, le=24 * 30)
    resolve_hours: float = Field(gt=0, le=24 * 90)

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


class Limits(BaseModel):
    rules: list[Rule] = Field(default_factory=lambda: list(DEFAULT_RULES), max_length=40)
    property_ack_hours: float = Field(default=DEFAULT_PROPERTY_ACK_HOURS, gt=0, le=24 * 30)

    @model_validator(mode="after")
    def _one_rule_each(self) -> Limits:
        keys = [(r.category, r.priority) for r in self.rules]
        if len(keys) != len(set(keys)):
            raise ValueError("同一类别和紧急程度只能有一条时限")
        return self

    def rule_for(self, *, category: str, priority: str) -> Rule:
        """The category's own rule, else the priority's general rule, else the platform default."""
        for candidates in (self.rules, DEFAULT_RULES):
            for key in ((category, priority), (None, priority)):
                found = next((r for r in candidates if (r.category, r.priority) == key), None)
                if found is not None:
                    return found
        return DEFAULT_RULES[-1]

    def deadlines(self, *, submitted_at: datetime, category: str, priority: str) -> tuple[datetime, datetime]:
        """(respond_by, resolve_by), counted from when the issue was reported."""
        rule = self.rule_for(category=category, priority=priority)
        return (submitted_at + timedelta(hours=rule.respond_hours),
                submitted_at + timedelta(hours=rule.resolve_hours))

    def ack_by(self, handed_at: datetime) -> datetime:
        return handed_at + timedelta(hours=self.property_ack_hours)
