"""Intake against the real MongoDB, RabbitMQ and Redis."""

from __future__ import annotations

import pytest

from tests.support.broker import Probe, publish
from tests.support.demo import load_community, report
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_events import new_event
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

RESIDENT = token("resident", estate="chunlan", sub="resident-liu")


@pytest.fixture
async def intake():
    async with running(create_app, settings_for(IntakeSettings, submissions_per_phone_hour=5)) as svc:
        await load_community(svc.client)
        yield svc


async def test_a_report_is_stored_and_announced_as_a_cloudevent(intake):
    async with Probe(["xiuhua.issue.#"]) as probe:
        r = await intake.client.post("/intake/v1/issues", json=report(), headers=RESIDENT)
        assert r.status_code == 201, r.text
        issue = r.json()
        assert issue["status"] == "submitted" and issue["status_label"] == "已提交"
        assert issue["category"] == "parking" and issue["place_text"] == "春澜璟园 地下车库B区 B区电梯口附近"
        [message] = await probe.wait_for("xiuhua.issue.submitted.v1", issue_id=issue["id"])
    headers = message.headers
    assert headers["ce-specversion"] == "1.0" and headers["ce-source"] == "/xiuhua/intake"
    assert headers["ce-tenant"] == "huayuan" and headers["ce-subject"] == issue["id"]
    assert headers["ce-correlationid"] and "traceparent" in headers
    assert message.content_type == "application/json"
    stored = await intake.runtime.db.issues.find_one({"_id": issue["id"]})
    assert stored["reporter"]["phone"] == "13800001234"
    outbox = await intake.runtime.db.outbox.find_one({"_id": headers["ce-id"]})
    assert outbox["published_at"] is not None


async def test_bad_reports_get_clear_errors_and_leave_nothing_behind(intake):
    cases = [
        (report(title=""), 422),
        (report(reporter={"name": "刘", "phone": "12345"}), 422),
        (report(place={"building": "b99"}), 422),
        (report(category="噪音"), 422),
        (report(estate="nowhere"), 422),
        (report(community="other"), 403),
    ]
    for body, status in cases:
        r = await intake.client.post("/intake/v1/issues", json=body, headers=RESIDENT)
        assert r.status_code == status, (body, r.text)
        error = r.json()["error"]
        assert error["code"] and error["message"]
    huge = report(description="很" * 70_000)
    r = await intake.client.post("/intake/v1/issues", json=huge, headers=RESIDENT)
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
    as_text = RESIDENT | {"content-type": "text/plain"}
    r = await intake.client.post("/intake/v1/issues", content=b"title=x", headers=as_text)
    assert r.status_code == 415
    as_json = RESIDENT | {"content-type": "application/json"}
    r = await intake.client.post("/intake/v1/issues", content=b"{not json", headers=as_json)
    assert r.status_code == 422
    r = await intake.client.post("/intake/v1/issues", json=report())
    assert r.status_code == 401
    assert await intake.runtime.db.issues.count_documents({}) == 0
    assert await intake.runtime.db.outbox.count_documents({"type": {"$regex": "^xiuhua.issue"}}) == 0


async def test_one_phone_cannot_flood_the_team(intake):
    statuses = [(await intake.client.post("/intake/v1/issues", json=report(), headers=RESIDENT)).status_code
                for _ in range(6)]
    assert statuses == [201] * 5 + [429]


async def test_one_address_cannot_flood_the_team_but_a_gateway_may_speak_for_many():
    async with running(create_app, settings_for(IntakeSettings, submissions_per_ip_hour=3)) as svc:
        await load_community(svc.client)
        phones = [f"1380000{n:04d}" for n in range(5)]
        statuses = [(await svc.client.post("/intake/v1/issues", headers=RESIDENT, json=report(
            reporter={"name": "邻居", "phone": phone}))).status_code for phone in phones]
        assert statuses == [201] * 3 + [429] * 2
        gateway = token("gateway", None, sub="gw-sms")
        r = await svc.client.post("/intake/v1/issues", json=report(channel="sms"), headers=gateway)
        assert r.status_code == 201


async def test_another_communitys_token_cannot_see_the_issue(intake):
    issue = (await intake.client.post("/intake/v1/issues", json=report(), headers=RESIDENT)).json()
    other = token("lead", "other")
    assert (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=other)).status_code == 403
    assert (await intake.client.get("/intake/v1/issues?community=huayuan", headers=other)).status_code == 403
    other_admin = token("admin", None, subdistrict="elsewhere")
    assert (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=other_admin)).status_code == 403
    ours = await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=token("admin", None))
    assert ours.status_code == 200 and ours.json()["reporter"]["phone"] == "138****1234"
    lead = await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=token("lead"))
    assert lead.json()["reporter"]["phone"] == "13800001234"


async def test_task_assigned_moves_the_issue_once_even_when_redelivered(intake):
    issue = (await intake.client.post("/intake/v1/issues", json=report(), headers=RESIDENT)).json()
    event = new_event(type="xiuhua.task.assigned.v1", source="/xiuhua/assignment", tenant="huayuan",
                      subject=issue["id"], data={"issue_id": issue["id"], "assignee": {"id": "m1", "name": "李明"},
                                                 "unknown_future_field": True})
    await publish(event, times=3)

    async def assigned():
        doc = await intake.runtime.db.issues.find_one({"_id": issue["id"]})
        return doc if doc["status"] == "assigned" else None

    doc = await eventually(assigned)
    await eventually(lambda: intake.runtime.db.inbox.count_documents({"_id": event.id}))
    assert [(e["kind"], e["status"]) for e in doc["timeline"]] == [("submitted", "submitted"), ("assigned", "assigned")]
    r = await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=RESIDENT)
    assert r.json()["assignee"] == {"id": "m1", "name": "李明"} and r.json()["status_label"] == "已派单"


async def test_a_report_while_redis_is_unreachable_gets_503_and_leaves_nothing_behind():
    settings = settings_for(IntakeSettings, redis_url="redis://127.0.0.1:1/0")
    async with running(create_app, settings, wait_ready=False) as svc:
        await eventually(svc.runtime.started.is_set, timeout=30)
        await load_community(svc.client)
        r = await svc.client.post("/intake/v1/issues", json=report(), headers=RESIDENT)
        assert r.status_code == 503 and r.json()["error"]["code"] == "unavailable"
        assert r.headers["retry-after"] == "5"
        assert (await svc.client.get("/readyz")).json()["checks"]["redis"] is False
        assert await svc.runtime.db.issues.count_documents({}) == 0


async def test_a_resent_report_with_the_same_idempotency_key_is_stored_once(intake):
    headers = RESIDENT | {"Idempotency-Key": "phone-retry-1"}
    first = await intake.client.post("/intake/v1/issues", json=report(), headers=headers)
    again = await intake.client.post("/intake/v1/issues", json=report(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    other = await intake.client.post("/intake/v1/issues", json=report(), headers=RESIDENT | {"Idempotency-Key": "2"})
    assert other.json()["id"] != first.json()["id"]
    assert await intake.runtime.db.issues.count_documents({}) == 2
    assert await intake.runtime.db.outbox.count_documents({"type": "xiuhua.issue.submitted.v1"}) == 2
