"""SMS and owners'-group messages from gateways become reports, once per message."""

from __future__ import annotations

import pytest

from tests.support.services import token

ESTATE_GATEWAY = token("gateway", "huayuan", sub="gw-sms-chunlan", estate="chunlan", name="短信网关")
SUBDISTRICT_GATEWAY = token("gateway", None, sub="gw-sms-lizhou", name="街道短信网关")
LEAD = token("lead", sub="hy-chen-liqun", name="陈立群")


@pytest.fixture
async def intake(intake_with_community):
    return intake_with_community


async def send(svc, path: str, body: dict, headers=ESTATE_GATEWAY, key: str | None = "k1"):
    return await svc.client.post(f"/intake/v1/inbound/{path}", json=body,
                                 headers=headers | ({"Idempotency-Key": key} if key else {}))


async def test_an_sms_becomes_a_report_with_its_category_and_place(intake):
    r = await send(intake, "sms", {"phone": "13800001234", "text": "地下车库B区乱停车，堵住了车位。好几天了"})
    assert r.status_code == 201, r.text
    answer = r.json()
    assert (answer["category"], answer["category_sure"], answer["place_known"]) == ("parking", True, True)
    assert answer["reply"] is None  # the receipt SMS follows from notification
    issue = (await intake.client.get(f"/intake/v1/issues/{answer['issue_id']}", headers=LEAD)).json()
    assert issue["channel"] == "sms" and issue["title"] == "地下车库B区乱停车，堵住了车位"
    assert issue["place_text"] == "春澜璟园 地下车库B区" and issue["reporter"]["phone"] == "13800001234"
    assert issue["description"].endswith("好几天了") and not issue["triaged"]  # the lead's inbox


async def test_a_retry_answers_the_same_and_makes_nothing(intake):
    body = {"phone": "13800001234", "text": "3幢2单元电梯坏了"}
    first, again = await send(intake, "sms", body, key="sms-42"), await send(intake, "sms", body, key="sms-42")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert await intake.runtime.db.issues.count_documents({"channel": "sms"}) == 1
    assert await intake.runtime.db.outbox.count_documents({"type": "xiuhua.issue.submitted.v1"}) == 1


async def test_a_group_message_gets_a_reply_to_post_and_keeps_its_images(intake):
    sender = {"name": "3幢刘女士", "phone": "13800001234"}
    r = await send(intake, "chat", {"group": "wx-chunlan-owners", "sender": sender,
                                    "text": "小区里有流浪狗追人，小孩不敢下楼",
                                    "images": ["https://gateway.example/img/1.jpg"]})
    assert r.status_code == 201, r.text
    answer = r.json()
    assert answer["reply"] == f"已收到，编号{answer['number']}，服务队会尽快处理。"
    assert "刘" not in answer["reply"] and "1380000" not in answer["reply"]  # the group sees no one's name or phone
    assert (answer["category"], answer["place_known"]) == ("security", False)
    issue = (await intake.client.get(f"/intake/v1/issues/{answer['issue_id']}", headers=LEAD)).json()
    assert issue["channel"] == "chat_group" and issue["photos"] == ["https://gateway.example/img/1.jpg"]
    assert issue["place_text"] == "春澜璟园 位置待确认"


async def test_the_estate_comes_from_the_senders_earlier_report(intake):
    unknown = await send(intake, "sms", {"phone": "13900000001", "text": "楼道灯坏了"}, headers=SUBDISTRICT_GATEWAY)
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "estate_unknown"
    assert await intake.runtime.db.issues.count_documents({}) == 0  # nothing half-written
    await send(intake, "sms", {"phone": "13900000001", "text": "5幢楼道灯坏了"}, key="first")
    r = await send(intake, "sms", {"phone": "13900000001", "text": "北门门禁又坏了"}, headers=SUBDISTRICT_GATEWAY,
                   key="second")
    assert r.status_code == 201, r.text
    issue = (await intake.client.get(f"/intake/v1/issues/{r.json()['issue_id']}", headers=LEAD)).json()
    assert (issue["community"], issue["estate"], issue["place_text"]) == ("huayuan", "chunlan", "春澜璟园 北门")


async def test_only_gateways_with_a_key_may_send(intake):
    body = {"phone": "13800001234", "text": "车库灯不亮"}
    assert (await send(intake, "sms", body, key=None)).json()["error"]["code"] == "idempotency_key_required"
    resident = token("resident", estate="chunlan", sub="r-liu")
    assert (await send(intake, "sms", body, headers=resident)).status_code == 403
    other = token("gateway", "other", sub="gw-other", estate="x")
    assert (await send(intake, "sms", body, headers=other)).status_code in (403, 404)
    too_long = await send(intake, "sms", {"phone": "13800001234", "text": "很" * 501})
    assert too_long.status_code == 422
    assert await intake.runtime.db.issues.count_documents({}) == 0


async def test_a_communitys_own_words_guide_the_category(intake):
    community = (await intake.client.get("/intake/v1/communities/huayuan", headers=token("admin", None))).json()
    body = {k: v for k, v in community.items() if k != "id"}
    body["settings"] = body["settings"] | {"keywords": {"cleaning": ["快递柜"]}}
    r = await intake.client.put("/intake/v1/communities/huayuan", json=body, headers=token("admin", None))
    assert r.status_code == 200, r.text
    answer = (await send(intake, "sms", {"phone": "13800001234", "text": "快递柜旁边很乱"})).json()
    assert answer["category"] == "cleaning"
    bad = body | {"settings": body["settings"] | {"keywords": {"cooking": ["锅"]}}}
    assert (await intake.client.put("/intake/v1/communities/huayuan", json=bad,
                                    headers=token("admin", None))).status_code == 422
