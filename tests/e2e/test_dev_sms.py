"""The development SMS inbox behind the gateway: a login code asked of intake travels through
notification to ``/dev/sms/``, where a person (or `xiuhua login`) reads it and logs in; a gateway
without the inbox has no such route, and `xiuhua login` says so."""

from __future__ import annotations

import asyncio
import random
import subprocess

import httpx

from tests.e2e.conftest import GATEWAY_PORT, PORTS, SMSGATEWAY_PORT
from tests.support.gateway import gateway_up, start_gateway
from tests.support.servers import eventually
from tests.support.services import AUTH
from xiuhua_cli import demo
from xiuhua_intake.adapters.mongo import PEOPLE

BASE = f"http://127.0.0.1:{GATEWAY_PORT}"


def new_phone() -> str:
    return f"176{random.randrange(10**8):08d}"


async def xiuhua(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec("xiuhua", *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode, out.decode(), err.decode()


async def test_a_login_code_reaches_the_inbox_and_logs_a_new_resident_in(stack):
    client, phone = stack.client, new_phone()
    assert (await client.post("/intake/v1/auth/code", json={"phone": phone})).status_code == 202

    async def code_sms():
        items = (await client.get("/dev/sms/messages", params={"phone": phone})).json()["items"]
        return items[0] if items else None

    sms = await eventually(code_sms, timeout=15, interval=0.2)
    assert sms["template_id"] == "LOGIN_CODE" and sms["code"].isdigit() and len(sms["code"]) == 6
    assert sms["code"] in sms["text"] and sms["phone"] == phone
    # it went out through the SMS gateway's Aliyun SendSms, and the provider's receipt came back
    # into notification's message log
    assert sms["provider"] == "aliyun" and sms["sign_name"] == "绣花"
    messages = stack.runtimes["notification"].db["messages"]
    await eventually(lambda: messages.find_one({"_id": sms["out_id"], "status": "delivered"}), timeout=15)
    page = await client.get("/dev/sms/", params={"phone": phone})
    assert page.status_code == 200 and f'<div class="code" title="验证码">{sms["code"]}</div>' in page.text
    assert (await client.get("/dev/sms", follow_redirects=False)).headers["location"].endswith("/dev/sms/")

    r = await client.post("/intake/v1/auth/login", json={"phone": phone, "code": sms["code"], "estate": "chunlan"})
    assert r.status_code == 200, r.text
    assert r.json()["me"]["role"] == "resident" and r.json()["me"]["estate"] == "chunlan"


async def test_xiuhua_login_prints_only_a_token_for_a_new_phone_and_for_a_demo_member(stack):
    phone = new_phone()
    code, out, err = await xiuhua("login", phone, "--url", BASE)
    assert code == 0, err
    resident = AUTH.decode(out.strip())
    assert out.count("\n") == 1 and resident.role == "resident" and resident.estate == "chunlan"
    assert "chunlan" in err  # it says it chose the demo estate for a new phone

    member_id, name = "hy-li-ming", "李明"
    # The roster reaches intake by events after the seed; until then the phone would be a new resident.
    people = stack.runtimes["intake"].db[PEOPLE]
    await eventually(lambda: people.find_one({"phone": demo.team_phone(member_id), "role": "member"}), timeout=15)
    code, out, err = await xiuhua("login", demo.team_phone(member_id), "--url", BASE)
    assert code == 0, err
    member = AUTH.decode(out.strip())
    assert (member.role, member.sub, member.community) == ("member", member_id, "huayuan")
    assert name in err


async def test_without_the_inbox_the_gateway_has_no_dev_sms_route_and_xiuhua_login_says_so(stack, tmp_path):
    port = GATEWAY_PORT + 1
    gateway = start_gateway(tmp_path, port=port, upstreams=PORTS | {"smsgateway": SMSGATEWAY_PORT})  # inbox off
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            await gateway_up(client)
            assert (await client.get("/dev/sms/")).status_code == 404
            assert (await client.get("/dev/sms/messages")).status_code == 404
            assert (await client.get("/intake/v1/estates")).status_code == 200  # the rest is there
        phone = new_phone()
        code, out, err = await xiuhua("login", phone, "--url", f"http://127.0.0.1:{port}")
        assert code == 1 and out == ""
        assert "inbox is off" in err and "XIUHUA_DEV_SMS_INBOX=1" in err
        # it looked before asking: no code was spent on a phone whose code nobody can read
        messages = (await stack.client.get("/dev/sms/messages", params={"phone": phone})).json()["items"]
        assert messages == []
    finally:
        gateway.terminate()
        gateway.wait(timeout=10)
