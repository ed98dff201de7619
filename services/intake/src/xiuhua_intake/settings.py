from __future__ import annotations

from xiuhua_runtime import ServiceSettings


class IntakeSettings(ServiceSettings):
    service: str = "intake"
    port: int = 8001
    submissions_per_phone_hour: int = 30
