"""The steps of a task against the real servers: the member's, the property company's, the lead's,
and the facts from intake that move a task."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.broker import Probe, publish
from tests.support.clock import shanghai_today
from tests.support.demo import load_team
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_assignment.app import create_app
from xiuhua_assignment.settings import AssignmentSettings
from xiuhua_events import CloudEvent, new_event

LEAD = token("lead", sub="hy-chen-liqun", name="陈立群")
STAFF = token("staff", sub="hy-staff-lin", name="林芳")
WANG = token("property", sub="cl-wuye-wang", name="王经理", company="chunlan-wuye")
OTHER_WUYE = token("property", sub="x-wuye", name="别家", company="other-wuye")
PARKING = ("hy-li-ming", "hy-xu-hao", "hy-he-jun", "hy-lv-bin")
NAMES = {"hy-li-ming": "李明", "hy-xu-hao": "徐浩", "hy-he-jun": "何军", "hy-lv-bin": "吕斌", "hy-chen-liqun": "陈立群"}


def as_member(member_id: str) -> dict[str, str]:
    return token("member", sub=member_id, name=NAMES.get(member_id))


def directory(version: datetime | None = None) -> CloudEvent:
    return new_event(type="xiuhua.directory.community_updated.v1", source="/xiuhua/intake", tenant="huayuan", data={
        "community": "huayuan", "subdistrict": "lizhou", "name": "花园社区",
        "version": (version or datetime.now(UTC)).isoformat(), "estates": [{"id": "chunlan", "name": "春澜璟园"}],
        "staff": [{"id": "hy-staff-lin", "name": "林芳", "phone": "19900010001"}],
        "property_companies": [{"id": "chunlan-wuye", "name": "春澜物业", "estates": ["chunlan"], "contacts": [
            {"id": "cl-wuye-wang", "name": "王经理", "phone": "19900020001"},
            {"id": "cl-wuye-liu", "name": "刘师傅", "phone": "19900020002"}]}],
        "settings": {"auto_close_days": 7, "reopen_days": 7}})


def submitted(category: str = "parking", *, priority: str = "normal") -> CloudEvent:
    issue_id = uuid.uuid4().hex
    return new_event(type="xiuhua.issue.submitted.v1", source="/xiuhua/intake", tenant="huayuan", subject=issue_id,
                     data={"issue_id": issue_id, "number": "12345678", "community": "huayuan",
                           "subdistrict": "lizhou", "estate": "chunlan", "category": category,
                           "priority": priority, "title": "地下车库B区指示牌标错了",
                           "place_text": "春澜璟园 地下车库B区",
                           "submitted_at": datetime.now(UTC).isoformat(),
                           "reporter": {"sub": "r-1", "name": "刘女士", "phone": "13800001234"}})


def fact(kind: str, issue_id: str, **data) -> CloudEvent:
    return new_event(type=f"xiuhua.issue.{kind}.v1", source="/xiuhua/intake", tenant="huayuan", subject=issue_id,
                     data={"issue_id": issue_id, "community": "huayuan", "at": datetime.now(UTC).isoformat(),
                           **data})


@pytest.fixture
async def assignment():
    async with running(create_app, settings_for(AssignmentSettings)) as svc:
        await load_team(svc.client)
        await publish(directory())
        await eventually(lambda: svc.runtime.db.directory.find_one({"_id": "huayuan"}))
        yield svc


async def routed(svc, event: CloudEvent) -> dict:
    await publish(event)
    return await eventually(lambda: svc.runtime.db.tasks.find_one({"_id": event.subject, "status": "assigned"}))


async def post(svc, issue_id: str, step: str, headers: dict, body: dict | None = None):
    return await svc.client.post(f"/assignment/v1/tasks/{issue_id}/{step}", json=body or {}, headers=headers)


async def test_the_working_method_from_assignment_to_resolution(assignment):
    event = submitted()
    async with Probe(["xiuhua.task.#"]) as probe:
        task = await routed(assignment, event)
        member = as_member(task["assignee"]["id"])
        assert task["assignee"]["id"] in PARKING and task["why"].startswith("分管车库停车")
        assert task["respond_by"] - task["submitted_at"] == timedelta(hours=24)
        [assigned] = await probe.wait_for("xiuhua.task.assigned.v1", issue_id=event.subject)
        data = json.loads(assigned.body)
        assert data["priority"] == "normal" and data["respond_by"] and data["why"] == task["why"]
        assert data["actor"]["role"] == "system" and data["reassigned"] is False

        r = await post(assignment, event.subject, "accept", member)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == "in_progress" and body["first_response_at"] is not None
        assert body["actions"] == ["decline", "progress", "handover", "resolve", "wait"]
        due = shanghai_today(3).isoformat()
        asked = {"asked": "请更换B区错误的导向标识", "due_date": due}
        r = await post(assignment, event.subject, "handover", member, asked)
        assert r.status_code == 200, r.text
        assert r.json()["property"]["company"] == {"id": "chunlan-wuye", "name": "春澜物业"}
        [handed] = await probe.wait_for("xiuhua.task.handed_to_property.v1", issue_id=event.subject)
        assert json.loads(handed.body)["contacts"] == ["cl-wuye-wang", "cl-wuye-liu"]

        mine = (await assignment.client.get("/assignment/v1/tasks?property=me", headers=WANG)).json()
        assert [t["issue_id"] for t in mine["items"]] == [event.subject] and mine["items"][0]["actions"] == ["property"]
        promised = shanghai_today(2).isoformat()
        for kind, extra in (("acknowledged", {}), ("promised", {"promised_date": promised}), ("done", {})):
            r = await post(assignment, event.subject, "property", WANG, {"kind": kind, "note": "", **extra})
            assert r.status_code == 200, r.text
        after = r.json()
        assert after["status"] == "in_progress" and after["property"]["done_at"] is not None
        assert [p["date"] for p in after["property"]["promises"]] == [promised]
        r = await post(assignment, event.subject, "resolve", member, {"note": "物业已更换B区导向标识"})
        assert r.status_code == 200 and r.json()["status"] == "resolved"
        [resolved] = await probe.wait_for("xiuhua.task.resolved.v1", issue_id=event.subject)
        await probe.wait_for("xiuhua.task.property_updated.v1", count=3, issue_id=event.subject)
    data = json.loads(resolved.body)
    assert data["note"] == "物业已更换B区导向标识" and data["actor"]["name"] == NAMES[task["assignee"]["id"]]
    history = [s["action"] for s in (await assignment.client.get(
        f"/assignment/v1/tasks/{event.subject}", headers=LEAD)).json()["history"]]
    assert history == ["assigned", "accepted", "handed_to_property", "property_acknowledged", "property_promised",
                       "property_done", "resolved"]


async def test_everyone_else_is_refused_and_nothing_is_half_written(assignment):
    event = submitted()
    task = await routed(assignment, event)
    member = as_member(task["assignee"]["id"])
    other = as_member(next(m for m in PARKING if m != task["assignee"]["id"]))
    outbox_before = await assignment.runtime.db.outbox.count_documents({})
    cases = [
        ("resolve", other, {"note": "不是我的"}, 403, "not_assignee"),
        ("accept", token("member", "elsewhere", sub=task["assignee"]["id"]), {}, 403, "other_community"),
        ("reassign", member, {"to": other_id(task)}, 403, "not_lead"),
        ("property", WANG, {"kind": "acknowledged"}, 403, "not_handed_to_you"),
        ("handover", member, {"asked": "请处理", "due_date": "2020-01-01"}, 422, "due_in_past"),
        ("decline", member, {"reason": ""}, 422, "invalid"),
        ("resolve", token("resident", estate="chunlan"), {"note": "好了"}, 403, "not_assignee"),
    ]
    for step, who, body, status, code in cases:
        r = await post(assignment, event.subject, step, who, body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), (step, r.text)
        assert r.json()["error"]["message"]
    assert await assignment.runtime.db.outbox.count_documents({}) == outbox_before
    assert (await assignment.runtime.db.tasks.find_one({"_id": event.subject}))["status"] == "assigned"
    assert (await post(assignment, event.subject, "accept", member)).status_code == 200
    again = await post(assignment, event.subject, "accept", member)
    assert again.status_code == 409 and again.json()["error"]["message"] == "该派单处理中，不能受理"
    due = shanghai_today(1).isoformat()
    await post(assignment, event.subject, "handover", member, {"asked": "请处理", "due_date": due})
    assert (await post(assignment, event.subject, "property", OTHER_WUYE, {"kind": "done"})).status_code == 403
    r = await post(assignment, event.subject, "property", WANG, {"kind": "promised"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "promised_date_required"
    assert (await assignment.client.get(f"/assignment/v1/tasks/{event.subject}", headers=OTHER_WUYE)).status_code == 403


def other_id(task: dict) -> str:
    return next(m for m in PARKING if m != task["assignee"]["id"])


async def test_a_decline_goes_to_someone_else_in_charge_and_finally_to_the_lead(assignment):
    event = submitted()
    task = await routed(assignment, event)
    declined: list[str] = []
    async with Probe(["xiuhua.task.#"]) as probe:
        for n in range(len(PARKING)):
            current = (await assignment.runtime.db.tasks.find_one({"_id": event.subject}))["assignee"]["id"]
            assert current in PARKING and current not in declined
            r = await post(assignment, event.subject, "decline", as_member(current), {"reason": "本周出差"})
            assert r.status_code == 200, r.text
            declined.append(current)
            await probe.wait_for("xiuhua.task.assigned.v1", count=n + 1, issue_id=event.subject)
        final = json.loads(probe.of_type("xiuhua.task.assigned.v1", issue_id=event.subject)[-1].body)
        await probe.wait_for("xiuhua.task.declined.v1", count=len(PARKING), issue_id=event.subject)
    assert final["assignee"]["id"] == "hy-chen-liqun" and final["reason"] == "declined"
    assert final["reassigned"] is True and final["why"].endswith("其余分管队员都已退回，交队长")
    assert final["previous_assignee"]["id"] == declined[-1]
    assert sorted(declined) == sorted(PARKING) and task["assignee"]["id"] == declined[0]
    lead_decline = await post(assignment, event.subject, "decline", LEAD, {"reason": "太忙了"})
    assert lead_decline.json()["error"]["code"] == "lead_cannot_decline"


async def test_the_lead_reassigns_and_my_tasks_put_new_ones_first(assignment):
    first, second = submitted(), submitted("facilities")
    a = await routed(assignment, first)
    await routed(assignment, second)
    target = other_id(a)
    r = await post(assignment, first.subject, "reassign", LEAD, {"to": target, "reason": "李明住得近"})
    assert r.status_code == 200, r.text
    assert r.json()["assignee"]["id"] == target and r.json()["why"] == "陈立群改派：李明住得近"
    assert (await post(assignment, first.subject, "reassign", STAFF, {"to": target})).json()["error"]["code"] == \
        "same_assignee"
    assert (await post(assignment, first.subject, "reassign", LEAD, {"to": "nobody"})).status_code == 422
    mine = (await assignment.client.get("/assignment/v1/tasks?assignee=me", headers=as_member(target))).json()
    assert first.subject in [t["issue_id"] for t in mine["items"]]
    assert [t["status"] for t in mine["items"]] == sorted(t["status"] for t in mine["items"])
    assert (await assignment.client.get("/assignment/v1/tasks?assignee=me", headers=WANG)).status_code == 403


async def test_intakes_facts_move_the_task_in_any_order(assignment):
    urgent_first = submitted()
    await publish(fact("triaged", urgent_first.subject, subdistrict="lizhou", estate="chunlan",
                       category="facilities", previous_category="parking", priority="urgent",
                       previous_priority="normal", actor={"id": "l", "name": "陈立群", "role": "lead"}))
    await eventually(lambda: assignment.runtime.db.tasks.find_one({"_id": urgent_first.subject}))
    task = await routed(assignment, urgent_first)  # the triage arrived before the submission
    assert task["category"] == "facilities" and task["priority"] == "urgent"
    assert task["respond_by"] - task["submitted_at"] == timedelta(hours=2)

    event = submitted()
    task = await routed(assignment, event)
    async with Probe(["xiuhua.task.#"]) as probe:
        triage = fact("triaged", event.subject, subdistrict="lizhou", estate="chunlan", category="greening",
                      previous_category="parking", priority="urgent", previous_priority="normal",
                      actor={"id": "l", "name": "陈立群", "role": "lead"})
        await publish(triage, times=2)
        [rescheduled] = await probe.wait_for("xiuhua.task.rescheduled.v1", issue_id=event.subject)
        [moved] = await probe.wait_for("xiuhua.task.assigned.v1", issue_id=event.subject)
    assert json.loads(rescheduled.body)["priority"] == "urgent"
    assert json.loads(moved.body)["assignee"]["id"] in {"hy-wang-shufen", "hy-sun-yan", "hy-han-xue", "hy-shi-jing"}
    assert json.loads(moved.body)["why"].startswith("类别改为绿化")

    await publish(fact("merged", event.subject, into="x", into_number="1", into_title="t", carried=[]))
    await eventually(lambda: assignment.runtime.db.tasks.find_one({"_id": event.subject, "status": "cancelled"}))
    assert (await post(assignment, event.subject, "accept", as_member(json.loads(moved.body)["assignee"]["id"]))
            ).status_code == 409

    reopened = submitted()
    task = await routed(assignment, reopened)
    member = as_member(task["assignee"]["id"])
    await post(assignment, reopened.subject, "resolve", member, {"note": "已修好"})
    await publish(fact("reopened", reopened.subject, title="t", number="1", reason="还是坏的", reopen_count=1,
                       actor={"id": "r-1", "name": "刘女士", "role": "resident"}), times=2)
    back = await eventually(lambda: assignment.runtime.db.tasks.find_one({"_id": reopened.subject,
                                                                          "status": "assigned"}))
    assert back["assignee"]["id"] == task["assignee"]["id"] and back["reopen_count"] == 1
    await publish(fact("closed", reopened.subject, reason="confirmed", actor={"id": "r", "name": "r", "role": "r"}))
    await eventually(lambda: assignment.runtime.db.tasks.find_one({"_id": reopened.subject, "status": "closed"}))


async def test_limits_are_set_per_community_and_stamp_new_tasks(assignment):
    limits = {"rules": [{"category": "parking", "priority": "normal", "respond_hours": 4, "resolve_hours": 48}],
              "property_ack_hours": 12}
    assert (await assignment.client.put("/assignment/v1/teams/huayuan/limits", json=limits,
                                        headers=as_member("hy-li-ming"))).status_code == 403
    r = await assignment.client.put("/assignment/v1/teams/huayuan/limits", json=limits, headers=LEAD)
    assert r.status_code == 200, r.text
    bad = {"rules": [{"priority": "normal", "respond_hours": 48, "resolve_hours": 4}]}
    assert (await assignment.client.put("/assignment/v1/teams/huayuan/limits", json=bad,
                                        headers=LEAD)).status_code == 422
    task = await routed(assignment, submitted())
    assert task["respond_by"] - task["submitted_at"] == timedelta(hours=4)
    other = await routed(assignment, submitted("cleaning"))
    assert other["resolve_by"] - other["submitted_at"] == timedelta(days=7)


async def test_a_working_day_with_an_offset_is_refused_and_times_read_back_as_sent(assignment):
    url = "/assignment/v1/teams/huayuan/limits"
    for start in ("08:00:00+08:00", 3600):  # a second clock beside the community's: once a 500
        r = await assignment.client.put(url, json={"workday": {"start": start}}, headers=LEAD)
        assert r.status_code == 422, r.text
        assert r.json()["error"]["details"][0]["field"] == "body.workday.start"
    r = await assignment.client.put(url, json={"workday": {"start": "09:00", "end": "18:00"}}, headers=LEAD)
    assert r.status_code == 200, r.text
    assert (await assignment.client.get(url, headers=LEAD)).json()["workday"] == {"start": "09:00:00",
                                                                                  "end": "18:00:00"}


async def test_an_admin_sees_an_empty_board_and_members_do_not_see_the_whole_board(assignment):
    await assignment.client.put("/assignment/v1/teams/quiet", json={"name": "新队", "subdistrict": "lizhou"},
                                headers=token("admin", None))
    r = await assignment.client.get("/assignment/v1/tasks?community=quiet", headers=token("admin", None))
    assert r.status_code == 200 and r.json()["items"] == []
    r = await assignment.client.get("/assignment/v1/tasks?community=huayuan", headers=as_member("hy-li-ming"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_lead"


async def test_a_reassignment_leaves_the_property_company_at_work_and_handovers_keep_their_promises(assignment):
    event = submitted()
    task = await routed(assignment, event)
    member = as_member(task["assignee"]["id"])
    due = shanghai_today(3).isoformat()
    promised = shanghai_today(2).isoformat()
    await post(assignment, event.subject, "handover", member, {"asked": "请更换标识", "due_date": due})
    await post(assignment, event.subject, "property", WANG, {"kind": "promised", "promised_date": promised})
    r = await post(assignment, event.subject, "reassign", LEAD, {"to": other_id(task)})
    assert r.json()["status"] == "with_property"
    assert (await post(assignment, event.subject, "property", WANG, {"kind": "done"})).status_code == 200
    again = as_member(other_id(task))
    await post(assignment, event.subject, "handover", again, {"asked": "再修一次", "due_date": due})
    doc = await assignment.runtime.db.tasks.find_one({"_id": event.subject})
    assert [p["date"] for p in doc["property_history"][0]["promises"]] == [promised]
    assert doc["property"]["promises"] == []


async def test_facts_that_arrive_late_do_not_undo_newer_ones(assignment):
    event = submitted()
    await routed(assignment, event)
    now = datetime.now(UTC)
    triage = {"subdistrict": "lizhou", "estate": "chunlan", "category": "parking", "previous_category": "parking",
              "actor": {"id": "l", "name": "陈立群", "role": "lead"}}
    newer = fact("triaged", event.subject, **triage, priority="normal", previous_priority="urgent")
    older = fact("triaged", event.subject, **triage, priority="urgent", previous_priority="normal")
    older.data["at"] = (now - timedelta(minutes=5)).isoformat()
    await publish(newer)
    await eventually(lambda: assignment.runtime.db.inbox.find_one({"_id": newer.id}))
    await publish(older)
    await eventually(lambda: assignment.runtime.db.inbox.find_one({"_id": older.id}))
    assert (await assignment.runtime.db.tasks.find_one({"_id": event.subject}))["priority"] == "normal"

    task = await routed(assignment, reopened := submitted())
    member = as_member(task["assignee"]["id"])
    await post(assignment, reopened.subject, "resolve", member, {"note": "已修好"})
    reopen = fact("reopened", reopened.subject, title="t", number="1", reason="还是坏的", reopen_count=1,
                  actor={"id": "r-1", "name": "刘女士", "role": "resident"})
    await publish(reopen)
    await eventually(lambda: assignment.runtime.db.tasks.find_one({"_id": reopened.subject, "status": "assigned"}))
    await post(assignment, reopened.subject, "resolve", member, {"note": "又修好了"})
    await publish(fact("closed", reopened.subject, reason="confirmed", actor={"id": "r", "name": "r", "role": "r"}))
    await eventually(lambda: assignment.runtime.db.tasks.find_one({"_id": reopened.subject, "status": "closed"}))
    await publish(reopen)  # the same reopen delivered again, late: already followed
    twin = fact("reopened", reopened.subject, title="t", number="1", reason="还是坏的", reopen_count=1,
                actor={"id": "r-1", "name": "刘女士", "role": "resident"})
    await publish(twin)
    await eventually(lambda: assignment.runtime.db.inbox.find_one({"_id": twin.id}))
    assert (await assignment.runtime.db.tasks.find_one({"_id": reopened.subject}))["status"] == "closed"

    early = submitted()
    await publish(fact("closed", early.subject, reason="auto", actor={"id": "s", "name": "系统", "role": "system"}))
    await eventually(lambda: assignment.runtime.db.tasks.find_one({"_id": early.subject}))
    await publish(early)
    assert (await eventually(lambda: assignment.runtime.db.tasks.find_one(
        {"_id": early.subject, "status": {"$ne": "pending"}})))["status"] == "closed"
