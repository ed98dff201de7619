"""What the login API takes and gives."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_intake.directory.schemas import ID_PATTERN, PHONE_PATTERN


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CodeRequest(_Body):
    phone: str = Field(pattern=PHONE_PATTERN, examples=["13800001234"], description="mainland mobile number")


class CodeSent(BaseModel):
    sent: bool = True
    resend_after_seconds: int = 60


class Login(_Body):
    phone: str = Field(pattern=PHONE_PATTERN, examples=["13800001234"])
    code: str = Field(pattern=r"^\d{6}$", examples=["123456"])
    estate: str | None = Field(default=None, max_length=32, pattern=ID_PATTERN,
                               description="a resident's estate, asked at their first login")
    community: str | None = Field(default=None, max_length=32, pattern=ID_PATTERN,
                                  description="which community, when the phone belongs to several")


class Refresh(_Body):
    refresh_token: str = Field(min_length=16, max_length=200)


class Me(BaseModel):
    id: str
    name: str
    role: str
    community: str | None = None
    community_name: str | None = None
    subdistrict: str | None = None
    estate: str | None = None
    estate_name: str | None = None
    company: str | None = None
    phone: str | None = Field(default=None, description="the caller's own phone")


class MeUpdate(_Body):
    name: str = Field(min_length=1, max_length=30, examples=["刘女士"])


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="seconds the access token is valid")
    me: Me
