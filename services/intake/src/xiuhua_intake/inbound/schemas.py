"""What SMS and chat-group gateways send, and what they get back."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from xiuhua_intake.directory.schemas import ID_PATTERN, PHONE_PATTERN


class _Inbound(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    text: str = Field(min_length=2, max_length=500, examples=["3幢2单元电梯又坏了，老人下不了楼"])
    community: str | None = Field(default=None, max_length=32, pattern=ID_PATTERN,
                                  description="where the gateway serves, if its token does not say")
    estate: str | None = Field(default=None, max_length=32, pattern=ID_PATTERN,
                               description="the estate, if the gateway knows it; else the sender's last report's")


class InboundSms(_Inbound):
    phone: str = Field(pattern=PHONE_PATTERN, examples=["13800001234"], description="the sender")


class Sender(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(min_length=1, max_length=30, description="as the group shows them", examples=["3幢刘女士"])
    phone: str = Field(pattern=PHONE_PATTERN, description="resolved by the gateway from the group's roster")


class InboundChat(_Inbound):
    group: str = Field(min_length=1, max_length=64, description="the group's id at the chat provider")
    sender: Sender
    images: list[HttpUrl] = Field(default_factory=list, max_length=3, description="already fetched by the gateway")


class InboundAnswer(BaseModel):
    issue_id: str
    number: str
    category: str
    category_sure: bool = Field(description="false: the lead's triage decides the category")
    place_known: bool = Field(description="false: the place is to be confirmed by the team")
    reply: str | None = Field(description="for a chat group: the message to post back; for SMS none (the receipt SMS "
                                          "follows from the notification service)")
