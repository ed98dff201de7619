"""Aliyun SendSms (dysmsapi 2017-05-25) through the official SDK, V3 signature (ACS3-HMAC-SHA256).
https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms"""

from __future__ import annotations

import asyncio
import functools
import json
from concurrent.futures import ThreadPoolExecutor

from alibabacloud_dysmsapi20170525 import models
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi import utils_models
from darabonba.runtime import RuntimeOptions

from xiuhua_smsgateway.domain.verdicts import Answer
from xiuhua_smsgateway.providers.base import Sms
from xiuhua_smsgateway.settings import SmsGatewaySettings

PUBLIC_ENDPOINT = "dysmsapi.aliyuncs.com"


class Aliyun:
    name = "aliyun"

    def __init__(self, settings: SmsGatewaySettings) -> None:
        # the official SDKs block: their calls run on a pool of this many threads
        self.calls = ThreadPoolExecutor(settings.sms_workers, thread_name_prefix=f"sms-{self.name}")
        self.sign_name = settings.sms_sign_name
        self.timeout_ms = int(settings.sms_timeout * 1000)
        self.client = Client(utils_models.Config(
            access_key_id=settings.sms_access_key_id, access_key_secret=settings.sms_access_key_secret,
            endpoint=settings.sms_endpoint or PUBLIC_ENDPOINT, protocol=settings.sms_protocol))

    async def send(self, sms: Sms) -> Answer:
        request = models.SendSmsRequest(phone_numbers=sms.phone, sign_name=self.sign_name,
                                        template_code=sms.template_id, out_id=sms.out_id,
                                        template_param=json.dumps(sms.params, ensure_ascii=False))
        runtime = RuntimeOptions(read_timeout=self.timeout_ms, connect_timeout=self.timeout_ms, autoretry=False)
        try:
            call = functools.partial(self.client.send_sms_with_options, request, runtime)
            response = await asyncio.get_running_loop().run_in_executor(self.calls, call)
        except Exception as exc:  # the SDK raises for HTTP 4xx/5xx and transport errors
            return Answer(code=str(getattr(exc, "code", None) or "NetworkError"),
                          message=str(getattr(exc, "message", None) or exc)[:200])
        body = response.body
        return Answer(code=body.code or "", message=body.message or "", provider_id=body.biz_id or "")
