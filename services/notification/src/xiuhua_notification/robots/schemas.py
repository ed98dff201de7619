"""What the robots API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class RobotWrite(BaseModel):
    """An estate's owners'-group robot: the webhook address the chat app shows when the robot is
    added, and for DingTalk and Feishu its signing secret (加签)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["wecom", "dingtalk", "feishu"] = "wecom"
    url: str = Field(max_length=300, examples=["https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"])
    secret: str | None = Field(default=None, max_length=128, description="DingTalk / Feishu signing secret")


class RobotRead(BaseModel):
    estate: str
    kind: str
    url: str = Field(description="the webhook with its key masked")
    signed: bool = Field(description="whether posts are signed with a secret (never shown)")
    enabled: bool
    disabled_reason: str | None = None
    updated_at: datetime


class RobotPage(BaseModel):
    items: list[RobotRead]
