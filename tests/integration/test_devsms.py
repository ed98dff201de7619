"""The development SMS inbox on the real broker and Redis: what notification asks to send shows once,
newest first, filtered by phone, with the login code large on the page; it refuses to run unless
switched on."""

from __future__ import annotations

import os
import random
import subprocess
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from asgi_lifespan import LifespanManager

from tests.support.broker import publish
from tests.support.servers import AMQP_URL, REDIS_URL, eventually, unique
from xiuhua_devsms.app import Node, create_app
from xiuhua_devsms.settings import DevSmsSettings, InboxOff
from xiuhua_events import CloudEvent, new_event

SMS = "xiuhua.notification.sms.requested.v1"


def phone() -> str:
    return f"177{random.randrange(10**8):08d}"


def sms(to: str, text: str, *, template_id: str = "ISSUE_RECEIVED", out_id: str | None = None,
        **params: str) -> CloudEvent:
    data = {"out_id": out_id or uuid.uuid4().hex, "phone": to, "template_id": template_id, "params": params,
            "text": text, "community": "huayuan", "issue_id": None}
    return new_event(type=SMS, source="/xiuhua/notification", tenant="huayuan", data=data)


def login_code(to: str, code: str) -> CloudEvent:
    return sms(to, f"【绣花】验证码{code}，5分钟内有效。如非本人操作请忽略。", template_id="LOGIN_CODE",
               code=code)


def settings(**overrides) -> DevSmsSettings:
    name = unique("devsms")
    values = {"amqp_url": AMQP_URL, "redis_url": REDIS_URL, "consumer_name": name, "redis_prefix": name,
              "inbox": "1"}
    return DevSmsSettings(**(values | overrides))


class Inbox:
    def __init__(self, client: httpx.AsyncClient, node: Node) -> None:
        self.client, self.node = client, node
        self.outcomes: Counter[str] = Counter()
        node.bus.on_processed = lambda event_type, outcome: self.outcomes.update([outcome])

    async def items(self, **params) -> list[dict]:
        r = await self.client.get("/dev/sms/messages", params=params)
        assert r.status_code == 200, r.text
        return r.json()["items"]


@asynccontextmanager
async def inbox(**overrides) -> AsyncIterator[Inbox]:
    app = create_app(settings(**overrides))
    node: Node = app.state.node
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            await eventually(node.started.is_set, timeout=30)
            try:
                yield Inbox(client, node)
            finally:
                await node.inbox.clear()
                channel = await node.bus.open_channel()
                for name in (f"xiuhua.{node.bus.service}", f"xiuhua.{node.bus.service}.dlq"):
                    await channel.queue_delete(name)
                await channel.close()


async def test_a_redelivered_sms_shows_once():
    to = phone()
    first = login_code(to, "402117")
    async with inbox() as box:
        await publish(first, times=2)  # the broker delivering the same event twice
        again = sms(to, first.data["text"], out_id=first.data["out_id"], template_id="LOGIN_CODE", code="402117")
        await publish(again)  # the relay publishing the same message as a new event
        await eventually(lambda: box.outcomes["handled"] >= 3, timeout=10)
        (only,) = await box.items(phone=to)
        assert only["out_id"] == first.data["out_id"] and only["code"] == "402117"
        assert only["text"] == first.data["text"] and only["template_id"] == "LOGIN_CODE"


async def test_messages_are_newest_first_filtered_by_phone_and_limited():
    liu, wang = phone(), phone()
    async with inbox() as box:
        for n in range(3):
            await publish(sms(liu, f"刘女士的第{n + 1}条"))
        await publish(sms(wang, "王先生的短信"))
        await eventually(lambda: box.outcomes["handled"] >= 4, timeout=10)
        assert [m["text"] for m in await box.items(phone=liu)] == ["刘女士的第3条", "刘女士的第2条", "刘女士的第1条"]
        assert [m["text"] for m in await box.items(phone=wang)] == ["王先生的短信"]
        assert [m["text"] for m in await box.items(phone=liu[-4:], limit=2)] == ["刘女士的第3条", "刘女士的第2条"]
        assert [m["phone"] for m in await box.items(limit=2)] == [wang, liu]
        assert (await box.client.get("/dev/sms/messages", params={"limit": 0})).status_code == 422


async def test_the_page_shows_the_code_large_and_escapes_the_text():
    to, other = phone(), phone()
    async with inbox() as box:
        await publish(login_code(to, "835019"))
        await publish(sms(other, "<script>alert(1)</script>北门道闸已修好"))
        await eventually(lambda: box.outcomes["handled"] >= 2, timeout=10)
        page = await box.client.get("/dev/sms/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "开发短信收件箱" in page.text and 'name="viewport"' in page.text
        assert '<div class="code" title="验证码">835019</div>' in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;北门道闸已修好" in page.text and "<script>alert" not in page.text
        mine = (await box.client.get("/dev/sms/", params={"phone": to})).text
        assert "835019" in mine and "北门道闸" not in mine
        assert "http://" not in mine and "https://" not in mine, "no external assets"


async def test_the_inbox_keeps_only_the_newest_messages_and_dead_letters_what_it_cannot_read():
    to = phone()
    async with inbox(keep=3) as box:
        for n in range(5):
            await publish(sms(to, f"第{n + 1}条"))
        broken = new_event(type=SMS, source="/xiuhua/notification", tenant="huayuan", data={"phone": to})
        await publish(broken)
        await eventually(lambda: box.outcomes["handled"] >= 5 and box.outcomes["dead_lettered"] >= 1, timeout=10)
        assert [m["text"] for m in await box.items(phone=to)] == ["第5条", "第4条", "第3条"]


async def test_readiness_tells_the_truth():
    async with inbox() as box:
        r = await box.client.get("/readyz")
        assert r.status_code == 200 and r.json()["checks"] == {"redis": True, "rabbitmq": True, "consumers": True}
    app = create_app(settings(redis_url="redis://127.0.0.1:1/0", amqp_url="amqp://guest:guest@127.0.0.1:1/"))
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
