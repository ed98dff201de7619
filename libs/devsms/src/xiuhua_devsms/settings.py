"""The inbox's settings: the platform's own names (AMQP_URL, REDIS_URL, PORT…) plus the switch."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from xiuhua_runtime import ServiceSettings

SWITCH = "XIUHUA_DEV_SMS_INBOX"


class InboxOff(RuntimeError):
    """The inbox shows every login code: it refuses to run unless switched on on purpose."""

    def __init__(self) -> None:
        super().__init__(
            f"xiuhua-devsms: the development SMS inbox shows every SMS the platform sends, login codes "
            f"included, so it runs only with {SWITCH}=1 (which `make run` sets). Never set it in "
            f"production: a real SMS gateway consumes xiuhua.notification.sms.requested.v1 there."
        )


class DevSmsSettings(ServiceSettings):
    service: str = "devsms"
    port: int = 8005
    inbox: str = Field(default="", validation_alias=AliasChoices(SWITCH, "inbox"),
                       description="exactly 1 switches the inbox on")
    keep: int = Field(default=500, ge=1, le=10_000, validation_alias=AliasChoices("DEV_SMS_KEEP", "keep"),
                      description="how many of the newest messages the inbox keeps")

    @property
    def switched_on(self) -> bool:
        return self.inbox.strip() == "1"
