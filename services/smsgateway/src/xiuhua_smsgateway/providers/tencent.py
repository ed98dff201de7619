"""Tencent Cloud SendSms (sms 2021-01-11) through the official SDK, TC3-HMAC-SHA256.
https://cloud.tencent.com/document/api/382/55981"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from xiuhua_smsgateway.domain.verdicts import Answer
from xiuhua_smsgateway.providers.base import Sms
from xiuhua_smsgateway.settings import SmsGatewaySettings

PUBLIC_ENDPOINT = "sms.tencentcloudapi.com"


class Tencent:
    name = "tencent"

    def __init__(self, settings: SmsGatewaySettings) -> None:
        # the official SDKs block: their calls run on a pool of this many threads
        self.calls = ThreadPoolExecutor(settings.sms_workers, thread_name_prefix=f"sms-{self.name}")
        self.sign_name, self.app_id = settings.sms_sign_name, settings.sms_sdk_app_id
        http = HttpProfile(protocol=settings.sms_protocol, endpoint=settings.sms_endpoint or PUBLIC_ENDPOINT,
                           reqTimeout=int(settings.sms_timeout))
        self.client = sms_client.SmsClient(
            credential.Credential(settings.sms_access_key_id, settings.sms_access_key_secret),
            settings.sms_region, ClientProfile(httpProfile=http))

    async def send(self, sms: Sms) -> Answer:
        request = models.SendSmsRequest()
        request.PhoneNumberSet = [f"+86{sms.phone}"]
        request.SmsSdkAppId, request.SignName, request.TemplateId = self.app_id, self.sign_name, sms.template_id
        request.TemplateParamSet = list(sms.params.values())
        request.SessionContext = sms.out_id
        try:
            response = await asyncio.get_running_loop().run_in_executor(self.calls, self.client.SendSms, request)
        except TencentCloudSDKException as exc:
            return Answer(code=exc.get_code() or "NetworkError", message=(exc.get_message() or "")[:200])
        except Exception as exc:
            return Answer(code="NetworkError", message=str(exc)[:200])
        status = (response.SendStatusSet or [None])[0]
        if status is None:
            return Answer(code="EmptyResponse", message="SendStatusSet is empty")
        return Answer(code=status.Code or "", message=status.Message or "", provider_id=status.SerialNo or "")
