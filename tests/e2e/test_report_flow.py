"""A resident's report, end to end: through the gateway, the broker and all four services."""

from __future__ import annotations

import json

from tests.e2e.test_story import Person, call, log_in, phones, sms_to, until_status
from tests.support.broker import Probe
from tests.support.demo import report
from tests.support.servers import eventually
from tests.support.services import token
from xiuhua_cli import demo

RESIDENT = token("resident", estate="chunlan", sub="resident-e2e")
LEAD = token("lead")
PARKING = {name for _, name, _, areas in demo.MEMBERS if "parking" in areas}


async def test_a_report_is_assigned_announced_and_counted_without_anyone_touching_it(stack):
    client = stack.client
    # a resident whose phone proved itself at login
    owner = await log_in(client, Person("刘女士", phones()()), estate="chunlan", community="huayuan")
    before = (await client.get("/reporting/v1/metrics?community=huayuan", headers=LEAD)).json()
    async with Probe(["xiuhua.notification.#"]) as probe:
        r = await client.post("/intake/v1/issues", json=report(reporter={"name": owner.name, "phone": owner.phone}),
                              headers=owner.headers)
        assert r.status_code == 201, r.text
        issue = r.json()

        async def assigned():
            body = (await client.get(f"/intake/v1/issues/{issue['id']}", headers=owner.headers)).json()
            return body if body["status"] == "assigned" else None

        shown = await eventually(assigned, timeout=5)
        assert shown["assignee"]["name"] in PARKING and shown["status_label"] == "已派单"
        [sms] = await probe.wait_for("xiuhua.notification.sms.requested.v1", issue_id=issue["id"], timeout=5,
                                     template_id="ISSUE_ASSIGNED")
        [push] = await probe.wait_for("xiuhua.notification.push.requested.v1", issue_id=issue["id"], timeout=5)
    sms_data = json.loads(sms.body)
    assert sms_data["phone"] == owner.phone
    assert f"已派给服务队队员{shown['assignee']['name']}" in sms_data["text"]
    assert json.loads(push.body)["user_id"] == shown["assignee"]["id"]
    assert sms.headers["ce-tenant"] == "huayuan" and sms.headers["ce-source"] == "/xiuhua/notification"

    async def counted():
        body = (await client.get("/reporting/v1/metrics?community=huayuan", headers=LEAD)).json()
        return body if body["total"] == before["total"] + 1 and body["assigned"] == before["assigned"] + 1 else None

    figures = await eventually(counted, timeout=5)
    assert figures["open"] == before["open"] + 1
    task = (await client.get(f"/assignment/v1/tasks/{issue['id']}", headers=LEAD)).json()
    assert task["assignee"]["name"] == shown["assignee"]["name"] and task["reason"] == "area"


async def test_a_report_naming_a_stranger_s_phone_texts_it_nothing_until_its_owner_logs_in(stack):
    client, new_phone = stack.client, phones()
    owner, stranger = Person("刘女士", new_phone()), Person("王阿姨", new_phone())
    await log_in(client, owner, estate="chunlan", community="huayuan")
    issue = await call(client, owner, "POST", "/intake/v1/issues", report(
        title="车库C区漏水", place={"spot": "garage-c"}, reporter={"name": owner.name, "phone": stranger.phone}))
    shown = await until_status(client, owner, issue["id"], "assigned")
    lead = await client.get(f"/intake/v1/issues/{issue['id']}", headers=LEAD)
    assert lead.json()["reporter"]["phone"] == stranger.phone  # kept for the team to call back

    async def held():
        log = (await client.get(f"/notification/v1/deliveries?issue_id={issue['id']}", headers=LEAD)).json()
        sms = sorted((d["template_id"], d["status"], d["reason"]) for d in log["items"] if d["channel"] == "sms")
        return sms if len(sms) == 2 else None

    assert await eventually(held, timeout=10) == [("ISSUE_ASSIGNED", "muted", "unverified"),
                                                  ("ISSUE_RECEIVED", "muted", "unverified")]
    assert await sms_to(client, stranger.phone) == []  # no text under the platform's name

    await log_in(client, stranger, estate="chunlan", community="huayuan")  # the phone's owner logs in with it
    await eventually(lambda: stack.runtimes["notification"].db.phones.find_one({"_id": stranger.phone}))
    member = token("member", sub=shown["assignee"]["id"], name=shown["assignee"]["name"])
    for step, body in (("accept", {}), ("resolve", {"note": "已请物业修好漏水管"})):
        r = await client.post(f"/assignment/v1/tasks/{issue['id']}/{step}", json=body, headers=member)
        assert r.status_code < 300, r.text

    async def news() -> list[str] | None:
        texts = [m["text"] for m in await sms_to(client, stranger.phone) if not m.get("code")]
        return texts or None

    [resolved] = await eventually(news, timeout=10)  # the news from then on; never the old receipt
    assert resolved.startswith("【绣花】ISSUE_RESOLVED：title=车库C区漏水")  # the provider's inbox shows the template


async def test_tenant_walls_and_masked_phones_through_the_gateway(stack):
    client = stack.client
    issue = (await client.post("/intake/v1/issues", json=report(title="北门道闸坏了", category="security",
                                                               place={"spot": "gate-north"}),
                               headers=RESIDENT)).json()
    other = token("lead", "other-community")
    assert (await client.get(f"/intake/v1/issues/{issue['id']}", headers=other)).status_code == 403
    assert (await client.get("/reporting/v1/metrics?community=huayuan", headers=other)).status_code == 403
    assert (await client.get("/assignment/v1/tasks?community=huayuan", headers=other)).status_code == 403
    prop = await client.get(f"/intake/v1/issues/{issue['id']}", headers=token("property"))
    assert prop.json()["reporter"]["phone"] == "138****1234"
    lead = await client.get(f"/intake/v1/issues/{issue['id']}", headers=LEAD)
    assert lead.json()["reporter"]["phone"] == "13800001234"


async def test_errors_are_json_with_chinese_messages(stack):
    client = stack.client
    r = await client.post("/intake/v1/issues", json=report(place={"building": "b99"}), headers=RESIDENT)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_place" and "楼栋" in error["details"][0]["problem"]
    r = await client.post("/intake/v1/issues", json=report())
    assert r.status_code == 401 and r.json()["error"]["message"] == "请先登录"
    r = await client.get("/intake/v1/issues/nope", headers=RESIDENT)
    assert r.status_code == 404 and r.json()["error"]["code"] == "issue_not_found"


async def test_every_service_documents_its_routes_and_events(stack):
    for service in ("intake", "assignment", "notification", "reporting"):
        openapi = (await stack.client.get(f"/{service}/openapi.json")).json()
        assert any(path.startswith(f"/{service}/v1/") for path in openapi["paths"])
        asyncapi = await stack.client.get(f"/{service}/v1/asyncapi.json")
        assert asyncapi.status_code == 200 and asyncapi.json()["asyncapi"] == "3.0.0"
    notification = (await stack.client.get("/notification/v1/asyncapi.json")).json()
    assert "xiuhua.notification.sms.requested.v1" in notification["channels"]
