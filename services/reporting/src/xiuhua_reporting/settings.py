from __future__ import annotations

from xiuhua_runtime import ServiceSettings


class ReportingSettings(ServiceSettings):
    service: str = "reporting"
    port: int = 8004
