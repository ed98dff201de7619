"""What the HTTP API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    priority: Literal["urgent", "normal"] = Field(default="normal", description="紧急 (danger now) or 一般")
    photos: list[Annotated[str, Field(max_length=500)]] = Field(
        default_factory=list, max_length=3,
        description="ids of photos uploaded by the caller (POST /intake/v1/photos); gateways may give https URLs")
    take: bool = Field(default=False, description="spotted by the team (服务队发现): the member or lead who reports "
                                                  "it takes it themselves; the channel becomes `team`")


class Assignee(BaseModel):
    id: str
    name: str


class ReporterRead(BaseModel):
    name: str = Field(description="masked (刘**) for other residents and the property company")
    phone: str | None = Field(description="masked (138****1234) unless the caller calls the reporter back")


class RatingRead(BaseModel):
    solved: bool
    satisfaction: Literal["satisfied", "basically_satisfied", "dissatisfied"]
    satisfaction_label: str
    comment: str = ""
    at: datetime


class IssueRef(BaseModel):
    id: str
    number: str
    title: str


class HandoverRead(BaseModel):
    company: dict[str, str]
    asked: str
    due_date: str | None = None
    promised_date: str | None = None


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
    number: str = Field(default="", description="the 8-digit number people quote (编号)")
    priority: str = "normal"
    priority_label: str = "一般"
    status: Status
    status_label: str = Field(description="the status as people read it: 等待服务队分派 for a new or reopened issue "
                                          "nobody on the team could take yet")
    waiting_since: datetime | None = Field(default=None, description="nobody on the team could take it yet "
                                                                     "(assignment's task.unrouted), since then")
    assignee: Assignee | None
    reporter: ReporterRead
    supporters: int = Field(default=0, description="residents who said \"me too\" (附议)")
    supported: bool = Field(default=False, description="the caller is one of them")
    mine: bool = Field(default=False, description="the caller reported it")
    triaged: bool = False
    reopen_count: int = 0
    rating: RatingRead | None = None
    merged_into: IssueRef | None = None
    property: HandoverRead | None = None
    resolved_at: datetime | None = None
    actions: list[str] = Field(default_factory=list, description="steps the caller may take now")
    created_at: datetime
    updated_at: datetime


class IssuePage(BaseModel):
    items: list[IssueRead]
    total: int
    page: int
    size: int


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Triage(_Step):
    category: str | None = Field(default=None, max_length=20, examples=["parking", "车库停车"])
    priority: Literal["urgent", "normal"] | None = None

    @model_validator(mode="after")
    def _something(self) -> Triage:
        if self.category is None and self.priority is None:
            raise ValueError("请至少选择类别或紧急程度")
        return self


class Reject(_Step):
    reason: str = Field(min_length=2, max_length=300, examples=["经核实为装修垃圾，由装修户自行清运"])


class Merge(_Step):
    into: str = Field(min_length=1, max_length=64, pattern=r"^[a-zA-Z0-9_-]+$", description="the issue it duplicates")
    reason: str | None = Field(default=None, max_length=300)


class Support(_Step):
    name: str | None = Field(default=None, min_length=1, max_length=30, description="when the login has no name")
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN, description="when the login has no phone")


class Comment(_Step):
    text: str = Field(min_length=1, max_length=500)


class Reopen(_Step):
    reason: str = Field(min_length=2, max_length=300, examples=["还是很潮，墙面返潮"])


class Rating(_Step):
    solved: bool = Field(description="at the return visit (回访): is the problem solved?")
    satisfaction: Literal["satisfied", "basically_satisfied", "dissatisfied"] = Field(
        description="满意 / 基本满意 / 不满意")
    comment: str = Field(default="", max_length=300)


class Person(BaseModel):
    id: str
    name: str
    role: str


class TimelineEntry(BaseModel):
    at: datetime
    kind: str = Field(description="submitted, triaged, assigned, accepted, declined, progressed, handed_to_property, "
                                  "property_acknowledged/promised/done, resolved, supported, commented, merged, "
                                  "merged_from, rejected, confirmed, reopened, rated, closed")
    status: Status | None = Field(description="the issue's status after this step")
    status_label: str | None = None
    actor: Person
    text: str = Field(description="the step in one Chinese sentence (with the property company's note on its "
                                  "answers); for residents and the property company without the team's internal "
                                  "notes: why a task went to whom, a member's reason for handing it back")
    note: str | None = Field(default=None, description="the reason or note the actor gave (internal notes only "
                                                       "for the team: member, lead, staff, admin)")
    details: dict = Field(default_factory=dict)


class Timeline(BaseModel):
    issue_id: str
    number: str
    items: list[TimelineEntry]
