"""What a monthly report holds, and the list of published ones."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
    """The work still in hand as of the report: issues received up to the month's end not yet resolved,
    closed, merged or rejected."""

    open: int = Field(description="all of them")
    from_month: int = Field(description="received in the month")
    earlier: int = Field(description="received before the month")
    overdue: int = Field(description="past their time limit to resolve (resolve_by)")


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
