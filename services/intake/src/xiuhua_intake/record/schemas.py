"""What the record export gives."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from xiuhua_intake.issues.schemas import IssueRead, Person, ReporterRead, TimelineEntry


class PhotoRef(BaseModel):
    url: str = Field(description="intake's address of the photo (fetched with a token), or the https URL a "
                                 "gateway gave")
    step: str = Field(description="the step it came with: submitted (the report) or resolved, progressed… "
                                  "(evidence)")
    at: datetime


class SupporterRead(ReporterRead):
    at: datetime | None = None


class IssueRecord(BaseModel):
    """The issue as it stands, with everything that happened to it, as the caller may see it."""

    issue: IssueRead
    community_name: str
    subdistrict_name: str = Field(description="the subdistrict's name (梨洲街道), from its own record")
    estate_name: str
    channel_label: str = Field(description="网页, 物业App, 短信, 业主群 or 服务队发现")
    submitted_by: Person = Field(description="who entered it: the resident, a team member or a gateway")
    supporters: list[SupporterRead] = Field(description="residents who said \"me too\" (附议), masked like the "
                                                        "reporter")
    photos: list[PhotoRef] = Field(description="every photo of the report and of the steps, by reference")
    timeline: list[TimelineEntry]
    exported_at: datetime
    exported_by: Person
