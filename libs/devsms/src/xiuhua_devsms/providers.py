"""SendSms as each provider speaks it: the request the official SDK sends, checked (signature,
number, parameters, limits), answered in the provider's documented shape.

Aliyun dysmsapi 2017-05-25 SendSms: https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms
  (error codes: https://help.aliyun.com/zh/sms/developer-reference/api-error-codes)
Tencent Cloud sms 2021-01-11 SendSms: https://cloud.tencent.com/document/api/382/55981
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from xiuhua_devsms.limits import NumberLimits, Refusal, check_number, check_params
from xiuhua_devsms.messages import entry
from xiuhua_devsms.signing import SignatureRejected, verify_acs3, verify_tc3

Keep = Callable[[str, dict[str, Any]], Awaitable[None]]
TC3_CLOCK_SKEW = 300

ALIYUN_CODES = {"number": ("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"),
                "length": ("isv.PARAM_LENGTH_LIMIT", "参数超出长度限制"),
                "minute": ("isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1"),
                "hour": ("isv.BUSINESS_LIMIT_CONTROL", "触发小时级流控Permits:5")}
TENCENT_CODES = {"number": ("InvalidParameterValue.IncorrectPhoneNumber", "incorrect phone number"),
                 "length": ("InvalidParameterValue.TemplateParameterLengthLimit",
                            "single template parameter length exceeds the limit"),
                 "minute": ("LimitExceeded.PhoneNumberThirtySecondLimit", "the same number within 30 seconds"),
                 "hour": ("LimitExceeded.PhoneNumberOneHourLimit", "the same number within one hour")}


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]


@dataclass
class Desk:
    """What both providers' handlers share: credentials, limits and where a sent message goes."""

    secrets: dict[str, str]
    tencent_app_id: str
    limits: NumberLimits
    max_param_chars: int
    keep: Keep

    async def refuse(self, phone: str, values: list[str]) -> Refusal | None:
        return (check_number(phone) or check_params(values, max_chars=self.max_param_chars)
                or await self.limits.take(phone))


def _request_id() -> str:
    return str(uuid.uuid4()).upper()


async def aliyun_send(desk: Desk, *, method: str, path: str, raw_query: str, headers: dict[str, str],
                      body: bytes) -> Reply:
    """One Aliyun SendSms call (RPC style, parameters in the query, V3 signature)."""
    query = dict(parse_qsl(raw_query, keep_blank_values=True))
    rid = _request_id()
    try:
        verify_acs3(method=method, path=path, query=query, headers=headers, body=body, secrets=desk.secrets)
    except SignatureRejected as exc:
        return Reply(400 if exc.code != "InvalidAccessKeyId.NotFound" else 404,
                     {"RequestId": rid, "Code": exc.code, "Message": exc.message})
    if headers.get("x-acs-action") != "SendSms" or headers.get("x-acs-version") != "2017-05-25":
        return Reply(404, {"RequestId": rid, "Code": "InvalidAction.NotFound",
                           "Message": "Specified api is not found, please check your url and method."})
    for name in ("PhoneNumbers", "SignName", "TemplateCode"):
        if not query.get(name):
            return Reply(400, {"RequestId": rid, "Code": f"Missing{name}", "Message": f"{name} is mandatory."})
    try:
        params = json.loads(query.get("TemplateParam") or "{}")
        assert isinstance(params, dict)
    except (ValueError, AssertionError):
        return _aliyun_error(rid, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
    params = {k: str(v) for k, v in params.items()}
    biz_id = f"{int(time.time() * 1000)}{uuid.uuid4().int % 10**6:06d}^0"
    phones = query["PhoneNumbers"].split(",")
    for phone in phones:
        refusal = await desk.refuse(phone, list(params.values()))
        if refusal is not None:
            return _aliyun_error(rid, *ALIYUN_CODES[refusal.kind])
    for phone in phones:
        await desk.keep("aliyun", entry(provider="aliyun", phone=phone, sign=query["SignName"],
                                        template=query["TemplateCode"], params=params,
                                        out_id=query.get("OutId", ""), provider_id=biz_id))
    return Reply(200, {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": rid})


def _aliyun_error(rid: str, code: str, message: str) -> Reply:
    return Reply(200, {"Code": code, "Message": message, "RequestId": rid})


async def tencent_send(desk: Desk, *, method: str, path: str, raw_query: str, headers: dict[str, str],
                       body: bytes, now: float | None = None) -> Reply:
    """One Tencent Cloud SendSms call (API 3.0, JSON body, TC3-HMAC-SHA256)."""
    rid = str(uuid.uuid4())
    try:
        verify_tc3(method=method, path=path, query=raw_query, headers=headers, body=body, secrets=desk.secrets)
        if abs((now or time.time()) - int(headers.get("x-tc-timestamp", "0"))) > TC3_CLOCK_SKEW:
            raise SignatureRejected("AuthFailure.SignatureExpire", "Signature expired.")
    except (SignatureRejected, ValueError) as exc:
        code = getattr(exc, "code", "AuthFailure.SignatureFailure")
        return _tencent_error(rid, code, str(exc))
    if headers.get("x-tc-action") != "SendSms" or headers.get("x-tc-version") != "2021-01-11":
        return _tencent_error(rid, "InvalidAction", "The action does not exist in this version.")
    try:
        req = json.loads(body)
        phones, params = list(req["PhoneNumberSet"]), [str(v) for v in req.get("TemplateParamSet") or []]
        app_id, template, sign = str(req["SmsSdkAppId"]), str(req["TemplateId"]), str(req.get("SignName") or "")
    except (ValueError, KeyError, TypeError):
        return _tencent_error(rid, "InvalidParameter", "PhoneNumberSet, SmsSdkAppId and TemplateId are required.")
    if app_id != desk.tencent_app_id:
        return _tencent_error(rid, "InvalidParameterValue.SdkAppIdNotExist", "SdkAppId does not exist.")
    statuses = []
    for raw in phones:
        phone = str(raw).removeprefix("+86").removeprefix("86") if str(raw).startswith(("+86", "86")) else str(raw)
        serial = f"2433:{uuid.uuid4().int % 10**28:028d}"
        refusal = await desk.refuse(phone, params)
        if refusal is not None:
            code, message = TENCENT_CODES[refusal.kind]
            statuses.append({"SerialNo": "", "PhoneNumber": raw, "Fee": 0,
                             "SessionContext": req.get("SessionContext", ""), "Code": code, "Message": message,
                             "IsoCode": "CN"})
            continue
        named = {str(i + 1): v for i, v in enumerate(params)}
        await desk.keep("tencent", entry(provider="tencent", phone=phone, sign=sign, template=template, params=named,
                                         out_id=str(req.get("SessionContext") or ""), provider_id=serial))
        statuses.append({"SerialNo": serial, "PhoneNumber": raw, "Fee": 1,
                         "SessionContext": req.get("SessionContext", ""), "Code": "Ok", "Message": "send success",
                         "IsoCode": "CN"})
    return Reply(200, {"Response": {"SendStatusSet": statuses, "RequestId": rid}})


def _tencent_error(rid: str, code: str, message: str) -> Reply:
    return Reply(200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": rid}})
