"""The gateway's settings: the platform's names (AMQP_URL, MONGO_URL…) plus the provider's."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from xiuhua_runtime import ServiceSettings


class SmsGatewaySettings(ServiceSettings):
    service: str = "smsgateway"
    port: int = 8006
    sms_provider: Literal["aliyun", "tencent"] = Field(default="aliyun", description="whose SendSms to call")
    sms_endpoint: str = Field(default="", description="host[:port]; empty: the provider's public endpoint")
    sms_protocol: Literal["https", "http"] = "https"
    sms_access_key_id: str = Field(default="", description="Aliyun AccessKey ID / Tencent SecretId")
    sms_access_key_secret: str = Field(default="", description="Aliyun AccessKey secret / Tencent SecretKey")
    sms_sign_name: str = Field(default="绣花", description="the approved SMS signature (签名)")
    sms_region: str = Field(default="ap-guangzhou", description="Tencent Cloud region")
    sms_sdk_app_id: str = Field(default="", description="Tencent Cloud SmsSdkAppId")
    sms_templates: str = Field(default="{}", description='JSON: {"LOGIN_CODE": {"id": "SMS_123", "params": '
                                                         '["code"]}}; unlisted templates keep their id')
    sms_receipt_token: str = Field(default="", description="the secret in the receipt URLs given to the provider: "
                                   "required, random, at least 32 bytes (the service refuses to start otherwise)")
    sms_max_attempts: int = Field(default=5, ge=1, le=20, description="tries of one message on other errors")
    sms_rate_limit_attempts: int = Field(default=8, ge=1, le=50, description="tries while the provider throttles")
    sms_backoff_base: float = Field(default=0.5, gt=0, description="seconds before the first retry")
    sms_backoff_cap: float = Field(default=60.0, gt=0, description="longest wait between tries")
    sms_timeout: float = Field(default=10.0, gt=0, description="seconds for one provider call")
    sms_workers: int = Field(default=8, ge=1, le=64, description="provider calls in flight at once (SDK threads)")
    notification_url: str = Field(default="http://127.0.0.1:8003", description="where receipts are reported")
    notification_token: str = Field(default="", description="a gateway token; empty: minted with JWT_SECRET")
    subdistrict: str = Field(default="lizhou", description="the subdistrict this gateway serves (its token's)")
