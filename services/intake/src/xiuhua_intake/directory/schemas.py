"""What the directory's HTTP API takes and gives."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict, Field, model_validator

from xiuhua_intake.directory.places import Estate

PHONE_PATTERN = r"^1[3-9]\d{9}$"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_ID = ID_PATTERN


class Person(BaseModel):
    """Someone of the directory who logs in with their phone: community staff, a property contact,
    a subdistrict admin."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=32, pattern=_ID, examples=["hy-staff-lin"])
    name: str = Field(min_length=1, max_length=30, examples=["林芳"])
    phone: str = Field(pattern=PHONE_PATTERN, examples=["19900010001"])


class PropertyCompany(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=32, pattern=_ID, examples=["chunlan-wuye"])
    name: str = Field(min_length=1, max_length=40, examples=["春澜物业"])
    estates: list[str] = Field(default_factory=list, max_length=100, description="estate ids it serves")
    contacts: list[Person] = Field(default_factory=list, max_length=50)


class CommunitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    auto_close_days: int = Field(default=7, ge=1, le=60, description="a resolved issue nobody confirms closes after")
    reopen_days: int = Field(default=7, ge=1, le=60, description="the reporter may reopen within, after resolution")


def _repeated(values: list[str]) -> list[str]:
    return [v for v, n in Counter(values).items() if n > 1]


class CommunityUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=40, examples=["花园社区"])
    subdistrict: str = Field(min_length=1, max_length=32, pattern=_ID, examples=["lizhou"])
    subdistrict_name: str = Field(default="", max_length=40, examples=["梨洲街道"])
    estates: list[Estate] = Field(default_factory=list, max_length=100)
    staff: list[Person] = Field(default_factory=list, max_length=50, description="community staff (社区工作者)")
    property_companies: list[PropertyCompany] = Field(default_factory=list, max_length=20)
    settings: CommunitySettings = Field(default_factory=CommunitySettings)

    @model_validator(mode="after")
    def _consistent(self) -> CommunityUpsert:
        """Ids are unique, companies serve estates of this community, a phone names one person."""
        problems: list[str] = []
        estate_ids = [e.id for e in self.estates]
        people = [*self.staff, *(c for company in self.property_companies for c in company.contacts)]
        for kind, values in (("小区", estate_ids), ("物业公司", [c.id for c in self.property_companies]),
                             ("人员", [p.id for p in people])):
            problems += [f"{kind}编号 {v} 重复" for v in _repeated(values)]
        problems += [f"手机号 {v} 登记了不止一人" for v in _repeated([p.phone for p in people])]
        for company in self.property_companies:
            problems += [f"{company.name}服务的小区 {e} 不在本社区" for e in company.estates if e not in estate_ids]
        if problems:
            raise ValueError("；".join(problems))
        return self


class PersonRead(BaseModel):
    id: str
    name: str
    phone: str | None = Field(description="masked (199****0001) unless the caller works with them")


class PropertyCompanyRead(BaseModel):
    id: str
    name: str
    estates: list[str]
    contacts: list[PersonRead]


class CommunityRead(BaseModel):
    id: str
    name: str
    subdistrict: str
    subdistrict_name: str = ""
    estates: list[Estate] = []
    staff: list[PersonRead] = []
    property_companies: list[PropertyCompanyRead] = []
    settings: CommunitySettings = CommunitySettings()


class SubdistrictUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=40, examples=["梨洲街道"])
    admins: list[Person] = Field(default_factory=list, max_length=50, description="subdistrict admins")

    @model_validator(mode="after")
    def _unique(self) -> SubdistrictUpsert:
        repeats = _repeated([a.id for a in self.admins]) + _repeated([a.phone for a in self.admins])
        if repeats:
            raise ValueError(f"管理员编号或手机号重复：{'、'.join(repeats)}")
        return self


class SubdistrictRead(SubdistrictUpsert):
    id: str


class EstateChoice(BaseModel):
    """An estate a resident may choose at first login."""

    subdistrict: str
    community: str
    community_name: str
    estate: str
    estate_name: str
