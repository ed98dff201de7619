"""What the robots API takes and gives."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class RobotWrite(BaseModel):
    """An estate's owners'-group robot: the webhook address WeCom shows when the robot is added."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["wecom"] = "wecom"
    url: str = Field(max_length=300, examples=["https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"])


class RobotRead(BaseModel):
    estate: str
    kind: str
    url: str = Field(description="the webhook with its key masked")
    enabled: bool
    disabled_reason: str | None = None
    updated_at: datetime


class RobotPage(BaseModel):
    items: list[RobotRead]
