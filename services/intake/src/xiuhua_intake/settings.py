"""Intake's settings, read from the environment when the app is composed (never at import time)."""

from __future__ import annotations

from pydantic import Field

from xiuhua_runtime import ServiceSettings


class IntakeSettings(ServiceSettings):
    service: str = "intake"
    port: int = 8001
    submissions_per_phone_hour: int = 30
    submissions_per_ip_hour: int = Field(default=300, ge=1, description="reports from one address (a whole "
                                         "estate may share one mobile network's address); gateways are not counted")
    # login (手机号 + 验证码)
    access_token_minutes: int = Field(default=120, ge=5, le=24 * 60, description="access tokens live hours, not days")
    refresh_token_days: int = Field(default=30, ge=1, le=365, description="a refresh token unused this long expires")
    login_code_ttl_seconds: int = Field(default=300, ge=1, le=1800, description="a login code is valid 5 minutes")
    login_code_attempts: int = Field(default=5, ge=1, le=10, description="wrong tries before the code is gone")
    # per phone: the mainland SMS providers' own limits (1 a minute, 5 an hour, 10 a day)
    login_codes_per_phone_minute: int = 1
    login_codes_per_phone_hour: int = 5
    login_codes_per_phone_day: int = 10
    # per client address: neighbours behind one estate's Wi-Fi or a carrier's NAT share one
    login_codes_per_ip_hour: int = 60
    photo_decodes_at_once: int = Field(default=1, ge=1, le=8, description="photos decoded at the same time; "
                                       "each may take ~210 MB (photos/images.py), so raise it only with memory")
    login_tries_per_ip_hour: int = Field(default=120, ge=1, description="codes tried from one address, whichever "
                                         "phones they are for: two tries for each code it may ask")
    # the whole platform: every code is a paid SMS, and SMS pumping asks for thousands
    login_codes_platform_hour: int = Field(default=1000, ge=1, description="login codes sent an hour by the "
                                           "whole platform; past it every code is refused (429) and an alert fires")
