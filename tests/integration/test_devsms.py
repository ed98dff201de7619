"""The local SMS provider on the real Redis, called through Aliyun's official SDK: what it "sent"
shows newest first, filtered by phone, with the login code large on the page; it refuses to run
unless switched on."""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from alibabacloud_dysmsapi20170525 import models
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi import utils_models
from asgi_lifespan import LifespanManager

from tests.support.servers import REDIS_URL, unique
from tests.support.sms import free_port, served
from xiuhua_devsms.app import create_app
from xiuhua_devsms.settings import DEV_KEY_ID, DEV_KEY_SECRET, DevSmsSettings, InboxOff


def phone() -> str:
    return f"177{random.randrange(10**8):08d}"


def settings(**overrides) -> DevSmsSettings:
    name = unique("devsms")
    return DevSmsSettings(**({"redis_url": REDIS_URL, "redis_prefix": name, "inbox": "1"} | overrides))


class Provider:
    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url, self.client = url, client
        self.sdk = Client(utils_models.Config(access_key_id=DEV_KEY_ID, access_key_secret=DEV_KEY_SECRET,
                                              endpoint=url.removeprefix("http://"), protocol="http"))

    async def send(self, to: str, template: str = "ISSUE_RECEIVED", **params: str) -> str:
        request = models.SendSmsRequest(phone_numbers=to, sign_name="绣花", template_code=template,
                                        template_param=json.dumps(params, ensure_ascii=False), out_id=unique("o"))
        body = (await asyncio.to_thread(self.sdk.send_sms, request)).body
        assert body.code == "OK", body
        return body.biz_id

    async def items(self, **params) -> list[dict]:
        r = await self.client.get(f"{self.url}/dev/sms/messages", params=params)
        assert r.status_code == 200, r.text
        return r.json()["items"]


@asynccontextmanager
async def provider(**overrides) -> AsyncIterator[Provider]:
    app = create_app(settings(**overrides))
    async with served(app, free_port()) as url, httpx.AsyncClient(timeout=10) as client:
        try:
            yield Provider(url, client)
        finally:
            await app.state.node.inbox.clear()
            await app.state.node.limits.clear()


async def test_messages_are_newest_first_filtered_by_phone_and_limited():
    liu, wang = phone(), phone()
    async with provider() as box:
        for n in range(3):
            await box.send(liu, title=f"刘女士的第{n + 1}条")
        await box.send(wang, title="王先生的短信")
        assert [m["params"]["title"] for m in await box.items(phone=liu)] == [
            "刘女士的第3条", "刘女士的第2条", "刘女士的第1条"]
        assert [m["params"]["title"] for m in await box.items(phone=wang)] == ["王先生的短信"]
        assert len(await box.items(phone=liu[-4:], limit=2)) == 2
        assert [m["phone"] for m in await box.items(limit=2)] == [wang, liu]
        assert (await box.client.get(f"{box.url}/dev/sms/messages", params={"limit": 0})).status_code == 422


async def test_the_page_shows_the_code_large_and_escapes_the_text():
    to, other = phone(), phone()
    async with provider() as box:
        await box.send(to, "LOGIN_CODE", code="835019")
        await box.send(other, title="<script>alert(1)</script>北门道闸")
        page = await box.client.get(f"{box.url}/dev/sms/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "开发短信收件箱" in page.text and 'name="viewport"' in page.text
        assert '<div class="code" title="验证码">835019</div>' in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;北门道闸" in page.text and "<script>alert" not in page.text
        mine = (await box.client.get(f"{box.url}/dev/sms/", params={"phone": to})).text
        assert "835019" in mine and "北门道闸" not in mine
        assert "http://" not in mine and "https://" not in mine, "no external assets"


async def test_it_keeps_only_the_newest_messages_and_counts_every_send():
    to = phone()
    async with provider(keep=3) as box:
        for n in range(5):
            await box.send(to, title=f"第{n + 1}条")
        assert [m["params"]["title"] for m in await box.items(phone=to)] == ["第5条", "第4条", "第3条"]
        assert (await box.client.get(f"{box.url}/dev/sms/stats")).json()["sent"] == 5


async def test_readiness_tells_the_truth():
    async with provider() as box:
        r = await box.client.get(f"{box.url}/readyz")
        assert r.status_code == 200 and r.json()["checks"] == {"redis": True}
    app = create_app(settings(redis_url="redis://127.0.0.1:1/0"))
    async with LifespanManager(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            assert (await client.get("/healthz")).status_code == 200
            r = await client.get("/readyz")
            assert r.status_code == 503 and not any(r.json()["checks"].values())


@pytest.mark.parametrize("switch", [None, "", "0", "true", "yes"])
def test_it_refuses_to_start_unless_switched_on_with_1(switch):
    with pytest.raises(InboxOff):
        create_app(settings(inbox=switch or ""))
    env = {k: v for k, v in os.environ.items() if k != "XIUHUA_DEV_SMS_INBOX"}
    if switch is not None:
        env["XIUHUA_DEV_SMS_INBOX"] = switch
    result = subprocess.run(["xiuhua-devsms"], env=env | {"PORT": "1"}, capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "XIUHUA_DEV_SMS_INBOX=1" in result.stderr and "login codes" in result.stderr
