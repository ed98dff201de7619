"""What a provider's answer means for a message: sent, try again later, or give up. Pure.

Aliyun error codes: https://help.aliyun.com/zh/sms/developer-reference/api-error-codes
Tencent Cloud SendSms error codes: https://cloud.tencent.com/document/api/382/55981#6.-.E9.94.99.E8.AF.AF.E7.A0.81
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    SENT = "sent"
    THROTTLED = "throttled"   # back off with jitter and try again
    REFUSED = "refused"       # will never be sent (bad number, template, signature): fail at once
    RETRY = "retry"           # unknown or passing trouble: back off and try again, then fail


@dataclass(frozen=True)
class Answer:
    """One provider call's outcome, as the gateway reads it."""

    code: str
    message: str = ""
    provider_id: str = ""   # Aliyun BizId / Tencent SerialNo

    @property
    def verdict(self) -> Verdict:
        return verdict(self.code)


SENT_CODES = frozenset({"OK", "Ok"})
THROTTLED = ("isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.OUT_OF_SERVICE_LIMIT",
             "Throttling", "LimitExceeded.", "RequestLimitExceeded")
REFUSED = ("isv.MOBILE_NUMBER_ILLEGAL", "isv.MOBILE_COUNT_OVER_LIMIT", "isv.BLACK_KEY_CONTROL_LIMIT",
           "isv.PARAM_LENGTH_LIMIT", "isv.INVALID_PARAMETERS", "isv.INVALID_JSON_PARAM",
           "isv.SMS_TEMPLATE_ILLEGAL", "isv.SMS_SIGNATURE_ILLEGAL", "isv.TEMPLATE_MISSING_PARAMETERS",
           "isv.AMOUNT_NOT_ENOUGH", "isv.ACCOUNT_NOT_EXISTS", "isv.ACCOUNT_ABNORMAL", "isv.DENY_IP_RANGE",
           "SignatureDoesNotMatch", "IncompleteSignature", "InvalidAccessKeyId", "Forbidden",
           "InvalidParameterValue.", "InvalidParameter", "MissingParameter", "UnsupportedOperation.",
           "FailedOperation.PhoneNumberInBlacklist", "FailedOperation.TemplateIncorrectOrUnapproved",
           "FailedOperation.SignatureIncorrectOrUnapproved", "FailedOperation.InsufficientBalanceInSmsPackage",
           "FailedOperation.ContainSensitiveWord", "AuthFailure.", "UnauthorizedOperation.")


def verdict(code: str) -> Verdict:
    """The verdict of a provider code (a prefix ending in "." names a family of codes)."""
    if code in SENT_CODES:
        return Verdict.SENT
    if any(code == c or (c.endswith(".") and code.startswith(c)) for c in THROTTLED):
        return Verdict.THROTTLED
    if any(code == c or (c.endswith(".") and code.startswith(c)) or code.startswith(c + ".") for c in REFUSED):
        return Verdict.REFUSED
    return Verdict.RETRY


def backoff(attempt: int, *, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait before try ``attempt + 1`` (``attempt`` ≥ 1): "equal jitter", half of an
    exponentially growing ceiling plus a random share of the other half, so that throttled
    senders do not retry in step.
    https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/"""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return (rng or random).uniform(ceiling / 2, ceiling)
