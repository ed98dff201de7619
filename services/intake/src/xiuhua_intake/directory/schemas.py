"""What the directory's HTTP API takes and gives."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_intake.directory.places import Estate

PHONE_PATTERN = r"^1[3-9]\d{9}$"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_ID = ID_PATTERN


class CommunityUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=40, examples=["花园社区"])
    subdistrict: str = Field(min_length=1, max_length=32, pattern=_ID, examples=["lizhou"])
    subdistrict_name: str = Field(default="", max_length=40, examples=["梨洲街道"])
    estates: list[Estate] = Field(default_factory=list, max_length=100)


class CommunityRead(CommunityUpsert):
    id: str
