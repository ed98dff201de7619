from __future__ import annotations

from datetime import time

from pydantic import Field, field_validator

from xiuhua_notification.pace.policy import Pace
from xiuhua_runtime import ServiceSettings


class NotificationSettings(ServiceSettings):
    service: str = "notification"
    port: int = 8003
    # A decline and the re-route it causes are published together; when no re-route has arrived
    # this long after the decline, the lead is told that nobody took the issue over.
    decline_wait_seconds: float = 15.0
    # What is not urgent waits through the night ("HH:MM-HH:MM" in quiet_hours_zone; "off": never).
    quiet_hours: str = Field(default="22:00-08:00", pattern=r"^(off|\d{2}:\d{2}-\d{2}:\d{2})$")
    quiet_hours_zone: str = "Asia/Shanghai"
    # At most this many messages to one person (or one owners' group) an hour; the rest are merged.
    messages_per_hour: int = Field(default=10, ge=1, le=1000)

    # Each estate with a group robot posts the day's progress at this time (Asia/Shanghai) plus its
    # own minute within the hour, so that a whole subdistrict does not post at once.
    daily_post_at: str = Field(default="20:00", pattern=r"^\d{2}:\d{2}$")

    # Hosts an estate's robot webhook may point at (WeCom's, DingTalk's, Feishu's; tests use their local fake).
    robot_hosts: str = "qyapi.weixin.qq.com,oapi.dingtalk.com,open.feishu.cn"

    def robot_host_set(self) -> frozenset[str]:
        return frozenset(h.strip() for h in self.robot_hosts.split(",") if h.strip())

    @field_validator("quiet_hours", mode="before")
    @classmethod
    def _off(cls, value: str) -> str:
        return "off" if value in ("", None) else value

    def pace(self) -> Pace:
        if self.quiet_hours == "off":
            return Pace(per_hour=self.messages_per_hour, quiet_start=time(0), quiet_end=time(0),
                        zone=self.quiet_hours_zone)
        start, end = (time.fromisoformat(p) for p in self.quiet_hours.split("-"))
        return Pace(per_hour=self.messages_per_hour, quiet_start=start, quiet_end=end, zone=self.quiet_hours_zone)
