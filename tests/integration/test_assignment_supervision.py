"""Supervision on the real servers: reminders before a limit, the breach at it and the ladder
after it, pausing while waiting on the resident, 督办 by staff, a silent member's tasks offered back,
the property company's broken promise, and the working calendar loaded from the notice."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.test_assignment_steps import (
    LEAD,
    STAFF,
    WANG,
    as_member,
    directory,
    post,
    routed,
    submitted,
)
from tests.support.broker import Probe, publish
from tests.support.clock import shanghai_today
from tests.support.demo import load_team
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from tests.unit.test_working_calendar import NOTICE_2025
from xiuhua_assignment.app import create_app
from xiuhua_assignment.settings import AssignmentSettings
from xiuhua_events.timers import TIMERS

ADMIN = token("admin", None, sub="lz-admin", name="街道管理员")
SECOND = 1 / 3600  # limits are in hours


@pytest.fixture
async def assignment():
    async with running(create_app, settings_for(AssignmentSettings, timer_poll_seconds=0.2)) as svc:
        await load_team(svc.client)
        await publish(directory())
        await eventually(lambda: svc.runtime.db.directory.find_one({"_id": "huayuan"}))
        yield svc


async def quick_limits(svc, *, respond: float, resolve: float, ladder: list[dict] | None = None) -> None:
    body = {"rules": [{"priority": "normal", "respond_hours": respond * SECOND, "resolve_hours": resolve * SECOND}],
            "remind_at": 0.5, "ladder": ladder or [{"to": "lead", "after_hours": 0},
                                                   {"to": "staff", "after_hours": 1 * SECOND}]}
    r = await svc.client.put("/assignment/v1/teams/huayuan/limits", json=body, headers=LEAD)
    assert r.status_code == 200, r.text


async def test_a_task_is_reminded_breached_and_climbs_the_ladder_once_until_answered(assignment):
    await quick_limits(assignment, respond=2, resolve=600)
    event = submitted()
    async with Probe(["xiuhua.task.#"]) as probe:
        task = await routed(assignment, event)
        who = task["assignee"]["id"]
        [reminded] = await probe.wait_for("xiuhua.task.reminded.v1", issue_id=event.subject)
        assert json.loads(reminded.body)["kind"] == "respond" and json.loads(reminded.body)["assignee"]["id"] == who
        [breached] = await probe.wait_for("xiuhua.task.sla_breached.v1", issue_id=event.subject)
        assert json.loads(breached.body)["kind"] == "respond"
        escalated = await probe.wait_for("xiuhua.task.escalated.v1", count=2, issue_id=event.subject)
        rungs = [(json.loads(m.body)["level"], json.loads(m.body)["to"]) for m in escalated]
        assert rungs == [("lead", ["hy-chen-liqun"]), ("staff", ["hy-staff-lin"])]

        board = (await assignment.client.get("/assignment/v1/supervision?community=huayuan", headers=STAFF)).json()
        assert board["items"][0]["issue_id"] == event.subject and board["counts"]["overdue"] >= 1
        assert board["items"][0]["escalated_to"] == "staff" and board["items"][0]["breaches"][0]["kind"] == "respond"

        r = await post(assignment, event.subject, "accept", as_member(who))
        assert r.status_code == 200, r.text
        timers = {d["_id"]: d async for d in assignment.runtime.db[TIMERS].find({"_id": {"$regex": event.subject}})}
        assert all(t["fired_at"] for k, t in timers.items() if ":respond:" in k)  # nothing of it left to fire
        assert timers[f"sla:{event.subject}:resolve:breach"]["fired_at"] is None
        assert r.json()["overdue_since"] is None and r.json()["breaches"][0]["kind"] == "respond"  # late, answered
    # each fact once, however many passes the timers made
    assert len(probe.of_type("xiuhua.task.sla_breached.v1", issue_id=event.subject)) == 1
    assert len(probe.of_type("xiuhua.task.escalated.v1", issue_id=event.subject)) == 2
    assert len(probe.of_type("xiuhua.task.reminded.v1", issue_id=event.subject)) == 1


async def test_the_board_says_which_limit_was_missed_and_counts_each(assignment):
    """响应超时 while unanswered; a late answer ends it; 办结超时 once the resolution limit passes too."""
    await quick_limits(assignment, respond=2, resolve=6)
    event = submitted()
    url = "/assignment/v1/supervision?community=huayuan"
    async with Probe(["xiuhua.task.sla_breached.v1"]) as probe:
        task = await routed(assignment, event)
        await probe.wait_for("xiuhua.task.sla_breached.v1", issue_id=event.subject, kind="respond")
        board = (await assignment.client.get(url, headers=STAFF)).json()
        [item] = [i for i in board["items"] if i["issue_id"] == event.subject]
        assert item["overdue"] == ["respond"]
        assert {k: board["counts"][k] for k in ("overdue", "overdue_respond", "overdue_resolve")} == {
            "overdue": 1, "overdue_respond": 1, "overdue_resolve": 0}
        r = await post(assignment, event.subject, "accept", as_member(task["assignee"]["id"]))
        assert r.status_code == 200 and r.json()["overdue"] == [], r.text
        board = (await assignment.client.get(url, headers=STAFF)).json()
        assert board["counts"]["overdue"] == 0
        assert [i["overdue"] for i in board["items"] if i["issue_id"] == event.subject] == [[]]  # due soon: listed
        await probe.wait_for("xiuhua.task.sla_breached.v1", issue_id=event.subject, kind="resolve", timeout=15)
        board = (await assignment.client.get(url, headers=STAFF)).json()
        assert [i["overdue"] for i in board["items"] if i["issue_id"] == event.subject] == [["resolve"]]
        assert (board["counts"]["overdue_respond"], board["counts"]["overdue_resolve"]) == (0, 1)
        tasks = (await assignment.client.get(f"/assignment/v1/tasks/{event.subject}", headers=STAFF)).json()
        assert tasks["overdue"] == ["resolve"] and tasks["overdue_since"] is not None


async def test_waiting_on_the_resident_pauses_the_clock_and_moves_the_limit(assignment):
    await quick_limits(assignment, respond=4, resolve=4)
    event = submitted()
    async with Probe(["xiuhua.task.#"]) as probe:
        task = await routed(assignment, event)
        member = as_member(task["assignee"]["id"])
        assert (await post(assignment, event.subject, "accept", member)).status_code == 200
        r = await post(assignment, event.subject, "wait", member, {"note": "居民出差，约下周上门"})
        assert r.status_code == 200 and r.json()["waiting_since"] and r.json()["actions"][-1] == "resume"
        assert (await post(assignment, event.subject, "wait", member, {"note": "再等"})).json()["error"]["code"] == \
            "already_waiting"
        before = datetime.fromisoformat(r.json()["resolve_by"])
        await eventually(lambda: datetime.now(UTC) > before + timedelta(seconds=2), timeout=10)
        assert probe.of_type("xiuhua.task.sla_breached.v1", issue_id=event.subject, kind="resolve") == []  # paused
        r = await post(assignment, event.subject, "resume", member)
        assert r.status_code == 200, r.text
        after = datetime.fromisoformat(r.json()["resolve_by"])
        [waited, resumed] = [datetime.fromisoformat(h["at"]) for h in r.json()["history"][-2:]]
        assert abs((after - before) - (resumed - waited)) < timedelta(milliseconds=5)  # moved by the wait
        await probe.wait_for("xiuhua.task.rescheduled.v1", issue_id=event.subject)
        await probe.wait_for("xiuhua.task.sla_breached.v1", issue_id=event.subject, kind="resolve", timeout=15)


async def test_staff_press_a_task_the_member_and_lead_see_it_and_others_may_not(assignment):
    event = submitted()
    async with Probe(["xiuhua.task.pressed.v1"]) as probe:
        task = await routed(assignment, event)
        r = await post(assignment, event.subject, "press", STAFF, {"note": "请今天内联系居民"})
        assert r.status_code == 200, r.text
        assert r.json()["presses"][0]["note"] == "请今天内联系居民" and r.json()["history"][-1]["action"] == "pressed"
        [pressed] = await probe.wait_for("xiuhua.task.pressed.v1", issue_id=event.subject)
        data = json.loads(pressed.body)
        assert data["leads"] == ["hy-chen-liqun"] and data["assignee"]["id"] == task["assignee"]["id"]
    assert (await post(assignment, event.subject, "press", as_member(task["assignee"]["id"]),
                       {"note": "自己督办"})).json()["error"]["code"] == "not_staff"
    other = token("staff", "elsewhere", sub="x-staff")
    assert (await post(assignment, event.subject, "press", other, {"note": "别的社区"})).status_code == 403
    seen = (await assignment.client.get(f"/assignment/v1/tasks/{event.subject}",
                                        headers=as_member(task["assignee"]["id"]))).json()
    assert seen["presses"][0]["actor"]["name"] == "林芳"
    board = (await assignment.client.get("/assignment/v1/supervision", headers=ADMIN)).json()
    assert event.subject in [t["issue_id"] for t in board["items"]] and board["counts"]["pressed"] >= 1
    assert (await assignment.client.get("/assignment/v1/supervision?community=huayuan",
                                        headers=as_member("hy-li-ming"))).status_code == 403


async def test_a_silent_members_open_tasks_are_offered_back_to_the_lead(assignment):
    event = submitted()
    task = await routed(assignment, event)
    db = assignment.runtime.db
    long_ago = datetime.now(UTC) - timedelta(days=5)
    await db.tasks.update_many({"assignee.id": task["assignee"]["id"]},
                               {"$set": {"assigned_at": long_ago, "history.$[].at": long_ago}})
    async with Probe(["xiuhua.task.escalated.v1"]) as probe:
        await db[TIMERS].update_one({"_id": "members-silent-scan"}, {"$set": {"due_at": datetime.now(UTC)}})
        [offered] = await probe.wait_for("xiuhua.task.escalated.v1", issue_id=event.subject)
    data = json.loads(offered.body)
    assert data["kind"] == "silent" and data["level"] == "lead" and data["to"] == ["hy-chen-liqun"]
    assert "天没有处理任何派单" in data["note"]
    doc = await db.tasks.find_one({"_id": event.subject})
    assert doc["offered_back_at"] is not None and doc["assignee"]["id"] == task["assignee"]["id"]
    again = await db[TIMERS].find_one({"_id": "members-silent-scan"})
    assert again["fired_at"] is None and again["due_at"] > datetime.now(UTC)  # set for the next morning


async def test_a_broken_promise_counts_against_the_company(assignment):
    event = submitted()
    task = await routed(assignment, event)
    member = as_member(task["assignee"]["id"])
    await post(assignment, event.subject, "accept", member)
    await post(assignment, event.subject, "handover", member,
               {"asked": "请更换指示牌", "due_date": shanghai_today(3).isoformat()})
    today = shanghai_today().isoformat()
    r = await post(assignment, event.subject, "property", WANG, {"kind": "promised", "promised_date": today})
    assert r.status_code == 200, r.text
    db = assignment.runtime.db
    async with Probe(["xiuhua.task.promise_broken.v1"]) as probe:
        # the promised day ends
        await db[TIMERS].update_one({"_id": f"promise:{event.subject}"}, {"$set": {"due_at": datetime.now(UTC)}})
        [broken] = await probe.wait_for("xiuhua.task.promise_broken.v1", issue_id=event.subject)
    data = json.loads(broken.body)
    assert data["contacts"] == ["cl-wuye-wang", "cl-wuye-liu"] and data["promised_date"] == today
    record = (await assignment.client.get("/assignment/v1/teams/huayuan/property-record", headers=LEAD)).json()
    [company] = record["companies"]
    assert (company["promises"], company["broken"], company["kept"]) == (1, 1, 0)
    assert company["open_promises"][0]["broken"] is True
    own = await assignment.client.get("/assignment/v1/teams/huayuan/property-record", headers=WANG)
    assert own.status_code == 200 and own.json()["companies"][0]["company"]["id"] == "chunlan-wuye"
    assert (await assignment.client.get("/assignment/v1/teams/huayuan/property-record",
                                        headers=member)).status_code == 403


async def test_the_admin_loads_a_years_notice_and_working_hours_limits_follow_the_calendar(assignment):
    r = await assignment.client.put("/assignment/v1/calendar/2025", json={"notice": NOTICE_2025}, headers=STAFF)
    assert r.status_code == 403
    unreadable = {"notice": "2025年部分节假日安排\n一、元旦：放假一天。"}
    r = await assignment.client.put("/assignment/v1/calendar/2025", json=unreadable, headers=ADMIN)
    assert r.status_code == 422 and r.json()["error"]["code"] == "notice_unreadable"
    r = await assignment.client.put("/assignment/v1/calendar/2025", json={"notice": NOTICE_2025}, headers=ADMIN)
    assert r.status_code == 200, r.text
    assert r.json()["source"] == "loaded" and len(r.json()["workdays"]) == 5
    year = (await assignment.client.get("/assignment/v1/calendar?year=2026", headers=LEAD)).json()
    assert year["source"] == "builtin" and {"date": "2026-10-10", "name": "National Day"} in year["workdays"]

    body = {"rules": [{"priority": "normal", "respond_hours": 1, "resolve_hours": 45, "clock": "working"}]}
    assert (await assignment.client.put("/assignment/v1/teams/huayuan/limits", json=body,
                                        headers=LEAD)).status_code == 200
    event = submitted()
    event.data["submitted_at"] = "2026-09-30T04:00:00+00:00"  # 12:00 in Shanghai, the eve of 国庆
    task = await routed(assignment, event)
    assert task["respond_by"] == datetime(2026, 9, 30, 5, 0, tzinfo=UTC)
    assert task["resolve_by"] == datetime(2026, 10, 13, 4, 0, tzinfo=UTC)  # 13 October 12:00 in Shanghai


async def test_a_report_nobody_can_take_waits_on_the_board_and_its_staff_are_told():
    """A team with no lead yet (a new community's): what nobody is in charge of, or what its only
    member hands back, waits as 待派单 on 督办台, and the staff hear of it at once."""
    async with running(create_app, settings_for(AssignmentSettings)) as svc:
        assert (await svc.client.put("/assignment/v1/teams/huayuan", headers=ADMIN,
                                     json={"name": "春澜自治服务队", "subdistrict": "lizhou"})).status_code == 200
        r = await svc.client.put("/assignment/v1/teams/huayuan/members/hy-zhou-jianguo", headers=ADMIN,
                                 json={"name": "周建国", "phone": "19900000002", "areas": ["cleaning"]})
        assert r.status_code == 200, r.text
        await publish(directory())
        await eventually(lambda: svc.runtime.db.directory.find_one({"_id": "huayuan"}))
        parking, cleaning = submitted("parking"), submitted("cleaning")
        async with Probe(["xiuhua.task.#"]) as probe:
            await publish(parking)
            [unrouted] = await probe.wait_for("xiuhua.task.unrouted.v1", issue_id=parking.subject)
            task = await routed(svc, cleaning)
            r = await post(svc, cleaning.subject, "decline", token("member", sub="hy-zhou-jianguo", name="周建国"),
                           {"reason": "这周出差"})
            assert r.status_code == 200 and r.json()["status"] == "unrouted", r.text
            [declined] = await probe.wait_for("xiuhua.task.unrouted.v1", issue_id=cleaning.subject)
        assert task["assignee"]["id"] == "hy-zhou-jianguo"
        data = json.loads(unrouted.body)
        assert data["to"] == ["hy-staff-lin"] and data["why"] == "无人分管车库停车，服务队也没有在岗的队长"
        assert json.loads(declined.body)["why"].startswith("周建国退回（这周出差）")
        assert not probe.of_type("xiuhua.task.assigned.v1", issue_id=parking.subject)

        board = (await svc.client.get("/assignment/v1/supervision?community=huayuan", headers=STAFF)).json()
        waiting = {t["issue_id"]: t for t in board["items"]}
        assert board["counts"]["unrouted"] == 2 and set(waiting) == {parking.subject, cleaning.subject}
        assert all(t["status"] == "unrouted" and t["assignee"] is None for t in waiting.values())
        assert waiting[parking.subject]["why"] == data["why"]
