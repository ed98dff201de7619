"""A report nobody could take (待派单) is routed once someone can take it, on the real servers: a
member added, back from 暂停接单, back from leave at midnight in Shanghai — oldest first, by the
usual rules."""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from datetime import datetime, time, timedelta

from tests.integration.test_assignment_steps import STAFF, directory, post, submitted
from tests.support.broker import Probe, publish
from tests.support.clock import SHANGHAI, shanghai_today
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_assignment.app import create_app
from xiuhua_assignment.settings import AssignmentSettings
from xiuhua_assignment.tasks.service import routing
from xiuhua_events import clock
from xiuhua_events.timers import TIMERS

ADMIN = token("admin", None, sub="lz-admin", name="街道管理员")
ZHOU = {"name": "周建国", "phone": "19900000002", "areas": ["cleaning"]}
LI = {"name": "李明", "phone": "19900000003", "areas": ["parking"]}


@asynccontextmanager
async def new_team(**members: dict):
    """A new community's team, with no lead yet (so a report nobody is in charge of waits)."""
    async with running(create_app, settings_for(AssignmentSettings, timer_poll_seconds=3600)) as svc:
        r = await svc.client.put("/assignment/v1/teams/huayuan", headers=ADMIN,
                                 json={"name": "春澜自治服务队", "subdistrict": "lizhou"})
        assert r.status_code == 200, r.text
        for member_id, body in members.items():
            await put_member(svc, member_id, body)
        await publish(directory())
        await eventually(lambda: svc.runtime.db.directory.find_one({"_id": "huayuan"}))
        yield svc


async def put_member(svc, member_id: str, body: dict) -> None:
    r = await svc.client.put(f"/assignment/v1/teams/huayuan/members/{member_id}", headers=ADMIN, json=body)
    assert r.status_code == 200, r.text


async def waiting(svc, probe: Probe, *events) -> None:
    """Each report is submitted and nobody can take it."""
    for event in events:
        await publish(event)
        await probe.wait_for("xiuhua.task.unrouted.v1", issue_id=event.subject)


async def task(svc, issue_id: str) -> dict:
    return (await svc.client.get(f"/assignment/v1/tasks/{issue_id}", headers=STAFF)).json()


async def test_waiting_reports_go_oldest_first_to_a_member_added_to_the_team():
    async with new_team(**{"hy-zhou-jianguo": ZHOU}) as svc, Probe(["xiuhua.task.#"]) as probe:
        older, newer = submitted("parking"), submitted("parking")
        # a minute apart: made one after the other, the two may carry the same millisecond
        older.data["submitted_at"] = (older.time - timedelta(minutes=1)).isoformat()
        await waiting(svc, probe, older, newer)
        board = (await svc.client.get("/assignment/v1/supervision?community=huayuan", headers=STAFF)).json()
        assert board["counts"]["unrouted"] == 2

        await put_member(svc, "hy-li-ming", LI | {"capacity": 1})  # takes one task at most
        [assigned] = await probe.wait_for("xiuhua.task.assigned.v1", issue_id=older.subject)
        data = json.loads(assigned.body)
        assert data["assignee"]["id"] == "hy-li-ming" and data["why"].startswith("此前无人可接；分管车库停车")
        assert (await task(svc, older.subject))["status"] == "assigned"
        assert (await task(svc, newer.subject))["status"] == "unrouted"  # 李明 is full: it still waits

        await put_member(svc, "hy-zhou-jianguo", ZHOU | {"areas": ["cleaning", "parking"]})  # given the category
        [second] = await probe.wait_for("xiuhua.task.assigned.v1", issue_id=newer.subject)
        assert json.loads(second.body)["assignee"]["id"] == "hy-zhou-jianguo"
        board = (await svc.client.get("/assignment/v1/supervision?community=huayuan", headers=STAFF)).json()
        assert board["counts"]["unrouted"] == 0


async def test_a_waiting_report_goes_to_the_member_who_takes_tasks_again():
    async with new_team(**{"hy-zhou-jianguo": ZHOU, "hy-li-ming": LI}) as svc, Probe(["xiuhua.task.#"]) as probe:
        li = token("member", sub="hy-li-ming", name="李明")
        r = await svc.client.put("/assignment/v1/teams/huayuan/members/hy-li-ming/away", headers=li,
                                 json={"away": True})
        assert r.status_code == 200, r.text
        report = submitted("parking")
        await waiting(svc, probe, report)
        assert (await task(svc, report.subject))["why"].startswith("分管车库停车的1人请假、暂停接单或已满")

        r = await svc.client.put("/assignment/v1/teams/huayuan/members/hy-li-ming/away", headers=li,
                                 json={"away": False})
        assert r.status_code == 200, r.text
        [assigned] = await probe.wait_for("xiuhua.task.assigned.v1", issue_id=report.subject)
        assert json.loads(assigned.body)["assignee"]["id"] == "hy-li-ming"
        r = await post(svc, report.subject, "accept", li)
        assert r.status_code == 200 and r.json()["status"] == "in_progress", r.text


async def roster_followed(svc) -> None:
    """Assignment has followed every change of its roster it announced (its own team.member_updated)."""
    async def followed() -> bool:
        ids = [d["_id"] async for d in svc.runtime.db.outbox.find({"type": "xiuhua.team.member_updated.v1"})]
        return await svc.runtime.db.inbox.count_documents({"_id": {"$in": ids}}) == len(ids)

    await eventually(followed)


def shanghai(day, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), SHANGHAI)


async def test_a_waiting_report_goes_to_the_member_back_from_leave_at_midnight_in_shanghai():
    yesterday = shanghai_today(-1)
    on_leave = LI | {"leave": [{"from": (yesterday - timedelta(days=2)).isoformat(), "to": yesterday.isoformat()}]}
    async with new_team(**{"hy-zhou-jianguo": ZHOU, "hy-li-ming": on_leave}) as svc, \
            Probe(["xiuhua.task.#"]) as probe:
        await roster_followed(svc)
        report = submitted("parking")
        with clock.as_of(shanghai(yesterday, 21, 0)):  # reported yesterday evening: 李明 was still on leave
            await routing.route_new_issue(uow=svc.runtime.uow, event=report)
        assert (await task(svc, report.subject))["status"] == "unrouted"
        timer = await svc.runtime.db[TIMERS].find_one({"_id": "unrouted-midnight", "fired_at": None})
        assert timer["due_at"] == shanghai(shanghai_today(1), 0, 0, 30)  # durable: survives a restart

        midnight = shanghai(shanghai_today(), 0, 0, 30)  # the night just past, when the leave ended
        await svc.runtime.db[TIMERS].update_one({"_id": timer["_id"]}, {"$set": {"due_at": midnight}})
        with clock.as_of(midnight):  # the timer fires at its due time, as the loop would
            assert await svc.runtime.timers._fire({**timer, "due_at": midnight})
        [assigned] = await probe.wait_for("xiuhua.task.assigned.v1", issue_id=report.subject)
        assert json.loads(assigned.body)["assignee"]["id"] == "hy-li-ming"
        again = await svc.runtime.db[TIMERS].find_one({"_id": "unrouted-midnight", "fired_at": None})
        assert again["due_at"] == shanghai(shanghai_today(1), 0, 0, 30)  # and it looks again the next night
