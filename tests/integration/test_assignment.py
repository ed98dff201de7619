"""Assignment routes new issues by specialty; the outbox survives a relay dying mid-publish."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

import pytest
from pymongo import AsyncMongoClient

from tests.support.broker import Probe, publish
from tests.support.demo import load_team
from tests.support.servers import AMQP_URL, MONGO_URL, eventually, unique
from tests.support.services import running, settings_for, token
from xiuhua_assignment.app import create_app
from xiuhua_assignment.settings import AssignmentSettings
from xiuhua_events import Bus, CloudEvent, OutboxRelay, UnitOfWork, new_event
from xiuhua_events.uow import ensure_indexes


def submitted(category: str, *, issue_id: str | None = None, estate: str = "chunlan", **extra) -> CloudEvent:
    issue_id = issue_id or uuid.uuid4().hex
    return new_event(type="xiuhua.issue.submitted.v1", source="/xiuhua/intake", tenant="huayuan", subject=issue_id,
                     data={"issue_id": issue_id, "community": "huayuan", "subdistrict": "lizhou", "estate": estate,
                           "category": category, "title": "测试问题", "place_text": "春澜璟园 1幢",
                           "reporter": {"sub": "r", "name": "刘", "phone": "13800001234"}} | extra)


@pytest.fixture
async def assignment():
    async with running(create_app, settings_for(AssignmentSettings)) as svc:
        await load_team(svc.client)
        outcomes: Counter[str] = Counter()
        original = svc.runtime.bus.on_processed

        def count(event_type: str, outcome: str) -> None:
            outcomes[outcome] += 1
            original(event_type, outcome)

        svc.runtime.bus.on_processed = count
        svc.outcomes = outcomes
        yield svc


async def task_of(svc, issue_id: str):
    return await eventually(lambda: svc.runtime.db.tasks.find_one({"_id": issue_id}))


async def test_issue_goes_to_the_member_in_charge_and_the_assignment_is_announced(assignment):
    async with Probe(["xiuhua.task.#"]) as probe:
        greening, security = submitted("greening"), submitted("security")
        await publish(greening)
        await publish(security)
        g, s = await task_of(assignment, greening.subject), await task_of(assignment, security.subject)
        [message] = await probe.wait_for("xiuhua.task.assigned.v1", issue_id=greening.subject)
    assert g["assignee"]["name"] in {"王淑芬", "孙燕", "韩雪", "施静"} and g["reason"] == "area"
    assert s["assignee"]["name"] in {"赵刚", "钱伟", "杨帆", "张宇"}
    assert message.headers["ce-correlationid"] == greening.correlationid
    r = await assignment.client.get(f"/assignment/v1/tasks/{greening.subject}", headers=token("lead"))
    assert r.status_code == 200 and r.json()["assignee"]["id"] == g["assignee"]["id"]
    assert (await assignment.client.get(f"/assignment/v1/tasks/{greening.subject}",
                                        headers=token("lead", "other"))).status_code == 403


async def test_load_is_spread_among_members_of_one_area(assignment):
    events = [submitted("cleaning") for _ in range(6)]
    for event in events:
        await publish(event)
    tasks = [await task_of(assignment, e.subject) for e in events]
    per_member = Counter(t["assignee"]["id"] for t in tasks)
    # 周建国, 陆晓梅, 韩雪, 秦岚, 孔莉 share cleaning: reports arriving together are routed concurrently,
    # and each still counts the others' tasks
    assert len(per_member) == 5 and max(per_member.values()) == 2, per_member


async def test_nobody_in_charge_falls_back_to_the_lead(assignment):
    admin = token("admin", None)
    await assignment.client.put("/assignment/v1/teams/solo", json={"name": "新队", "subdistrict": "lizhou"},
                                headers=admin)
    r = await assignment.client.put("/assignment/v1/teams/solo/members/solo-lead", headers=token("lead", "solo"),
                                    json={"name": "单队长", "phone": "19900009999", "role": "lead"})
    assert r.status_code == 200, r.text
    event = submitted("parking")
    event.tenant = event.data["community"] = "solo"
    await publish(event)
    task = await task_of(assignment, event.subject)
    assert task["reason"] == "lead_fallback" and task["assignee"]["id"] == "solo-lead"


async def test_roster_is_run_by_the_communitys_own_lead(assignment):
    body = {"name": "新队员", "phone": "19900001111", "areas": ["cleaning"]}
    denied = await assignment.client.put("/assignment/v1/teams/huayuan/members/hy-new", json=body,
                                         headers=token("lead", "other"))
    assert denied.status_code == 403
    member = await assignment.client.put("/assignment/v1/teams/huayuan/members/hy-new", json=body,
                                         headers=token("member"))
    assert member.status_code == 403
    assert (await assignment.client.get("/assignment/v1/teams/huayuan/members",
                                        headers=token("property"))).status_code == 403
    scoped_admin = token("admin", "huayuan")  # the subdistrict's own admins read them whole (they keep the lead)
    roster = (await assignment.client.get("/assignment/v1/teams/huayuan/members", headers=scoped_admin)).json()
    assert len(roster["items"]) == 21 and roster["items"][0]["phone"].count("*") == 4


async def test_redelivered_event_makes_one_task(assignment):
    event = submitted("facilities")
    await publish(event, times=3)
    await eventually(lambda: assignment.outcomes["duplicate"] >= 2)
    assert await assignment.runtime.db.tasks.count_documents({"_id": event.subject}) == 1
    assert await assignment.runtime.db.outbox.count_documents({"type": "xiuhua.task.assigned.v1"}) == 1


class DiesAfterPublishing:
    """A bus whose process dies right after the broker confirmed, before the outbox is marked."""

    def __init__(self, bus: Bus) -> None:
        self.bus, self.published = bus, asyncio.Event()

    async def publish(self, event: CloudEvent) -> None:
        await self.bus.publish(event)
        self.published.set()
        await asyncio.Event().wait()  # hangs until the relay is killed


async def test_relay_killed_between_publish_and_mark_loses_nothing_and_duplicates_nothing(assignment):
    """Producer side: an outbox of its own; consumer side: the real assignment service."""
    client = AsyncMongoClient(MONGO_URL, tz_aware=True)
    db = client[unique("producer").replace("-", "_")]
    bus = Bus(url=AMQP_URL, service=unique("producer"))
    await bus.connect()
    try:
        await ensure_indexes(db)
        event = submitted("greening")
        async with UnitOfWork(client=client, db=db).transaction() as tx:
            tx.emit(event)

        dying = DiesAfterPublishing(bus)
        first = OutboxRelay(db=db, bus=dying, lease_seconds=0.5)  # type: ignore[arg-type]
        attempt = asyncio.create_task(first.publish_pending())
        await asyncio.wait_for(dying.published.wait(), timeout=10)
        attempt.cancel()  # the relay process is killed here
        record = await db.outbox.find_one({"_id": event.id})
        assert record["published_at"] is None

        restarted = OutboxRelay(db=db, bus=bus, lease_seconds=0.5)
        await eventually(restarted.publish_pending, timeout=10, interval=0.1)
        assert (await db.outbox.find_one({"_id": event.id}))["published_at"] is not None

        await eventually(lambda: assignment.outcomes["duplicate"] >= 1)
        assert await assignment.runtime.db.tasks.count_documents({"_id": event.subject}) == 1
        assert await assignment.runtime.db.outbox.count_documents({"type": "xiuhua.task.assigned.v1"}) == 1
    finally:
        await bus.close()
        await client.drop_database(db.name)
        await client.close()


async def test_what_a_member_spotted_is_theirs_even_outside_their_areas(assignment):
    spotted = submitted("greening", taken_by={"id": "hy-li-ming", "name": "李明", "role": "member"})
    await publish(spotted)
    task = await task_of(assignment, spotted.subject)
    assert task["assignee"]["id"] == "hy-li-ming" and task["reason"] == "spotted" and task["why"] == "李明发现并接手"
    # someone no longer on the team: routed as usual
    gone = submitted("greening", taken_by={"id": "hy-nobody", "name": "路人", "role": "member"})
    await publish(gone)
    task = await task_of(assignment, gone.subject)
    assert task["reason"] == "area" and task["assignee"]["name"] in {"王淑芬", "孙燕", "韩雪", "施静"}
