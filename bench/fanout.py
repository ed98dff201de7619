"""The SMS fan-out: ``sms.requested`` events to SendSms calls answered by the local provider.

xiuhua: ``xiuhua-smsgateway`` (one process, its SDK threads) consumes N events published at once
and sends each through Aliyun's official SDK to ``xiuhua-devsms``, recording each attempt in
MongoDB before the call and the outcome after it. Measured: from the first publish until the
provider has answered N sends.

Ceiling: the same provider hit directly by the same SDK from as many threads as the gateway has,
N calls: what the provider and the SDK allow without the broker, the records and the gateway.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import aio_pika
import httpx
from alibabacloud_dysmsapi20170525 import models
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi import utils_models

from xiuhua_events import EXCHANGE, new_event

SMS_REQUESTED = "xiuhua.notification.sms.requested.v1"
KEY_ID, KEY_SECRET = "bench-key", "bench-secret"


def phone(n: int, run: int) -> str:
    """A distinct valid mainland number per message, so that per-number limits never trip."""
    return f"13{(run * 1_000_000 + n) % 10**9:09d}"


async def publish_requests(amqp_url: str, *, count: int, run: int) -> float:
    """Publish ``count`` persistent ``sms.requested`` events with confirms; when it started."""
    connection = await aio_pika.connect(amqp_url)
    started = time.monotonic()
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
        pending = []
        for n in range(count):
            data = {"out_id": uuid.uuid4().hex, "phone": phone(n, run), "template_id": "ISSUE_PROGRESS",
                    "params": {"number": f"HY-{n}", "title": "地下车库B2区灯不亮"}, "text": "", "community": "bench"}
            event = new_event(type=SMS_REQUESTED, source="/bench", tenant="bench", data=data)
            pending.append(exchange.publish(event.to_message(), routing_key=SMS_REQUESTED))
            if len(pending) >= 200:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    return started


async def wait_sent(provider_url: str, *, expected: int, started: float, timeout: float) -> float | None:
    """Seconds from ``started`` until the provider counted ``expected`` sends (None: not within timeout)."""
    async with httpx.AsyncClient(timeout=5) as client:
        while time.monotonic() - started < timeout:
            sent = (await client.get(f"{provider_url}/dev/sms/stats")).json()["sent"]
            if sent >= expected:
                return time.monotonic() - started
            await asyncio.sleep(0.1)
    return None


def direct_calls(endpoint: str, *, count: int, workers: int, run: int) -> dict:
    """The ceiling: ``count`` SendSms calls straight to the provider from ``workers`` threads."""
    client = Client(utils_models.Config(access_key_id=KEY_ID, access_key_secret=KEY_SECRET, endpoint=endpoint,
                                        protocol="http"))

    def call(n: int) -> str:
        request = models.SendSmsRequest(phone_numbers=phone(n, run), sign_name="绣花", template_code="ISSUE_PROGRESS",
                                        template_param=json.dumps({"number": f"HY-{n}", "title": "地下车库B2区灯不亮"},
                                                                  ensure_ascii=False), out_id=uuid.uuid4().hex)
        return client.send_sms(request).body.code

    started = time.monotonic()
    with ThreadPoolExecutor(workers) as pool:
        codes = list(pool.map(call, range(count)))
    seconds = time.monotonic() - started
    ok = codes.count("OK")
    return {"calls": count, "ok": ok, "seconds": round(seconds, 3), "calls_per_s": round(ok / seconds, 1)}
