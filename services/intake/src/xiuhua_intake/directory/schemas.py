"""What the directory's HTTP API takes and gives."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from xiuhua_intake.directory.places import Building, Estate, Spot
from xiuhua_intake.issues.domain.categories import CATEGORIES

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
    keywords: dict[str, list[Annotated[str, Field(min_length=1, max_length=10)]]] = Field(
        default_factory=dict, description="words that mark a category in SMS and chat reports, beside the defaults "
                                          "(category id → up to 30 words)")

    @field_validator("keywords")
    @classmethod
    def _known_categories(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"unknown categories: {', '.join(unknown)}")
        if any(len(words) > 30 for words in value.values()):
            raise ValueError("at most 30 words per category")
        return value


class CommunityUpsert(BaseModel):
    """A community's whole directory entry (its consistency is checked by ``rules``, after the tenant wall)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=40, examples=["花园社区"])
    subdistrict: str = Field(min_length=1, max_length=32, pattern=_ID, examples=["lizhou"])
    subdistrict_name: str = Field(default="", max_length=40, examples=["梨洲街道"])
    estates: list[Estate] = Field(default_factory=list, max_length=100)
    staff: list[Person] = Field(default_factory=list, max_length=50, description="community staff (社区工作者)")
    property_companies: list[PropertyCompany] = Field(default_factory=list, max_length=20)
    settings: CommunitySettings = Field(default_factory=CommunitySettings)


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


class SubdistrictRead(SubdistrictUpsert):
    id: str


class EstateChoice(BaseModel):
    """An estate a resident may choose at first login."""

    subdistrict: str
    community: str
    community_name: str
    estate: str
    estate_name: str


class Places(BaseModel):
    """An estate's place catalogue: its buildings (with their units) and its public spots — garage zones
    (and pillars, e.g. 「地下车库B区 12号柱」), lifts, gates, green belts."""

    model_config = ConfigDict(extra="forbid")

    buildings: list[Building] = Field(default_factory=list, max_length=500)
    spots: list[Spot] = Field(default_factory=list, max_length=500)


class StickerLink(BaseModel):
    label: str = Field(description="the place, as printed under its code")
    link: str = Field(description="the report page with the place filled in, which the code opens")


class StickerSheet(BaseModel):
    """What a sheet of QR stickers holds, to check before printing it."""

    title: str
    address: str = Field(description="the platform's public address (XIUHUA_PUBLIC_URL) every code opens")
    only_here: bool = Field(description="true when that address is one only the server itself reaches "
                                        "(127.0.0.1, localhost, 0.0.0.0): the printed codes open nothing on a phone")
    stickers: list[StickerLink]
