from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from xiuhua_runtime import ServiceSettings


class ReportingSettings(ServiceSettings):
    service: str = "reporting"
    port: int = 8004
    monthly_report_delay_minutes: int = Field(
        default=30, ge=0, le=24 * 60,
        description="how long after a month ends (Asia/Shanghai) its reports are published: time for the "
                    "month's last events to arrive")

    @property
    def monthly_report_delay(self) -> timedelta:
        return timedelta(minutes=self.monthly_report_delay_minutes)
