from __future__ import annotations

from xiuhua_runtime import ServiceSettings


class NotificationSettings(ServiceSettings):
    service: str = "notification"
    port: int = 8003
