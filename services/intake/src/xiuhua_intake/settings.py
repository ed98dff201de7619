from __future__ import annotations

from xiuhua_runtime import ServiceSettings


class IntakeSettings(ServiceSettings):
    service: str = "intake"
    port: int = 8001
    submissions_per_phone_hour: int = 30
    # login (手机号 + 验证码); the per-phone limits are the mainland SMS providers' own
    access_token_minutes: int = 120
    refresh_token_days: int = 30
    login_code_ttl_seconds: int = 300
    login_code_attempts: int = 5
    login_codes_per_phone_minute: int = 1
    login_codes_per_phone_hour: int = 5
    login_codes_per_phone_day: int = 10
    login_codes_per_ip_hour: int = 60  # residents behind one community Wi-Fi share an address
