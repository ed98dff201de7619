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
    # A rate over fewer issues than this (its denominator) is marked as too small a base to mean much.
    rates_min_base: int = Field(default=10, ge=1, le=10_000,
                                description="a rate whose denominator is below this is shown as a small base")
    # Rankings (domain/ranking.py): the weights of the three rates in a place's score.
    rank_weight_response: float = Field(default=0.1, ge=0, le=1)
    rank_weight_resolution: float = Field(default=0.45, ge=0, le=1)
    rank_weight_satisfaction: float = Field(default=0.45, ge=0, le=1)
    rank_min_received: int = Field(default=3, ge=1, le=10_000, description="fewer received: listed, unranked")
    # Hot spots (domain/hotspots.py): the same place and category again and again.
    hotspot_weeks: int = Field(default=8, ge=1, le=52)
    hotspot_min_issues: int = Field(default=3, ge=2, le=100)
    hotspot_months: int = Field(default=3, ge=0, le=12)
    # Contribution (domain/contribution.py): residents shown per estate as candidates for the team.
    contribution_top: int = Field(default=10, ge=1, le=100)
