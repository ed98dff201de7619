"""The providers' delivery receipts, read into one shape. Pure.

Aliyun SmsReport (HTTP batch push, a JSON array): https://help.aliyun.com/zh/sms/developer-reference/configure-delivery-receipts-1
  [{"phone_number", "send_time", "report_time", "success": true, "err_code": "DELIVERED",
    "err_msg": "用户接收成功", "sms_size": "1", "biz_id", "out_id"}]  → answer {"code": 0, "msg": "接收成功"}
Tencent Cloud status callback (a JSON array): https://cloud.tencent.com/document/product/382/52077
  [{"user_receive_time", "nationcode": "86", "mobile", "report_status": "SUCCESS" | "FAIL",
    "errmsg": "DELIVRD", "description", "sid"}]  → answer {"result": 0, "errmsg": "OK"}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_ITEMS = 1000


class BadReceipt(ValueError):
    """The body is not the provider's receipt."""


@dataclass(frozen=True)
class Receipt:
    provider_id: str           # BizId / SerialNo (sid)
    out_id: str | None         # Aliyun echoes the OutId; Tencent does not
    delivered: bool
    code: str
    message: str


def _items(body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, list) or not all(isinstance(i, dict) for i in body):
        raise BadReceipt("a receipt is a JSON array of objects")
    if len(body) > MAX_ITEMS:
        raise BadReceipt(f"at most {MAX_ITEMS} receipts at once")
    return body


def aliyun(body: Any) -> list[Receipt]:
    out = []
    for item in _items(body):
        if "biz_id" not in item or "success" not in item:
            raise BadReceipt("an SmsReport item has biz_id and success")
        out.append(Receipt(provider_id=str(item["biz_id"]), out_id=str(item.get("out_id") or "") or None,
                           delivered=item["success"] in (True, "true"), code=str(item.get("err_code") or ""),
                           message=str(item.get("err_msg") or "")))
    return out


def tencent(body: Any) -> list[Receipt]:
    out = []
    for item in _items(body):
        if "sid" not in item or "report_status" not in item:
            raise BadReceipt("a status callback item has sid and report_status")
        out.append(Receipt(provider_id=str(item["sid"]), out_id=None,
                           delivered=item["report_status"] == "SUCCESS", code=str(item.get("errmsg") or ""),
                           message=str(item.get("description") or "")))
    return out


PARSERS = {"aliyun": aliyun, "tencent": tencent}
ACCEPTED = {"aliyun": {"code": 0, "msg": "接收成功"}, "tencent": {"result": 0, "errmsg": "OK"}}
REFUSED = {"aliyun": {"code": 1, "msg": "稍后重试"}, "tencent": {"result": 1, "errmsg": "retry later"}}
