"""Notification tells the reporter and the assignee, whatever order the facts arrive in."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.support.broker import Probe, publish
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_events import new_event
from xiuhua_notification.app import create_app
from xiuhua_notification.settings import NotificationSettings


@pytest.fixture
async def notification():
    async with running(create_app, settings_for(NotificationSettings)) as svc:
        yield svc


def facts(issue_id: str):
    submitted = new_event(type="xiuhua.issue.submitted.v1", source="/xiuhua/intake", tenant="huayuan",
                          subject=issue_id, data={
                              "issue_id": issue_id, "community": "huayuan", "subdistrict": "lizhou",
                              "title": "东侧绿化带的花草枯死了", "place_text": "春澜璟园 东侧绿化带",
                              "reporter": {"sub": "r1", "name": "刘女士", "phone": "13800001234"}})
    assigned = new_event(type="xiuhua.task.assigned.v1", source="/xiuhua/assignment", tenant="huayuan",
                         subject=issue_id, correlationid=submitted.correlationid, data={
                             "issue_id": issue_id, "community": "huayuan", "title": "东侧绿化带的花草枯死了",
                             "place_text": "春澜璟园 东侧绿化带",
                             "assignee": {"id": "hy-wang-shufen", "name": "王淑芬"}})
    return submitted, assigned


@pytest.mark.parametrize("assignment_first", [False, True])
async def test_reporter_gets_one_sms_and_assignee_one_push(notification, assignment_first):
    issue_id = uuid.uuid4().hex
    submitted, assigned = facts(issue_id)
    async with Probe(["xiuhua.notification.#"]) as probe:
        for event in ([assigned, submitted] if assignment_first else [submitted, assigned]):
            await publish(event, times=2)  # every fact delivered twice
        [sms] = await probe.wait_for("xiuhua.notification.sms.requested.v1", issue_id=issue_id)
        [push] = await probe.wait_for("xiuhua.notification.push.requested.v1", issue_id=issue_id)
        inbox = notification.runtime.db.inbox
        await eventually(lambda: inbox.count_documents({"_id": {"$in": [submitted.id, assigned.id]}}))
    sms_data, push_data = json.loads(sms.body), json.loads(push.body)
    assert sms_data["phone"] == "13800001234" and sms_data["template_id"] == "ISSUE_ASSIGNED"
    assert "您反映的问题" in sms_data["text"] and "已派给服务队队员王淑芬" in sms_data["text"]
    assert push_data["user_id"] == "hy-wang-shufen" and issue_id in push_data["deep_link"]
    assert sms.headers["ce-correlationid"] == submitted.correlationid
    assert len(probe.of_type("xiuhua.notification.sms.requested.v1", issue_id=issue_id)) == 1


async def test_gateway_receipts_mark_messages_delivered_once(notification):
    issue_id = uuid.uuid4().hex
    for event in facts(issue_id):
        await publish(event)
    out_id = (await eventually(lambda: notification.runtime.db.messages.find_one({"channel": "sms",
                                                                                   "issue_id": issue_id})))["_id"]
    gateway = token("gateway", None)
    async with Probe(["xiuhua.notification.delivered.v1"]) as probe:
        for _ in range(2):
            r = await notification.client.post("/notification/v1/receipts", headers=gateway,
                                               json={"out_id": out_id, "status": "delivered"})
            assert r.status_code == 200 and r.json()["status"] == "delivered"
        await probe.wait_for("xiuhua.notification.delivered.v1", out_id=out_id)
    assert len(probe.of_type("xiuhua.notification.delivered.v1")) == 1
    r = await notification.client.post("/notification/v1/receipts", headers=token("lead"),
                                       json={"out_id": out_id, "status": "failed"})
    assert r.status_code == 403
    log = (await notification.client.get(f"/notification/v1/messages?community=huayuan&issue_id={issue_id}",
                                         headers=token("admin", None))).json()["items"]
    assert {m["channel"] for m in log} == {"sms", "push"}
    assert next(m for m in log if m["channel"] == "sms")["to"] == "138****1234"
