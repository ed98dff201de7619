"""The SMS gateway's pure parts: what each provider code means, the backoff, the receipts' shapes,
the template map, and the local provider's signature checks against what the official SDKs sign."""

from __future__ import annotations

import hashlib
import json
import random
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from alibabacloud_tea_openapi.utils import Utils as AliyunUtils
from tencentcloud.common import credential
from tencentcloud.common.abstract_client import AbstractClient
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import sms_client

from xiuhua_devsms.limits import check_number, check_params
from xiuhua_devsms.messages import code_of
from xiuhua_devsms.signing import SignatureRejected, verify_acs3, verify_tc3
from xiuhua_smsgateway.domain import receipts
from xiuhua_smsgateway.domain.verdicts import Verdict, backoff, verdict
from xiuhua_smsgateway.providers.base import TemplateMap

SECRETS = {"key-id": "key-secret"}


@pytest.mark.parametrize(("code", "expected"), [
    ("OK", Verdict.SENT), ("Ok", Verdict.SENT),
    ("isv.BUSINESS_LIMIT_CONTROL", Verdict.THROTTLED), ("isv.DAY_LIMIT_CONTROL", Verdict.THROTTLED),
    ("LimitExceeded.PhoneNumberThirtySecondLimit", Verdict.THROTTLED),
    ("LimitExceeded.PhoneNumberOneHourLimit", Verdict.THROTTLED), ("Throttling", Verdict.THROTTLED),
    ("isv.MOBILE_NUMBER_ILLEGAL", Verdict.REFUSED), ("InvalidParameterValue.IncorrectPhoneNumber", Verdict.REFUSED),
    ("isv.PARAM_LENGTH_LIMIT", Verdict.REFUSED), ("SignatureDoesNotMatch", Verdict.REFUSED),
    ("AuthFailure.SignatureFailure", Verdict.REFUSED),
    ("FailedOperation.TemplateIncorrectOrUnapproved", Verdict.REFUSED),
    ("isp.SYSTEM_ERROR", Verdict.RETRY), ("InternalError.Timeout", Verdict.RETRY), ("NetworkError", Verdict.RETRY),
    ("ServiceUnavailable", Verdict.RETRY), ("", Verdict.RETRY),
])
def test_provider_codes_mean_send_back_off_give_up_or_retry(code, expected):
    assert verdict(code) is expected


def test_backoff_grows_to_its_cap_with_jitter_that_differs_between_senders():
    rng = random.Random(7)
    waits = [backoff(n, base=0.5, cap=8, rng=rng) for n in range(1, 9)]
    for n, wait in enumerate(waits, start=1):
        ceiling = min(8, 0.5 * 2 ** (n - 1))
        assert ceiling / 2 <= wait <= ceiling
    assert max(waits) <= 8 and waits[-1] >= 4
    assert len({round(backoff(3, base=0.5, cap=8, rng=rng), 6) for _ in range(20)}) > 10  # not in step


def test_receipts_of_both_providers_read_alike():
    [ali] = receipts.aliyun([{"phone_number": "13800001234", "success": True, "err_code": "DELIVERED",
                              "err_msg": "用户接收成功", "biz_id": "123^0", "out_id": "o1", "sms_size": "1"}])
    assert (ali.provider_id, ali.out_id, ali.delivered, ali.code) == ("123^0", "o1", True, "DELIVERED")
    [fail] = receipts.aliyun([{"biz_id": "9", "success": False, "err_code": "MK:0001", "out_id": ""}])
    assert not fail.delivered and fail.out_id is None and fail.code == "MK:0001"
    [ten] = receipts.tencent([{"user_receive_time": "2026-11-25 10:00:00", "nationcode": "86",
                               "mobile": "13800001234", "report_status": "FAIL", "errmsg": "UNDELIV",
                               "description": "用户短信未送达", "sid": "2433:1"}])
    assert (ten.provider_id, ten.out_id, ten.delivered, ten.code) == ("2433:1", None, False, "UNDELIV")
    for bad in ({"biz_id": "x"}, [{"success": True}], ["x"], [{}] * 1001):
        with pytest.raises(receipts.BadReceipt):
            receipts.aliyun(bad)
    with pytest.raises(receipts.BadReceipt):
        receipts.tencent([{"sid": "1"}])


def test_the_template_map_names_the_providers_template_and_orders_its_parameters():
    templates = TemplateMap.parse(json.dumps({"ISSUE_ASSIGNED": {"id": "1234567", "params": ["number", "member"]}}))
    sms = templates.sms(out_id="o", phone="13800001234", template_id="ISSUE_ASSIGNED",
                        params={"member": "李明", "number": "HY-12"})
    assert sms.template_id == "1234567" and list(sms.params.values()) == ["HY-12", "李明"]
    plain = templates.sms(out_id="o", phone="1", template_id="LOGIN_CODE", params={"code": "123456"})
    assert plain.template_id == "LOGIN_CODE" and plain.params == {"code": "123456"}
    with pytest.raises(ValueError):
        TemplateMap.parse("[]")


def _aliyun_signed(secret: str = "key-secret") -> dict:
    """A request as the Aliyun SDK signs it (its own signing code, no network)."""
    query = {"PhoneNumbers": "13800001234", "SignName": "绣花", "TemplateCode": "T1",
             "TemplateParam": json.dumps({"code": "123456"}), "OutId": "o 1+2"}
    empty = hashlib.sha256(b"").hexdigest()
    headers = {"host": "127.0.0.1:8005", "x-acs-action": "SendSms", "x-acs-version": "2017-05-25",
               "x-acs-date": "2026-11-25T10:00:00Z", "x-acs-signature-nonce": "n1", "accept": "application/json",
               "x-acs-content-sha256": empty}
    request = SimpleNamespace(pathname="/", method="POST", query=query, headers=headers)
    headers["authorization"] = AliyunUtils.get_authorization(request, "ACS3-HMAC-SHA256", empty, "key-id", secret)
    return {"method": "POST", "path": "/", "query": query, "headers": headers, "body": b""}


def test_an_aliyun_v3_signature_holds_and_any_change_breaks_it():
    assert verify_acs3(**_aliyun_signed(), secrets=SECRETS) == "key-id"
    for tamper in (lambda r: r["query"].update(PhoneNumbers="13900001234"),
                   lambda r: r["headers"].update({"x-acs-action": "QuerySendDetails"}),
                   lambda r: r.update(body=b"x")):
        request = _aliyun_signed()
        tamper(request)
        with pytest.raises(SignatureRejected):
            verify_acs3(**request, secrets=SECRETS)
    with pytest.raises(SignatureRejected) as wrong:
        verify_acs3(**_aliyun_signed(secret="other"), secrets=SECRETS)
    assert wrong.value.code == "SignatureDoesNotMatch"


def _tencent_signed(secret: str = "key-secret") -> dict:
    """A request as the Tencent SDK signs it (its own signing code, no network)."""
    client = sms_client.SmsClient(credential.Credential("key-id", secret), "ap-guangzhou",
                                  ClientProfile(httpProfile=HttpProfile(protocol="http", endpoint="127.0.0.1:8005")))
    req = SimpleNamespace(method="POST", uri="/", header={}, data="")
    AbstractClient._build_req_with_tc3_signature(client, "SendSms", {"PhoneNumberSet": ["+8613800001234"]}, req)
    headers = {k.lower(): v for k, v in req.header.items()}
    return {"method": "POST", "path": urlsplit(req.uri).path, "query": "", "headers": headers,
            "body": req.data.encode()}


def test_a_tencent_tc3_signature_holds_and_any_change_breaks_it():
    assert verify_tc3(**_tencent_signed(), secrets=SECRETS) == "key-id"
    changed = _tencent_signed()
    changed["body"] = changed["body"].replace(b"138", b"139")
    with pytest.raises(SignatureRejected):
        verify_tc3(**changed, secrets=SECRETS)
    with pytest.raises(SignatureRejected) as wrong:
        verify_tc3(**_tencent_signed(secret="other"), secrets=SECRETS)
    assert wrong.value.code == "AuthFailure.SignatureFailure"


def test_the_local_provider_checks_numbers_lengths_and_finds_the_code():
    assert check_number("13800001234") is None
    assert check_number("12345").kind == check_number("23800001234").kind == "number"
    assert check_params(["地" * 35], max_chars=35) is None and check_params(["地" * 36], max_chars=35).kind == "length"
    assert check_params(["https://xiuhua.example.cn/#/issues/" + "0" * 24], max_chars=35) is None
    assert code_of({"code": "123456"}) == "123456" and code_of({"1": "654321", "2": "5"}) == "654321"
    assert code_of({"1": "1234", "2": "5678"}) is None and code_of({"title": "北门"}) is None


async def test_the_receipt_token_is_minted_on_a_machine_booted_minutes_ago(monkeypatch):
    """The monotonic clock counts from boot: ten minutes after boot the first receipt still carries
    a token (it once went out as ``Bearer `` and was dead-lettered)."""
    from tests.support.servers import JWT_SECRET
    from xiuhua_auth import Authenticator
    from xiuhua_smsgateway import notifier

    monkeypatch.setattr(notifier.time, "monotonic", lambda: 600.0)
    n = notifier.Notifier(url="http://127.0.0.1:1", token="", subdistrict="lizhou",
                          authenticator=Authenticator(secret=JWT_SECRET))
    try:
        assert n._bearer().count(".") == 2
    finally:
        await n.close()
