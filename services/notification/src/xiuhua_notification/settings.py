from __future__ import annotations

from xiuhua_runtime import ServiceSettings


class NotificationSettings(ServiceSettings):
    service: str = "notification"
    port: int = 8003
    # A decline and the re-route it causes are published together; when no re-route has arrived
    # this long after the decline, the lead is told that nobody took the issue over.
    decline_wait_seconds: float = 15.0
