"""Composition root of the SMS gateway."""

from __future__ import annotations

from fastapi import FastAPI

from xiuhua_auth import require_strong
from xiuhua_runtime import Runtime, create_service_app, serve
from xiuhua_smsgateway.entrypoints import api, consumers
from xiuhua_smsgateway.events import CONSUMES, PUBLISHES
from xiuhua_smsgateway.notifier import Notifier
from xiuhua_smsgateway.providers.aliyun import Aliyun
from xiuhua_smsgateway.providers.base import Provider, TemplateMap
from xiuhua_smsgateway.providers.tencent import Tencent
from xiuhua_smsgateway.sending import Gateway, Policy
from xiuhua_smsgateway.settings import SmsGatewaySettings
from xiuhua_smsgateway.store import setup


def provider_for(settings: SmsGatewaySettings) -> Provider:
    return Tencent(settings) if settings.sms_provider == "tencent" else Aliyun(settings)


def create_app(settings: SmsGatewaySettings | None = None) -> FastAPI:
    settings = settings or SmsGatewaySettings()
    # Whoever knows the receipt URL's token can mark any message delivered or failed.
    require_strong("SMS_RECEIPT_TOKEN", settings.sms_receipt_token)
    runtime = Runtime(settings)
    notifier = Notifier(url=settings.notification_url, token=settings.notification_token,
                        authenticator=runtime.authenticator if settings.jwt_secret else None,
                        subdistrict=settings.subdistrict)
    gw = Gateway(provider=provider_for(settings), templates=TemplateMap.parse(settings.sms_templates),
                 notifier=notifier, policy=Policy(max_attempts=settings.sms_max_attempts,
                                                  rate_limit_attempts=settings.sms_rate_limit_attempts,
                                                  backoff_base=settings.sms_backoff_base,
                                                  backoff_cap=settings.sms_backoff_cap,
                                                  lease_seconds=settings.sms_timeout + settings.sms_backoff_cap + 10))
    consumers.register(runtime, gw)
    app = create_service_app(
        runtime=runtime, title="xiuhua SMS gateway",
        description="把通知服务请求的短信经阿里云或腾讯云 SendSms 发出（按 out id 去重），"
                    "并接收服务商的送达回执。",
        routers=[api.router], publishes=PUBLISHES, consumes=CONSUMES, setup=setup, json_prefixes=("/smsgateway/v1/",))
    app.state.notifier, app.state.gateway = notifier, gw
    return app


def main() -> None:
    serve(create_app, SmsGatewaySettings())
