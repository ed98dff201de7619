"""What the rules API takes and gives."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from xiuhua_notification.rules.table import Channel, Recipient


class RuleRow(BaseModel):
    """One kind of news: each recipient's channels (none: not told), and the owners' group."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(max_length=40, examples=["task.resolved"])
    recipients: dict[Recipient, list[Channel]] = Field(default_factory=dict)
    group: bool = False


class RuleRowRead(RuleRow):
    label: str
    allowed: list[Recipient] = Field(description="recipients this kind of news has a message for")
    group_allowed: bool
    default: RuleRow


class RuleTableRead(BaseModel):
    community: str
    customized: bool = Field(description="whether the community changed the platform's defaults")
    kinds: list[RuleRowRead]
    recipient_labels: dict[str, str]
    channel_labels: dict[str, str]


class RuleTableWrite(BaseModel):
    """The community's table; kinds left out keep the platform's defaults."""

    model_config = ConfigDict(extra="forbid")

    kinds: list[RuleRow] = Field(max_length=40)
