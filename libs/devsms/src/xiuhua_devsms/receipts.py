"""Delivery receipts posted back to the sender, in each provider's documented shape.

Aliyun SmsReport (HTTP batch push): https://help.aliyun.com/zh/sms/developer-reference/configure-delivery-receipts-1
Tencent Cloud status callback: https://cloud.tencent.com/document/product/382/52077
A number ending in 0000 is delivered as undeliverable, so that failures can be seen locally.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

log = logging.getLogger(__name__)
_CHINA = timezone(timedelta(hours=8))


def undeliverable(phone: str) -> bool:
    return phone.endswith("0000")


def aliyun_report(message: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    ok = not undeliverable(message["phone"])
    stamp = now.astimezone(_CHINA).strftime("%Y-%m-%d %H:%M:%S")
    return {"phone_number": message["phone"], "send_time": stamp, "report_time": stamp, "success": ok,
            "err_code": "DELIVERED" if ok else "MK:0001", "err_msg": "用户接收成功" if ok else "空号或停机",
            "sms_size": "1", "biz_id": message["provider_id"], "out_id": message["out_id"]}


def tencent_status(message: dict[str, Any], *, now: datetime) -> dict[str, Any]:
    ok = not undeliverable(message["phone"])
    return {"user_receive_time": now.astimezone(_CHINA).strftime("%Y-%m-%d %H:%M:%S"), "nationcode": "86",
            "mobile": message["phone"], "report_status": "SUCCESS" if ok else "FAIL",
            "errmsg": "DELIVRD" if ok else "UNDELIV",
            "description": "用户短信送达成功" if ok else "用户短信未送达", "sid": message["provider_id"]}


class ReceiptPoster:
    """Posts each receipt a moment after the send, in the background, retrying a few times (as
    the providers do) when the callback does not answer 200."""

    def __init__(self, *, aliyun_url: str, tencent_url: str, delay: float) -> None:
        self.urls = {"aliyun": aliyun_url, "tencent": tencent_url}
        self.delay = delay
        self._tasks: set[asyncio.Task] = set()
        self._client = httpx.AsyncClient(timeout=10)

    def post_later(self, provider: str, message: dict[str, Any]) -> None:
        url = self.urls.get(provider)
        if not url:
            return
        task = asyncio.create_task(self._post(url, provider, message))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post(self, url: str, provider: str, message: dict[str, Any]) -> None:
        await asyncio.sleep(self.delay)
        build = aliyun_report if provider == "aliyun" else tencent_status
        body = [build(message, now=datetime.now(_CHINA))]
        for attempt in range(5):
            try:
                r = await self._client.post(url, json=body)
                if r.status_code == 200:
                    return
                log.info("receipt callback %s answered %s", url, r.status_code)
            except httpx.HTTPError as exc:
                log.info("receipt callback %s failed: %s", url, exc)
            await asyncio.sleep(min(0.5 * 2**attempt, 5))
        log.warning("gave up posting a %s receipt for %s", provider, message["provider_id"])

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._client.aclose()
