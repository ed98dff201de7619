"""The roster: one phone per person per community, areas and estates that exist, and every change
announced so that people can log in with their phone."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.test_assignment_steps import directory
from tests.support.broker import Probe, publish
from tests.support.clock import shanghai_today
from tests.support.demo import load_team
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_assignment.app import create_app
from xiuhua_assignment.settings import AssignmentSettings
from xiuhua_events import CloudEvent, new_event

LEAD = token("lead", sub="hy-chen-liqun")


@pytest.fixture
async def assignment():
    async with running(create_app, settings_for(AssignmentSettings)) as svc:
        await load_team(svc.client)
        await publish(directory())
        await eventually(lambda: svc.runtime.db.directory.find_one({"_id": "huayuan"}))
        yield svc


async def put(svc, member_id: str, body: dict, headers=LEAD):
    return await svc.client.put(f"/assignment/v1/teams/huayuan/members/{member_id}", json=body, headers=headers)


async def test_the_roster_refuses_repeats_unknown_estates_and_a_phone_that_names_someone_else(assignment):
    cases = [
        ({"name": "新队员", "phone": "19900001111", "areas": ["cleaning", "cleaning"]}, 422, "invalid"),
        ({"name": "新队员", "phone": "19900001111", "areas": ["cleaning"], "estates": ["nowhere"]}, 422,
         "unknown_estate"),
        ({"name": "新队员", "phone": "19900000002", "areas": ["cleaning"]}, 409, "phone_taken"),   # 周建国's
        ({"name": "新队员", "phone": "19900010001", "areas": ["cleaning"]}, 409, "phone_taken"),   # staff 林芳's
        ({"name": "新队员", "phone": "19900020002", "areas": ["cleaning"]}, 409, "phone_taken"),   # 刘师傅's
    ]
    for body, status, code in cases:
        r = await put(assignment, "hy-new", body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), (body, r.text)
    assert "林芳" in (await put(assignment, "hy-new", cases[3][0])).json()["error"]["message"]
    assert await assignment.runtime.db.members.find_one({"_id": "hy-new"}) is None
    ok = await put(assignment, "hy-new", {"name": "新队员", "phone": "19900001111", "areas": ["cleaning"],
                                          "estates": ["chunlan"]})
    assert ok.status_code == 200, ok.text
    # the member keeps their own phone when their areas change
    assert (await put(assignment, "hy-new", {"name": "新队员", "phone": "19900001111",
                                             "areas": ["greening"]})).status_code == 200


async def test_adding_and_removing_a_member_is_announced_for_login(assignment):
    async with Probe(["xiuhua.team.#"]) as probe:
        r = await put(assignment, "hy-new", {"name": "新队员", "phone": "19900001112", "areas": ["parking"]})
        assert r.status_code == 200
        [joined] = await probe.wait_for("xiuhua.team.member_updated.v1", member_id="hy-new")
        member = token("member", sub="hy-li-ming")
        assert (await assignment.client.delete("/assignment/v1/teams/huayuan/members/hy-new",
                                               headers=member)).status_code == 403
        r = await assignment.client.delete("/assignment/v1/teams/huayuan/members/hy-new", headers=LEAD)
        assert r.status_code == 204
        [left] = await probe.wait_for("xiuhua.team.member_removed.v1", member_id="hy-new")
    assert json.loads(joined.body) | {"version": None} == {
        "community": "huayuan", "subdistrict": "lizhou", "member_id": "hy-new", "name": "新队员",
        "phone": "19900001112", "role": "member", "active": True, "areas": ["parking"], "version": None}
    assert json.loads(left.body)["phone"] == "19900001112"
    assert joined.headers["ce-tenant"] == "huayuan"
    gone = await assignment.client.delete("/assignment/v1/teams/huayuan/members/hy-new", headers=LEAD)
    assert gone.status_code == 404
    roster = (await assignment.client.get("/assignment/v1/teams/huayuan/members", headers=LEAD)).json()
    assert "hy-new" not in {m["id"] for m in roster["items"]} and roster["items"][0]["phone"] == "19900000001"


async def test_an_older_directory_does_not_overwrite_a_newer_one(assignment):
    newer = await assignment.runtime.db.directory.find_one({"_id": "huayuan"})
    old = directory(version=newer["version"] - timedelta(hours=1))
    old.data["estates"] = []
    await publish(old)
    await eventually(lambda: assignment.runtime.db.inbox.find_one({"_id": old.id}))
    assert (await assignment.runtime.db.directory.find_one({"_id": "huayuan"}))["estates"] != []


async def test_leave_away_and_capacity_steer_routing_and_show_on_the_roster(assignment):
    from tests.integration.test_assignment import submitted, task_of

    today = shanghai_today().isoformat()
    # 李明 and 徐浩 on leave today, 吕斌 full at one open task: 何军 (parking and facilities) is left
    for member_id, name, phone, extra in (
            ("hy-li-ming", "李明", "19900000008", {"leave": [{"from": today, "to": today}], "party_member": True}),
            ("hy-xu-hao", "徐浩", "19900000009", {"leave": [{"from": "2020-01-01", "to": "2099-12-31"}]}),
            ("hy-lv-bin", "吕斌", "19900000018", {"capacity": 1})):
        r = await put(assignment, member_id, {"name": name, "phone": phone, "areas": ["parking"]} | extra)
        assert r.status_code == 200, r.text
    member = token("member", sub="hy-he-jun")
    away = await assignment.client.put("/assignment/v1/teams/huayuan/members/hy-he-jun/away", json={"away": True},
                                       headers=member)
    assert away.status_code == 200 and away.json()["away"] is True and away.json()["available"] is False
    other = await assignment.client.put("/assignment/v1/teams/huayuan/members/hy-li-ming/away", json={"away": False},
                                        headers=member)
    assert other.status_code == 403
    first = submitted("parking")
    await publish(first)
    task = await task_of(assignment, first.subject)
    assert task["assignee"]["id"] == "hy-lv-bin"  # the only one free; now full
    second = submitted("parking")
    await publish(second)
    task = await task_of(assignment, second.subject)
    assert task["reason"] == "lead_fallback" and "4人请假、暂停接单或已满" in task["why"]
    roster = {m["id"]: m for m in (await assignment.client.get("/assignment/v1/teams/huayuan/members",
                                                               headers=LEAD)).json()["items"]}
    assert roster["hy-li-ming"]["party_member"] and not roster["hy-li-ming"]["available"]
    assert roster["hy-lv-bin"]["capacity"] == 1
    backwards = await put(assignment, "hy-xu-hao", {"name": "徐浩", "phone": "19900000009", "areas": ["parking"],
                                                    "leave": [{"from": "2026-12-02", "to": "2026-12-01"}]})
    assert backwards.status_code == 422


def admins(version: datetime | None = None) -> CloudEvent:
    """What intake announces when a subdistrict's admins change."""
    return new_event(type="xiuhua.directory.subdistrict_updated.v1", source="/xiuhua/intake", tenant="platform",
                     data={"subdistrict": "lizhou", "name": "梨洲街道",
                           "version": (version or datetime.now(UTC)).isoformat(),
                           "admins": [{"id": "lz-admin-zheng", "name": "郑主任", "phone": "19900030001"}]})


async def test_a_new_member_cannot_be_given_the_id_of_anyone_else_on_the_platform(assignment):
    admin = token("admin", None)
    await publish(ready := admins())
    await eventually(lambda: assignment.runtime.db.inbox.find_one({"_id": ready.id}))
    # another community's team and member
    assert (await assignment.client.put("/assignment/v1/teams/xinhe", json={"name": "新河服务队",
                                                                            "subdistrict": "lizhou"},
                                        headers=admin)).status_code == 200
    r = await assignment.client.put("/assignment/v1/teams/xinhe/members/xh-wang", headers=admin,
                                    json={"name": "王队长", "phone": "19900004001", "role": "lead"})
    assert r.status_code == 200, r.text
    # a member who left the team
    assert (await put(assignment, "hy-temp", {"name": "临时队员", "phone": "19900004002"})).status_code == 200
    assert (await assignment.client.delete("/assignment/v1/teams/huayuan/members/hy-temp",
                                           headers=LEAD)).status_code == 204
    # a staff member the directory no longer lists keeps her id too
    later = directory()
    later.data["staff"] = []
    await publish(later)
    await eventually(lambda: assignment.runtime.db.inbox.find_one({"_id": later.id}))

    mine = {"name": "冒名者", "phone": "19900004444", "areas": ["parking"]}  # the lead's own second phone
    cases = {"xh-wang": ("member_id_taken", "其他社区"), "hy-staff-lin": ("person_id_taken", "社区工作者林芳"),
             "cl-wuye-liu": ("person_id_taken", "物业联系人刘师傅"),
             "lz-admin-zheng": ("person_id_taken", "街道管理员"),
             "hy-temp": ("person_id_taken", "已移出的队员临时队员"),
             "r-0123456789ab": ("person_id_taken", "留给居民"),
             "hy-li-ming": ("person_id_taken", "换了手机号请移除该队员")}  # 李明's id, to another phone
    async with Probe(["xiuhua.team.#"]) as probe:
        for member_id, (code, words) in cases.items():
            r = await put(assignment, member_id, mine)
            error = r.json()["error"]
            assert (r.status_code, error["code"]) == (409, code), (member_id, r.text)
            assert words in error["message"], (member_id, error["message"])
        # the ordinary roster still works: a change of areas, the member who left coming back, a new one
        li = {"name": "李明", "phone": "19900000008", "areas": ["parking", "facilities"]}
        assert (await put(assignment, "hy-li-ming", li)).status_code == 200
        assert (await put(assignment, "hy-temp", {"name": "临时队员", "phone": "19900004002"})).status_code == 200
        assert (await put(assignment, "hy-new", mine)).status_code == 200
        await probe.wait_for("xiuhua.team.member_updated.v1", member_id="hy-new")
    announced = [json.loads(m.body) for m in probe.of_type("xiuhua.team.member_updated.v1")]
    assert {(a["member_id"], a["phone"]) for a in announced} == {
        ("hy-li-ming", "19900000008"), ("hy-temp", "19900004002"), ("hy-new", "19900004444")}
    roster = {m["id"]: m["phone"] for m in (await assignment.client.get("/assignment/v1/teams/huayuan/members",
                                                                          headers=LEAD)).json()["items"]}
    assert roster["hy-li-ming"] == "19900000008" and not (set(cases) - {"hy-li-ming", "hy-temp"}) & set(roster)


async def test_the_last_active_lead_cannot_be_removed_deactivated_or_demoted(assignment):
    chen = {"name": "陈立群", "phone": "19900000001", "role": "lead", "areas": []}
    zhou = {"name": "周建国", "phone": "19900000002", "role": "member", "areas": ["cleaning"]}
    staff = token("staff", sub="hy-staff-lin")
    attempts = [("DELETE", LEAD, None), ("PUT", LEAD, chen | {"active": False}),
                ("PUT", staff, chen | {"role": "member"})]
    for method, headers, body in attempts:
        r = await assignment.client.request(method, "/assignment/v1/teams/huayuan/members/hy-chen-liqun",
                                            json=body, headers=headers)
        assert r.status_code == 409 and r.json()["error"]["code"] == "last_lead", (method, body, r.text)
        assert "服务队至少要有一名在岗的队长" in r.json()["error"]["message"]
    # pausing new tasks is not leaving: the lead still takes what nobody else can
    r = await assignment.client.put("/assignment/v1/teams/huayuan/members/hy-chen-liqun/away", json={"away": True},
                                    headers=LEAD)
    assert r.status_code == 200, r.text
    # with a second lead appointed, the first may step down; the second is then the last one
    assert (await put(assignment, "hy-zhou-jianguo", zhou | {"role": "lead"})).status_code == 200
    assert (await put(assignment, "hy-chen-liqun", chen | {"role": "member"})).status_code == 200
    r = await assignment.client.delete("/assignment/v1/teams/huayuan/members/hy-zhou-jianguo", headers=LEAD)
    assert r.status_code == 409 and r.json()["error"]["code"] == "last_lead"
    assert (await put(assignment, "hy-chen-liqun", chen)).status_code == 200
    assert (await assignment.client.delete("/assignment/v1/teams/huayuan/members/hy-zhou-jianguo",
                                           headers=LEAD)).status_code == 204
    roster = (await assignment.client.get("/assignment/v1/teams/huayuan/members", headers=LEAD)).json()["items"]
    assert [(m["id"], m["active"]) for m in roster if m["role"] == "lead"] == [("hy-chen-liqun", True)]


async def test_two_leads_stepping_down_at_once_leave_one_on_duty(assignment):
    import asyncio

    zhou = {"name": "周建国", "phone": "19900000002", "role": "lead", "areas": ["cleaning"]}
    assert (await put(assignment, "hy-zhou-jianguo", zhou)).status_code == 200
    chen = {"name": "陈立群", "phone": "19900000001", "role": "member", "areas": []}
    answers = await asyncio.gather(put(assignment, "hy-chen-liqun", chen),
                                   put(assignment, "hy-zhou-jianguo", zhou | {"role": "member"}))
    assert sorted(r.status_code for r in answers) == [200, 409], [r.text for r in answers]
    roster = (await assignment.client.get("/assignment/v1/teams/huayuan/members", headers=LEAD)).json()["items"]
    assert len([m for m in roster if m["role"] == "lead" and m["active"]]) == 1


async def test_the_subdistricts_admin_reads_the_roster_with_phones_to_edit_the_lead(assignment):
    path = "/assignment/v1/teams/huayuan/members"
    roster = (await assignment.client.get(path, headers=token("admin", None))).json()["items"]
    lead = next(m for m in roster if m["role"] == "lead")
    assert lead["phone"] == "19900000001"  # whole: the admin sends it back when renaming the lead
    renamed = {k: lead[k] for k in ("phone", "role", "areas", "estates", "active")} | {"name": "陈立群（队长）"}
    r = await put(assignment, lead["id"], renamed, headers=token("admin", None))
    assert r.status_code == 200 and r.json()["name"] == "陈立群（队长）", r.text
    scoped = (await assignment.client.get(path, headers=token("admin", "huayuan"))).json()["items"]
    assert all("****" in m["phone"] for m in scoped)  # an admin token scoped to a community keeps nothing
    assert (await assignment.client.get(path, headers=token("admin", None, subdistrict="other"))).status_code == 403
