from __future__ import annotations

from xiuhua_runtime import ServiceSettings


class AssignmentSettings(ServiceSettings):
    service: str = "assignment"
    port: int = 8002
