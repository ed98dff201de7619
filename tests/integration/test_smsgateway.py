"""The SMS gateway against the real broker and MongoDB and the local provider over HTTP, through
each provider's official SDK: what the provider receives (shape, signature), what it refuses
(numbers, lengths, per-number limits), a redelivered request sent once, and receipts coming back."""

from __future__ import annotations

import asyncio
import json
import random
import uuid

import pytest
from alibabacloud_dysmsapi20170525 import models as aliyun_models
from alibabacloud_dysmsapi20170525.client import Client as AliyunClient
from alibabacloud_tea_openapi import utils_models
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models as tencent_models
from tencentcloud.sms.v20210111 import sms_client

from tests.support.broker import Probe, publish
from tests.support.servers import JWT_SECRET, RECEIPT_TOKEN, eventually
from tests.support.services import _drop as drop
from tests.support.services import settings_for
from tests.support.sms import free_port, served, sms_path
from xiuhua_devsms.settings import DEV_KEY_ID, DEV_KEY_SECRET, DEV_TENCENT_APP_ID
from xiuhua_events import CloudEvent, new_event
from xiuhua_notification.app import create_app as notification_app
from xiuhua_notification.settings import NotificationSettings
from xiuhua_smsgateway.store import SENDS

SMS = "xiuhua.notification.sms.requested.v1"
DELIVERED, FAILED = "xiuhua.notification.delivered.v1", "xiuhua.notification.failed.v1"


def phone() -> str:
    return f"177{random.randrange(10**8):08d}"


def requested(to: str, *, template_id: str = "LOGIN_CODE", out_id: str | None = None, **params: str) -> CloudEvent:
    data = {"out_id": out_id or uuid.uuid4().hex, "phone": to, "template_id": template_id,
            "params": params or {"code": "246810"}, "text": "【绣花】验证码246810", "community": "platform",
            "issue_id": None}
    return new_event(type=SMS, source="/xiuhua/notification", tenant="platform", data=data)


async def record(path, out_id: str, *, status: str | None = None) -> dict:
    async def settled():
        doc = await path.gateway.db[SENDS].find_one({"_id": out_id})
        return doc if doc and doc["status"] != "sending" and (status is None or doc["status"] == status) else None
    return await eventually(settled, timeout=20)


@pytest.mark.parametrize("provider", ["aliyun", "tencent"])
async def test_a_requested_sms_reaches_the_provider_signed_and_its_receipt_comes_back(provider):
    async with sms_path(provider=provider) as path:
        to, event = phone(), None
        event = requested(to, code="135790")
        await publish(event)
        doc = await record(path, event.data["out_id"], status="sent")
        [sent] = await eventually(lambda: path.inbox(phone=to))
        assert sent["provider"] == provider and sent["out_id"] == event.data["out_id"]
        assert sent["phone"] == to and sent["template_id"] == "LOGIN_CODE" and sent["sign_name"] == "绣花"
        assert sent["code"] == "135790"  # named (Aliyun) or numbered (Tencent), the code shows
        assert sent["provider_id"] == doc["provider_id"]
        # the provider posts its receipt to the gateway, which notes it against the message
        doc = await eventually(lambda: _with_receipt(path, event.data["out_id"]), timeout=20)
        assert doc["receipt"] == "delivered"


async def _with_receipt(path, out_id):
    doc = await path.gateway.db[SENDS].find_one({"_id": out_id})
    return doc if doc and doc.get("receipt") else None


async def test_a_redelivered_request_is_sent_once():
    async with sms_path() as path:
        to, out_id = phone(), uuid.uuid4().hex
        first = requested(to, out_id=out_id)
        await publish(first, times=3)                      # the broker redelivering the same event
        await publish(requested(to, out_id=out_id))        # a second event asking for the same message
        await record(path, out_id, status="sent")
        await eventually(lambda: path.inbox(phone=to))
        marker = requested(to)                             # sent after the duplicates, so they are done
        await publish(marker)
        await record(path, marker.data["out_id"], status="sent")
        assert await path.sends(out_id) == 1
        assert len(await path.inbox(phone=to)) == 2


@pytest.mark.parametrize("provider", ["aliyun", "tencent"])
async def test_an_invalid_number_fails_at_once(provider):
    async with sms_path(provider=provider) as path:
        event = requested("12345")
        await publish(event)
        doc = await record(path, event.data["out_id"])
        assert doc["status"] == "failed" and doc["tries"] == 1
        assert doc["code"] == {"aliyun": "isv.MOBILE_NUMBER_ILLEGAL",
                               "tencent": "InvalidParameterValue.IncorrectPhoneNumber"}[provider]


@pytest.mark.parametrize("provider", ["aliyun", "tencent"])
async def test_a_parameter_over_the_providers_length_fails(provider):
    async with sms_path(provider=provider) as path:
        event = requested(phone(), template_id="ISSUE_RECEIVED", title="地" * 36)
        await publish(event)
        doc = await record(path, event.data["out_id"])
        assert doc["status"] == "failed" and doc["tries"] == 1
        assert doc["code"] == {"aliyun": "isv.PARAM_LENGTH_LIMIT",
                               "tencent": "InvalidParameterValue.TemplateParameterLengthLimit"}[provider]


@pytest.mark.parametrize("provider", ["aliyun", "tencent"])
async def test_the_per_number_limit_is_backed_off_then_failed(provider):
    async with sms_path(provider=provider, devsms={"per_minute": 1},
                        gateway={"sms_rate_limit_attempts": 3}) as path:
        to = phone()
        first, second = requested(to), requested(to)
        await publish(first)
        await record(path, first.data["out_id"], status="sent")
        await publish(second)
        doc = await record(path, second.data["out_id"])
        # throttled three times (backing off between), then given up: still one message to that number
        assert doc["status"] == "failed" and doc["tries"] == 3
        assert doc["code"].startswith({"aliyun": "isv.BUSINESS_LIMIT_CONTROL", "tencent": "LimitExceeded."}[provider])
        assert len(await path.inbox(phone=to)) == 1


async def test_an_undeliverable_number_gets_a_failed_receipt():
    async with sms_path(provider="tencent") as path:
        event = requested("17700000000")
        await publish(event)
        doc = await eventually(lambda: _with_receipt(path, event.data["out_id"]), timeout=20)
        assert doc["status"] == "sent" and doc["receipt"] == "failed" and doc["receipt_code"] == "UNDELIV"


async def test_receipts_need_the_token_and_the_providers_shape():
    async with sms_path() as path:
        url = f"{path.gateway_url}/smsgateway/v1/receipts/aliyun"
        assert (await path.http.post(url, json=[])).status_code == 401
        bad = await path.http.post(url, params={"token": RECEIPT_TOKEN}, json={"not": "an array"})
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_receipt"
        ok = await path.http.post(url, params={"token": RECEIPT_TOKEN}, json=[{"biz_id": "x", "success": True}])
        assert ok.status_code == 200 and ok.json() == {"code": 0, "msg": "接收成功"}
        tencent = await path.http.post(f"{path.gateway_url}/smsgateway/v1/receipts/tencent",
                                       params={"token": RECEIPT_TOKEN}, json=[{"sid": "x", "report_status": "SUCCESS"}])
        assert tencent.json() == {"result": 0, "errmsg": "OK"}


def _aliyun(endpoint: str, secret: str = DEV_KEY_SECRET) -> AliyunClient:
    return AliyunClient(utils_models.Config(access_key_id=DEV_KEY_ID, access_key_secret=secret,
                                            endpoint=endpoint, protocol="http"))


def _tencent(endpoint: str, secret: str = DEV_KEY_SECRET) -> sms_client.SmsClient:
    profile = ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint=endpoint))
    return sms_client.SmsClient(credential.Credential(DEV_KEY_ID, secret), "ap-guangzhou", profile)


async def test_the_provider_checks_the_sdks_signatures():
    async with sms_path() as path:
        endpoint = path.provider_url.removeprefix("http://")
        request = aliyun_models.SendSmsRequest(phone_numbers=phone(), sign_name="绣花", template_code="T",
                                               template_param=json.dumps({"code": "1234"}), out_id="o1")
        # the SDKs block: in a thread, so that the provider in this loop can answer
        assert (await asyncio.to_thread(_aliyun(endpoint).send_sms, request)).body.code == "OK"
        with pytest.raises(Exception) as refused:
            await asyncio.to_thread(_aliyun(endpoint, secret="wrong").send_sms, request)
        assert getattr(refused.value, "code", None) == "SignatureDoesNotMatch"
        sms = tencent_models.SendSmsRequest()
        sms.PhoneNumberSet, sms.SmsSdkAppId, sms.TemplateId = [f"+86{phone()}"], DEV_TENCENT_APP_ID, "1"
        sms.SignName, sms.TemplateParamSet = "绣花", ["1234"]
        assert (await asyncio.to_thread(_tencent(endpoint).SendSms, sms)).SendStatusSet[0].Code == "Ok"
        with pytest.raises(TencentCloudSDKException) as wrong:
            await asyncio.to_thread(_tencent(endpoint, secret="wrong").SendSms, sms)
        assert wrong.value.get_code() == "AuthFailure.SignatureFailure"
        # a body changed after signing is refused too
        signed = await path.http.post(path.provider_url + "/", content=b'{"PhoneNumberSet": []}', headers={
            "X-TC-Action": "SendSms", "Content-Type": "application/json",
            "Authorization": f"TC3-HMAC-SHA256 Credential={DEV_KEY_ID}/2026-01-01/sms/tc3_request, "
                             f"SignedHeaders=content-type;host, Signature={'0' * 64}"})
        assert signed.json()["Response"]["Error"]["Code"] == "AuthFailure.SignatureFailure"


async def _status(runtime, out_id: str, status: str) -> dict | None:
    doc = await runtime.db["messages"].find_one({"_id": out_id})
    return doc if doc and doc["status"] == status else None


async def test_notifications_message_log_follows_the_receipts_and_failures():
    """notification asks for a login code; the gateway sends it and the provider's receipt marks it
    delivered in notification's log; a bad number is marked failed and announced with failed.v1."""
    port = free_port()
    notification = notification_app(settings_for(NotificationSettings))
    rt = notification.state.runtime
    async with served(notification, port) as url, Probe([FAILED, DELIVERED]) as probe:
        await eventually(rt.started.is_set, timeout=30)
        async with sms_path(notification_url=url, gateway={"jwt_secret": JWT_SECRET}) as path:
            good, bad = phone(), "1380000"
            for to, code in ((good, "602214"), (bad, "602215")):
                await publish(new_event(type="xiuhua.auth.code_issued.v1", source="/xiuhua/intake",
                                        tenant="platform", data={"phone": to, "code": code}))
            [sent] = await eventually(lambda: path.inbox(phone=good), timeout=20)
            assert sent["code"] == "602214"
            delivered = await eventually(lambda: _status(rt, sent["out_id"], "delivered"), timeout=20)
            assert delivered["text"].count("******") == 1  # the log never kept the code
            failed = await eventually(lambda: rt.db["messages"].find_one({"to": bad, "status": "failed"}), timeout=20)
            assert failed["error_code"] == "isv.MOBILE_NUMBER_ILLEGAL"
            await probe.wait_for(FAILED, out_id=failed["_id"], timeout=20)
            await probe.wait_for(DELIVERED, out_id=sent["out_id"], timeout=20)
        await drop(rt)
