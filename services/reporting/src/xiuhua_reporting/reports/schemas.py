"""What a monthly report holds, and the list of published ones."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_reporting.domain.rates import MIN_BASE
from xiuhua_reporting.rates.schemas import RateFigures, RateGroup

ReportScope = Literal["community", "subdistrict"]
Format = Literal["json", "csv", "pdf"]


class Change(BaseModel):
    """This month minus the month before: counts, and rates in fractions (0.05 = 5 percentage points)."""

    received: int
    backlog: int
    reopened: int
    response_rate: float | None = Field(description="null when either month has no response rate")
    resolution_rate: float | None
    satisfaction_rate: float | None


class Backlog(BaseModel):
    """在办 as of the report: issues received up to the month's end not yet resolved, closed, merged or
    rejected (the same count as the rates' ``in_hand``), and how many missed a limit (domain/inhand.py)."""

    open: int = Field(description="all of them")
    from_month: int = Field(description="received in the month")
    earlier: int = Field(description="received before the month")
    overdue: int = Field(description="超时: a limit missed and not yet met, 响应 or 办结 (as 督办台 counts it)")
    overdue_respond: int = Field(0, description="响应超时: the response limit passed with no first response")
    overdue_resolve: int = Field(0, description="办结超时: the resolution limit passed, not resolved")


class MonthlyReport(BaseModel):
    """A month of one community or one subdistrict. Figures are as of ``as_of``: a published report is the
    month as it stood when the month ended (plus a short delay); read live, as it stands now."""

    model_config = ConfigDict(populate_by_name=True)

    scope: ReportScope
    id: str
    name: str | None = Field(description="the community's or subdistrict's name, when the events told it")
    subdistrict: str | None
    month: str = Field(description="YYYY-MM", examples=["2026-10"])
    from_: datetime = Field(alias="from", description="the month's first moment, Asia/Shanghai")
    to: datetime = Field(description="the next month's first moment (exclusive)")
    as_of: datetime = Field(description="when the figures were computed")
    published_at: datetime | None = Field(None, description="when it was published; null when read live")
    figures: RateFigures = Field(description="the month's figures (definitions: GET /reporting/v1/rates)")
    min_base: int = Field(MIN_BASE, description="RATES_MIN_BASE: a rate over fewer issues is marked as a small base")
    previous: RateFigures = Field(description="the month before: its published figures, else as of now")
    change: Change
    backlog: Backlog
    by_category: list[RateGroup]
    by_estate: list[RateGroup] = Field(description="community reports")
    by_member: list[RateGroup] = Field(description="community reports: per current assignee")
    by_community: list[RateGroup] = Field(description="subdistrict reports")
    property_companies: list[RateGroup] = Field(description="each company's record over the issues handed to it "
                                                            "in the month (its clock runs from the handover)")


class Links(BaseModel):
    """Where to fetch the report (GET, with the reader's token)."""

    json_url: str
    csv_url: str
    pdf_url: str


class PublishedReport(BaseModel):
    """One published report, as the list shows it."""

    scope: ReportScope
    id: str
    name: str | None
    month: str
    published_at: datetime
    received: int
    response_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None
    links: Links


class PublishedPage(BaseModel):
    items: list[PublishedReport]


class ReportScopeRead(BaseModel):
    scope: ReportScope
    id: str
    name: str | None


class ScopeList(BaseModel):
    """The scopes the caller may ask a report of: their community, or their subdistrict and its communities."""

    items: list[ReportScopeRead]
