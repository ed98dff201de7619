"""An issue's life in intake against the real servers: the lead's sorting, the residents' steps,
the task steps from assignment, the timeline, and the auto-close timer."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.broker import Probe, publish
from tests.support.clock import shanghai_today
from tests.support.demo import load_community, report
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_events import CloudEvent, new_event
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

LIU = token("resident", estate="chunlan", sub="r-liu", name="刘女士")
ZHANG = token("resident", estate="chunlan", sub="r-zhang", name="张先生")
LEAD = token("lead", sub="hy-chen-liqun", name="陈立群")
LI_MING = token("member", sub="hy-li-ming", name="李明")
XU_HAO = token("member", sub="hy-xu-hao", name="徐浩")
WANG = token("property", sub="cl-wuye-wang", name="王经理", company="chunlan-wuye")
MEMBER_ACTOR = {"id": "hy-li-ming", "name": "李明", "role": "member"}


@pytest.fixture
async def intake():
    async with running(create_app, settings_for(IntakeSettings, timer_poll_seconds=0.1)) as svc:
        await load_community(svc.client)
        yield svc


async def submit(svc, headers=LIU, **overrides) -> dict:
    r = await svc.client.post("/intake/v1/issues", json=report(**overrides), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


def task_event(step_kind: str, issue_id: str, at: datetime | None = None, **data) -> CloudEvent:
    at = at or datetime.now(UTC)
    body = {"issue_id": issue_id, "community": "huayuan", "actor": MEMBER_ACTOR, "at": at.isoformat()} | data
    if step_kind == "assigned":
        body |= {"assignee": {"id": "hy-li-ming", "name": "李明", "role": "member"}, "why": "分管车库停车，在办0件",
                 "assigned_at": at.isoformat()}
    return new_event(type=f"xiuhua.task.{step_kind}.v1", source="/xiuhua/assignment", tenant="huayuan",
                     subject=issue_id, data=body)


async def status_of(svc, issue_id: str, want: str) -> dict:
    async def reached():
        doc = await svc.runtime.db.issues.find_one({"_id": issue_id})
        return doc if doc["status"] == want else None

    return await eventually(reached)


async def step(svc, issue_id: str, name: str, headers, body: dict | None = None):
    return await svc.client.post(f"/intake/v1/issues/{issue_id}/{name}", json=body or {}, headers=headers)


async def worked_to_resolution(svc, issue_id: str) -> None:
    now = datetime.now(UTC)
    await publish(task_event("assigned", issue_id, now))
    await publish(task_event("accepted", issue_id, now + timedelta(seconds=1)))
    await publish(task_event("resolved", issue_id, now + timedelta(seconds=2), note="已更换灯管"))
    await status_of(svc, issue_id, "resolved")


async def test_an_empty_idempotency_key_is_no_key_and_a_resend_passes_the_tenant_wall_first(intake):
    empty = LIU | {"Idempotency-Key": ""}
    first = await intake.client.post("/intake/v1/issues", json=report(), headers=empty)
    second = await intake.client.post("/intake/v1/issues", json=report(), headers=empty)
    assert (first.status_code, second.status_code) == (201, 201) and first.json()["id"] != second.json()["id"]
    keyed = LIU | {"Idempotency-Key": "k-1"}
    original = await intake.client.post("/intake/v1/issues", json=report(), headers=keyed)
    assert original.status_code == 201
    elsewhere = token("resident", "other-community", estate="chunlan", sub="r-liu")
    same_sub_elsewhere = elsewhere | {"Idempotency-Key": "k-1"}
    replay = await intake.client.post("/intake/v1/issues", json=report(), headers=same_sub_elsewhere)
    assert replay.status_code == 403 and original.json()["id"] not in replay.text


async def test_the_lead_sorts_rejects_and_merges_and_nobody_else_may(intake):
    issue = await submit(intake)
    assert issue["actions"] == ["comment"] and issue["number"].isdigit() and len(issue["number"]) == 8
    for headers in (LI_MING, LIU, WANG, token("lead", "other-community")):
        r = await step(intake, issue["id"], "triage", headers, {"priority": "urgent"})
        assert r.status_code == 403, r.text
    async with Probe(["xiuhua.issue.#"]) as probe:
        r = await step(intake, issue["id"], "triage", LEAD, {"category": "设施维修", "priority": "urgent"})
        assert r.status_code == 200, r.text
        assert (r.json()["status"], r.json()["category"], r.json()["priority_label"]) == ("triaged", "facilities",
                                                                                         "紧急")
        [triaged] = await probe.wait_for("xiuhua.issue.triaged.v1", issue_id=issue["id"])
        assert json.loads(triaged.body)["previous_category"] == "parking"
        assert (await step(intake, issue["id"], "triage", LEAD, {"category": "噪音"})).status_code == 422

        rejected = await submit(intake, title="楼道没人打扫", category="cleaning", place={"building": "b3"})
        r = await step(intake, rejected["id"], "reject", LEAD, {"reason": "经核实为装修垃圾，由装修户自行清运"})
        assert r.json()["status"] == "rejected"
        [message] = await probe.wait_for("xiuhua.issue.rejected.v1", issue_id=rejected["id"])
        assert json.loads(message.body)["reason"] == "经核实为装修垃圾，由装修户自行清运"
        again = await step(intake, rejected["id"], "reject", LEAD, {"reason": "再次"})
        assert again.status_code == 409 and again.json()["error"]["message"] == "该问题不予受理，不能不予受理"

        dup = await submit(intake, ZHANG, title="车库B区标识牌方向错了",
                           reporter={"name": "张先生", "phone": "13800005678"})
        await step(intake, issue["id"], "support", token("resident", estate="chunlan", sub="r-wu", name="吴阿姨"),
                   {"phone": "13800007777"})
        await step(intake, dup["id"], "support", token("resident", estate="chunlan", sub="r-he", name="何先生"),
                   {"phone": "13800008888"})
        assert (await step(intake, dup["id"], "merge", LEAD, {"into": dup["id"]})).status_code == 422
        assert (await step(intake, dup["id"], "merge", LEAD, {"into": rejected["id"]})).status_code == 409
        assert (await step(intake, dup["id"], "merge", LEAD, {"into": "nowhere"})).status_code == 422
        r = await step(intake, dup["id"], "merge", LEAD, {"into": issue["id"], "reason": "同一处标识"})
        assert r.status_code == 200 and r.json()["merged_into"]["number"] == issue["number"]
        [merged] = await probe.wait_for("xiuhua.issue.merged.v1", issue_id=dup["id"])
    carried = json.loads(merged.body)["carried"]
    assert [(p["name"], p["phone"]) for p in carried] == [("张先生", "13800005678"), ("何先生", "13800008888")]
    target = (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=LEAD)).json()
    assert target["supporters"] == 3  # 吴阿姨, and 张先生 and 何先生 carried over
    kinds = [e["kind"] for e in (await intake.client.get(f"/intake/v1/issues/{issue['id']}/timeline",
                                                         headers=LEAD)).json()["items"]]
    assert kinds == ["submitted", "triaged", "supported", "merged_from"]


async def test_me_too_is_for_neighbours_once_each_and_not_for_the_reporter(intake):
    issue = await submit(intake)
    neighbour = token("resident", estate="chunlan", sub="r-wu", name="吴阿姨")
    assert (await step(intake, issue["id"], "support", neighbour)).json()["error"]["code"] == "contact_required"
    r = await step(intake, issue["id"], "support", neighbour, {"phone": "13800007777"})
    assert r.status_code == 200 and r.json()["supporters"] == 1 and r.json()["supported"] is True
    assert "support" not in r.json()["actions"]
    cases = [(neighbour, 409, "already_supported"), (LIU, 409, "own_issue"),
             (token("resident", estate="other-estate", sub="r-x"), 403, "not_a_neighbour"),
             (token("resident", "other-community", estate="chunlan", sub="r-y"), 403, "other_community")]
    for headers, status, code in cases:
        r = await step(intake, issue["id"], "support", headers, {"phone": "13800009999"})
        assert (r.status_code, r.json()["error"]["code"]) == (status, code)
    member_neighbour = token("member", sub="hy-xu-hao", name="徐浩", estate="chunlan")
    assert (await step(intake, issue["id"], "support", member_neighbour, {"phone": "19900000009"})).status_code == 200
    r = await step(intake, issue["id"], "comments", XU_HAO, {"text": "明天一早去看"})
    assert r.status_code == 200
    items = (await intake.client.get(f"/intake/v1/issues/{issue['id']}/timeline", headers=LIU)).json()["items"]
    assert items[-1]["text"] == "徐浩留言：明天一早去看" and items[1]["actor"]["name"] == "吴阿姨"
    as_other = (await intake.client.get(f"/intake/v1/issues/{issue['id']}/timeline", headers=ZHANG)).json()
    assert as_other["items"][1]["actor"]["name"] == "吴**"


async def test_task_steps_move_the_status_in_any_order_and_show_on_the_timeline(intake):
    issue = await submit(intake)
    t0 = datetime.now(UTC)
    await publish(task_event("accepted", issue["id"], t0 + timedelta(seconds=2)))  # overtook its assignment
    await publish(task_event("assigned", issue["id"], t0 + timedelta(seconds=1)), times=2)
    doc = await status_of(intake, issue["id"], "in_progress")
    await eventually(lambda: intake.runtime.db.inbox.count_documents({}))
    due = shanghai_today(3).isoformat()
    company = {"id": "chunlan-wuye", "name": "春澜物业"}
    assert (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=WANG)).status_code == 403
    await publish(task_event("handed_to_property", issue["id"], t0 + timedelta(seconds=3), company=company,
                             asked="请更换B区错误的导向标识", due_date=due))
    await status_of(intake, issue["id"], "handed_to_property")
    seen = (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=WANG)).json()
    assert seen["property"]["asked"] == "请更换B区错误的导向标识" and seen["reporter"] == {"name": "刘**",
                                                                                    "phone": "138****1234"}
    promised = shanghai_today(2).isoformat()
    wang = {"id": "cl-wuye-wang", "name": "王经理", "role": "property"}
    await publish(task_event("property_updated", issue["id"], t0 + timedelta(seconds=4), company=company,
                             kind="promised", promised_date=promised, actor=wang))
    await publish(task_event("property_updated", issue["id"], t0 + timedelta(seconds=5), company=company,
                             kind="done", actor=wang, note="已换新标识"))
    await status_of(intake, issue["id"], "in_progress")
    await publish(task_event("resolved", issue["id"], t0 + timedelta(seconds=6), note="物业已更换B区导向标识"))
    doc = await status_of(intake, issue["id"], "resolved")
    late = task_event("progressed", issue["id"], t0 + timedelta(seconds=2.5), note="已联系物业")
    await publish(late)
    await eventually(lambda: intake.runtime.db.inbox.find_one({"_id": late.id}))
    doc = await intake.runtime.db.issues.find_one({"_id": issue["id"]})
    assert doc["status"] == "resolved"  # an older step does not move it back
    timeline = (await intake.client.get(f"/intake/v1/issues/{issue['id']}/timeline", headers=LIU)).json()
    assert [(e["kind"], e["status"]) for e in timeline["items"]] == [
        ("submitted", "submitted"), ("assigned", "assigned"), ("accepted", "in_progress"),
        ("progressed", "in_progress"), ("handed_to_property", "handed_to_property"),
        ("property_promised", "handed_to_property"), ("property_done", "in_progress"), ("resolved", "resolved")]
    texts = [e["text"] for e in timeline["items"]]
    assert texts[1] == "派给队员李明" and texts[2] == "队员李明已受理"  # why it went to him stays with the team
    assert texts[5] == f"春澜物业承诺{promised}前完成" and texts[-1] == "队员李明办结：物业已更换B区导向标识"
    assert timeline["items"][5]["actor"] == wang


async def test_only_the_reporter_confirms_reopens_within_the_window_and_rates_once(intake):
    issue = await submit(intake)
    assert (await step(intake, issue["id"], "confirm", LIU)).status_code == 409
    await worked_to_resolution(intake, issue["id"])
    shown = (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=LIU)).json()
    assert shown["actions"] == ["comment", "confirm", "reopen", "rating"]
    for name, body in (("confirm", {}), ("reopen", {"reason": "还是不亮"}),
                       ("rating", {"solved": True, "satisfaction": "satisfied"})):
        r = await step(intake, issue["id"], name, ZHANG, body)
        assert (r.status_code, r.json()["error"]["code"]) == (403, "not_reporter")
    async with Probe(["xiuhua.issue.#"]) as probe:
        r = await step(intake, issue["id"], "reopen", LIU, {"reason": "还是不亮"})
        assert r.json()["status"] == "reopened" and r.json()["reopen_count"] == 1
        [reopened] = await probe.wait_for("xiuhua.issue.reopened.v1", issue_id=issue["id"])
        assert json.loads(reopened.body)["reason"] == "还是不亮"
        await publish(task_event("resolved", issue["id"], note="换了整条灯带"))
        await status_of(intake, issue["id"], "resolved")
        r = await step(intake, issue["id"], "confirm", LIU)
        assert r.json()["status"] == "closed"
        await probe.wait_for("xiuhua.issue.confirmed.v1", issue_id=issue["id"])
        [closed] = await probe.wait_for("xiuhua.issue.closed.v1", issue_id=issue["id"])
        assert json.loads(closed.body)["reason"] == "confirmed"
        r = await step(intake, issue["id"], "rating", LIU, {"solved": True, "satisfaction": "basically_satisfied",
                                                            "comment": "谢谢服务队"})
        assert r.json()["rating"]["satisfaction_label"] == "基本满意"
        [rated] = await probe.wait_for("xiuhua.issue.rated.v1", issue_id=issue["id"])
    assert json.loads(rated.body) | {"at": None, "actor": None} == {
        "issue_id": issue["id"], "community": "huayuan", "solved": True, "satisfaction": "basically_satisfied",
        "comment": "谢谢服务队", "at": None, "actor": None}
    twice = await step(intake, issue["id"], "rating", LIU, {"solved": False, "satisfaction": "dissatisfied"})
    assert twice.status_code == 409 and twice.json()["error"]["message"] == "您已评价过该问题"

    late = await submit(intake, title="北门道闸坏了", place={"spot": "gate-north"}, category="security")
    await worked_to_resolution(intake, late["id"])
    await intake.runtime.db.issues.update_one({"_id": late["id"]},
                                              {"$set": {"resolved_at": datetime.now(UTC) - timedelta(days=8)}})
    r = await step(intake, late["id"], "reopen", LIU, {"reason": "又坏了"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "reopen_window_passed"
    assert (await intake.runtime.db.issues.find_one({"_id": late["id"]}))["status"] == "resolved"


async def test_a_resolved_issue_nobody_confirms_closes_itself_once_across_replicas_and_restarts(intake):
    issue = await submit(intake)
    await worked_to_resolution(intake, issue["id"])
    timer = await intake.runtime.db.timers.find_one({"_id": f"autoclose:{issue['id']}"})
    assert timedelta(days=6, hours=23) < timer["due_at"] - datetime.now(UTC) <= timedelta(days=7, seconds=10)
    twin = settings_for(IntakeSettings, mongo_db=intake.runtime.settings.mongo_db, timer_poll_seconds=0.1)
    async with Probe(["xiuhua.issue.closed.v1"]) as probe, running(create_app, twin, keep_data=True):
        await intake.runtime.db.timers.update_one({"_id": timer["_id"]}, {"$set": {"due_at": datetime.now(UTC)}})
        doc = await status_of(intake, issue["id"], "closed")
        [closed] = await probe.wait_for("xiuhua.issue.closed.v1", issue_id=issue["id"])
    assert json.loads(closed.body)["reason"] == "auto" and json.loads(closed.body)["actor"]["role"] == "system"
    assert [e["text"] for e in doc["timeline"]][-1] == "办结7天无人确认，自动关闭"
    assert await intake.runtime.db.outbox.count_documents({"type": "xiuhua.issue.closed.v1"}) == 1

    reopened = await submit(intake, title="北门道闸坏了", place={"spot": "gate-north"}, category="security")
    await worked_to_resolution(intake, reopened["id"])
    await step(intake, reopened["id"], "reopen", LIU, {"reason": "又坏了"})
    assert await intake.runtime.db.timers.find_one({"_id": f"autoclose:{reopened['id']}"}) is None


async def test_an_overdue_timer_fires_when_the_service_comes_back(intake):
    issue = await submit(intake)
    await worked_to_resolution(intake, issue["id"])
    name = intake.runtime.settings.mongo_db
    await intake.runtime.db.timers.update_one({"_id": f"autoclose:{issue['id']}"},
                                              {"$set": {"due_at": datetime.now(UTC) + timedelta(seconds=1)}})
    async with running(create_app, settings_for(IntakeSettings, mongo_db=name, timer_poll_seconds=3600),
                       keep_data=True):
        pass  # a replica that polls rarely starts and stops; the timer falls due meanwhile
    doc = await status_of(intake, issue["id"], "closed")
    assert doc["timeline"][-1]["kind"] == "closed"


async def test_the_reporters_phone_is_for_the_member_in_charge_the_lead_and_staff_only(intake):
    issue = await submit(intake)
    await publish(task_event("assigned", issue["id"]))
    await status_of(intake, issue["id"], "assigned")
    expected = {"13800001234": (LI_MING, LEAD, token("staff", sub="s", name="林芳"), LIU),
                "138****1234": (XU_HAO, WANG, ZHANG, token("admin", None))}
    for phone, viewers in expected.items():
        for headers in viewers:
            r = await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=headers)
            if r.status_code == 403:
                assert headers is WANG  # not handed to the company: not theirs to see at all
                continue
            assert r.json()["reporter"]["phone"] == phone
    listing = await intake.client.get("/intake/v1/issues?community=huayuan&untriaged=true", headers=LEAD)
    assert issue["id"] in [i["id"] for i in listing.json()["items"]]
    by_property = await intake.client.get("/intake/v1/issues?community=huayuan", headers=WANG)
    assert by_property.json()["total"] == 0


async def test_review_findings_stay_fixed(intake):
    # a blank key is no key either
    blank = LIU | {"Idempotency-Key": " \t"}
    codes = [(await intake.client.post("/intake/v1/issues", json=report(), headers=blank)).status_code
             for _ in range(2)]
    assert codes == [201, 201]
    # triage with nothing to set is refused
    issue = await submit(intake)
    assert (await step(intake, issue["id"], "triage", LEAD, {})).status_code == 422
    # six neighbours pressing "me too" at the same moment are all counted
    neighbours = [token("resident", estate="chunlan", sub=f"r-n{n}", name=f"邻居{n}") for n in range(6)]
    results = await asyncio.gather(*(step(intake, issue["id"], "support", h, {"phone": f"1380000{n:04d}"})
                                     for n, h in enumerate(neighbours)))
    assert [r.status_code for r in results] == [200] * 6
    assert (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=LEAD)).json()["supporters"] == 6


async def test_a_report_taken_for_a_resident_is_theirs_to_confirm_and_rate(intake):
    by_member = await submit(intake, LI_MING, channel="team")
    by_gateway = await submit(intake, token("gateway", None), channel="sms")
    await intake.runtime.db.people.insert_one({
        "_id": "resident:huayuan:13800001234", "person_id": "r-liu-login", "phone": "13800001234",
        "role": "resident", "community": "huayuan", "subdistrict": "lizhou", "name": "刘女士", "estate": "chunlan",
        "company": None, "version": datetime.now(UTC)})
    liu = token("resident", estate="chunlan", sub="r-liu-login", name="刘女士")
    mine = (await intake.client.get("/intake/v1/issues?community=huayuan&mine=true", headers=liu)).json()
    assert {by_member["id"], by_gateway["id"]} <= {i["id"] for i in mine["items"]}
    await worked_to_resolution(intake, by_member["id"])
    shown = (await intake.client.get(f"/intake/v1/issues/{by_member['id']}", headers=liu)).json()
    assert shown["mine"] and shown["reporter"]["phone"] == "13800001234" and "rating" in shown["actions"]
    assert (await step(intake, by_member["id"], "confirm", liu)).status_code == 200
    timeline = (await intake.client.get(f"/intake/v1/issues/{by_gateway['id']}/timeline", headers=ZHANG)).json()
    assert timeline["items"][0]["text"] == "居民通过短信或业主群反映了问题"
    assert "刘女士" not in str(timeline)


async def test_the_actions_follow_the_communitys_own_reopen_window(intake):
    await intake.runtime.db.communities.update_one({"_id": "huayuan"}, {"$set": {"settings.reopen_days": 3}})
    issue = await submit(intake)
    await worked_to_resolution(intake, issue["id"])
    await intake.runtime.db.issues.update_one({"_id": issue["id"]},
                                              {"$set": {"resolved_at": datetime.now(UTC) - timedelta(days=5)}})
    shown = (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=LIU)).json()
    assert "reopen" not in shown["actions"] and "confirm" in shown["actions"]


async def test_older_task_facts_do_not_overwrite_newer_ones(intake):
    issue = await submit(intake)
    t0 = datetime.now(UTC)
    newer = task_event("assigned", issue["id"], t0 + timedelta(seconds=3))
    newer.data["assignee"] = {"id": "hy-xu-hao", "name": "徐浩", "role": "member"}
    await publish(newer)
    await publish(task_event("assigned", issue["id"], t0 + timedelta(seconds=1)))
    await eventually(lambda: intake.runtime.db.inbox.count_documents({}))

    async def both_seen():
        doc = await intake.runtime.db.issues.find_one({"_id": issue["id"]})
        return doc if len(doc["timeline"]) == 3 else None

    doc = await eventually(both_seen)
    assert doc["assignee"]["id"] == "hy-xu-hao"
    await publish(task_event("accepted", issue["id"], t0 + timedelta(seconds=4),
                             actor={"id": "hy-xu-hao", "name": "徐浩", "role": "member"}))
    company = {"id": "chunlan-wuye", "name": "春澜物业"}
    await publish(task_event("handed_to_property", issue["id"], t0 + timedelta(seconds=5), company=company,
                             asked="请处理", due_date=shanghai_today().isoformat()))
    await status_of(intake, issue["id"], "handed_to_property")
    note = task_event("progressed", issue["id"], t0 + timedelta(seconds=6), note="已催物业")
    await publish(note)
    await eventually(lambda: intake.runtime.db.inbox.find_one({"_id": note.id}))
    assert (await intake.runtime.db.issues.find_one({"_id": issue["id"]}))["status"] == "handed_to_property"


async def test_what_the_team_spots_it_may_take_itself(intake):
    spotted = await submit(intake, LI_MING, take=True, reporter={"name": "李明", "phone": "19900000008"})
    assert spotted["channel"] == "team"
    record = await intake.runtime.db.outbox.find_one({"event.subject": spotted["id"],
                                                      "type": "xiuhua.issue.submitted.v1"})
    assert record["event"]["data"]["taken_by"] == {"id": "hy-li-ming", "name": "李明", "role": "member"}
    r = await intake.client.post("/intake/v1/issues", json=report(take=True), headers=LIU)
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_team"
    plain = await submit(intake, LIU)
    record = await intake.runtime.db.outbox.find_one({"event.subject": plain["id"],
                                                      "type": "xiuhua.issue.submitted.v1"})
    assert record["event"]["data"]["taken_by"] is None


async def test_a_report_nobody_could_take_shows_it_waits_for_the_team_until_it_is_assigned(intake):
    issue = await submit(intake)
    at = datetime.now(UTC)
    await publish(task_event("unrouted", issue["id"], at, title=issue["title"], why="无人分管车库停车", to=[]))

    async def waiting() -> dict | None:
        shown = (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=LIU)).json()
        return shown if shown["waiting_since"] else None

    shown = await eventually(waiting)
    assert (shown["status"], shown["status_label"]) == ("submitted", "等待服务队分派")
    timeline = (await intake.client.get(f"/intake/v1/issues/{issue['id']}/timeline", headers=LIU)).json()["items"]
    assert timeline[-1]["kind"] == "unrouted" and timeline[-1]["text"] == "等待服务队分派"
    assert "车库停车" not in timeline[-1]["text"]  # why nobody could is the team's business
    mine = (await intake.client.get("/intake/v1/issues?community=huayuan&mine=true", headers=LIU)).json()["items"]
    assert next(i for i in mine if i["id"] == issue["id"])["status_label"] == "等待服务队分派"

    await publish(task_event("assigned", issue["id"], at + timedelta(minutes=5)))
    await status_of(intake, issue["id"], "assigned")
    shown = (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=LIU)).json()
    assert (shown["status_label"], shown["waiting_since"]) == ("已派单", None)
