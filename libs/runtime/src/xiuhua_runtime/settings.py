"""Settings come from the environment (names are part of the contract), read when a service
is composed — never at import time."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    service: str = "xiuhua"
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    mongo_url: str = "mongodb://127.0.0.1:27017/?replicaSet=rs0"
    mongo_db: str | None = Field(default=None, description="defaults to xiuhua_<service>")
    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_prefix: str = Field(default="xiuhua", description="namespace of this platform's Redis keys")
    jwt_secret: str | None = Field(default=None, description="HS256 key: random, at least 32 bytes (xiuhua_auth.keys)")
    jwt_algorithm: str = "HS256"
    jwt_jwks_url: str | None = None
    jwt_issuer: str = Field(default="xiuhua", description="the `iss` every token must carry (an outside IdP's own)")
    jwt_audience: str = Field(default="xiuhua", description="the `aud` every token must carry")
    trusted_proxies: str = Field(default="127.0.0.1", description="addresses or networks (comma-separated) whose "
                                 "X-Forwarded-For is believed: the gateway's; any other client is its own address")
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "info"
    public_url: str = Field(default="http://127.0.0.1:8080",
                            validation_alias=AliasChoices("XIUHUA_PUBLIC_URL", "public_url"))
    otel_exporter_otlp_endpoint: str | None = None
    max_body_bytes: int = 64 * 1024
    outbox_poll_seconds: float = 1.0
    outbox_lease_seconds: float = 30.0
    timer_poll_seconds: float = 1.0
    delivery_limit: int = 5
    replay_clock: bool = Field(default=False, validation_alias=AliasChoices("XIUHUA_REPLAY_CLOCK", "replay_clock"),
                               description="demo only: replay history at past times (xiuhua_events.clock)")
    consumer_name: str | None = Field(default=None, description="queue name suffix; defaults to the service")

    @property
    def database(self) -> str:
        return self.mongo_db or f"xiuhua_{self.service}"
