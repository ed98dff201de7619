"""The local provider's settings: the platform's own names (REDIS_URL, PORT…), the switch, the
credentials it accepts, its limits and where it posts receipts."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from xiuhua_runtime import ServiceSettings

SWITCH = "XIUHUA_DEV_SMS_INBOX"
DEV_KEY_ID, DEV_KEY_SECRET = "xiuhua-dev-key", "xiuhua-dev-secret"
DEV_TENCENT_APP_ID = "1400000000"


class InboxOff(RuntimeError):
    """The inbox shows every login code: it refuses to run unless switched on on purpose."""

    def __init__(self) -> None:
        super().__init__(
            f"xiuhua-devsms: the local SMS provider shows every SMS the platform sends, login codes "
            f"included, so it runs only with {SWITCH}=1 (which `make run` sets). Never set it in "
            f"production: the SMS gateway sends through Aliyun or Tencent Cloud there."
        )


def _env(name: str, field: str) -> AliasChoices:
    return AliasChoices(name, field)


class DevSmsSettings(ServiceSettings):
    service: str = "devsms"
    port: int = 8005
    inbox: str = Field(default="", validation_alias=_env(SWITCH, "inbox"), description="exactly 1 switches it on")
    keep: int = Field(default=500, ge=1, le=10_000, validation_alias=_env("DEV_SMS_KEEP", "keep"),
                      description="how many of the newest messages the inbox keeps")
    access_keys: str = Field(default=f"{DEV_KEY_ID}:{DEV_KEY_SECRET}",
                             validation_alias=_env("DEV_SMS_ACCESS_KEYS", "access_keys"),
                             description="id:secret[,id:secret…] accepted (Aliyun AccessKey / Tencent SecretId)")
    tencent_app_id: str = Field(default=DEV_TENCENT_APP_ID,
                                validation_alias=_env("DEV_SMS_TENCENT_APP_ID", "tencent_app_id"))
    per_minute: int = Field(default=10, ge=1, validation_alias=_env("DEV_SMS_PER_MINUTE", "per_minute"),
                            description="messages per number per minute (a real provider: 1 for codes)")
    per_hour: int = Field(default=100, ge=1, validation_alias=_env("DEV_SMS_PER_HOUR", "per_hour"),
                          description="messages per number per hour (a real provider: 5 for codes)")
    max_param_chars: int = Field(default=35, ge=1, validation_alias=_env("DEV_SMS_MAX_PARAM_CHARS", "max_param_chars"),
                                 description="characters per template variable")
    aliyun_report_url: str = Field(default="", validation_alias=_env("DEV_SMS_ALIYUN_REPORT_URL", "aliyun_report_url"),
                                   description="where SmsReport receipts are posted (empty: none)")
    tencent_callback_url: str = Field(default="",
                                      validation_alias=_env("DEV_SMS_TENCENT_CALLBACK_URL", "tencent_callback_url"),
                                      description="where Tencent status callbacks are posted (empty: none)")
    receipt_delay: float = Field(default=0.3, ge=0, validation_alias=_env("DEV_SMS_RECEIPT_DELAY", "receipt_delay"))

    @property
    def switched_on(self) -> bool:
        return self.inbox.strip() == "1"

    @property
    def secrets(self) -> dict[str, str]:
        pairs = (p.split(":", 1) for p in self.access_keys.split(",") if ":" in p)
        return {k.strip(): v.strip() for k, v in pairs}
