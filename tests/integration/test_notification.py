"""Notification tells residents, members, leads and property contacts, whatever order the facts of an
issue arrive in and however often each is delivered; people read their own messages back."""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.support.broker import Probe, publish
from tests.support.clock import shanghai_today
from tests.support.servers import eventually, unique
from tests.support.services import Running, running, settings_for, token
from xiuhua_events import CloudEvent, new_event
from xiuhua_notification.app import create_app
from xiuhua_notification.settings import NotificationSettings

SMS = "xiuhua.notification.sms.requested.v1"
PUSH = "xiuhua.notification.push.requested.v1"
SYSTEM = {"id": "system", "name": "系统", "role": "system"}
LI = {"id": "nt-li-ming", "name": "李明", "role": "member"}
FENG = {"id": "nt-feng-lei", "name": "冯磊", "role": "member"}
CHEN = {"id": "nt-chen-liqun", "name": "陈立群", "role": "lead"}
COMPANY = {"id": "chunlan-wuye", "name": "春澜物业"}
CONTACTS = ["cl-wuye-wang", "cl-wuye-liu"]


def resident(name: str, *, verified: bool = True) -> dict[str, Any]:
    """A resident as intake names them; ``verified``: they logged in with this phone (it may be texted)."""
    return {"sub": f"r-{uuid.uuid4().hex[:12]}", "name": name, "phone": f"177{random.randrange(10**8):08d}",
            "phone_verified": verified}


class Story:
    """The facts of one issue, as intake and assignment publish them (times ``minutes`` after its start)."""

    def __init__(self, community: str, *, title: str = "车库太潮湿，需要除湿机", place: str = "春澜璟园 地下车库A区"):
        self.id, self.community, self.title, self.place = uuid.uuid4().hex, community, title, place
        self.number = f"{random.randrange(10**8):08d}"
        self.reporter = resident("刘女士")
        self.start = datetime.now(UTC)

    def _event(self, type: str, minutes: float, **data: Any) -> CloudEvent:
        source = "/xiuhua/assignment" if ".task." in type else "/xiuhua/intake"
        at = (self.start + timedelta(minutes=minutes)).isoformat()
        data = {"issue_id": self.id, "community": self.community, **data}
        data.setdefault("assigned_at" if type == "task.assigned" else "at", at)
        return new_event(type=f"xiuhua.{type}.v1", source=source, tenant=self.community, subject=self.id, data=data)

    def submitted(self) -> CloudEvent:
        return self._event("issue.submitted", 0, number=self.number, subdistrict="lizhou", estate="chunlan",
                           place={"estate": "chunlan", "spot": "garage-a"}, place_text=self.place,
                           category="facilities", priority="normal", title=self.title, description="墙面返潮",
                           channel="app", reporter=self.reporter, actor={**self.reporter, "role": "resident"},
                           submitted_at=self.start.isoformat())

    def supported(self, supporter: dict, minutes: float) -> CloudEvent:
        return self._event("issue.supported", minutes, supporter=supporter, supporters=1,
                           actor={"id": supporter["sub"], "name": supporter["name"], "role": "resident"})

    def assigned(self, to: dict, minutes: float, *, previous: dict | None = None, reason: str = "area",
                 why: str = "分管设施维修，在办0件") -> CloudEvent:
        at = self.start + timedelta(minutes=minutes)
        return self._event("task.assigned", minutes, subdistrict="lizhou", estate="chunlan", category="facilities",
                           title=self.title, place_text=self.place, priority="normal", assignee=to,
                           previous_assignee=previous, reason=reason, why=why, reassigned=previous is not None,
                           respond_by=(at + timedelta(hours=24)).isoformat(),
                           resolve_by=(at + timedelta(days=7)).isoformat(), actor=SYSTEM)

    def declined(self, who: dict, minutes: float, reason: str = "不是我的分管") -> CloudEvent:
        return self._event("task.declined", minutes, reason=reason, assignee=who, actor=who)

    def handed(self, minutes: float, due: date, asked: str = "请在A区加装两台除湿机") -> CloudEvent:
        return self._event("task.handed_to_property", minutes, company=COMPANY, contacts=CONTACTS, asked=asked,
                           due_date=due.isoformat(), ack_by=(self.start + timedelta(hours=30)).isoformat(), actor=LI)

    def property_updated(self, kind: str, minutes: float, promised: date | None = None, note: str = "") -> CloudEvent:
        return self._event("task.property_updated", minutes, company=COMPANY, kind=kind, note=note,
                           promised_date=promised.isoformat() if promised else None,
                           actor={"id": "cl-wuye-wang", "name": "王经理", "role": "property"})

    def resolved(self, minutes: float, note: str = "已放置两台除湿机", by: dict = LI) -> CloudEvent:
        return self._event("task.resolved", minutes, note=note, assignee=by, actor=by)

    def rejected(self, minutes: float, reason: str) -> CloudEvent:
        return self._event("issue.rejected", minutes, title=self.title, number=self.number, reason=reason, actor=CHEN)

    def merged_into(self, other: Story, minutes: float, carried: list[dict]) -> CloudEvent:
        return self._event("issue.merged", minutes, into=other.id, into_number=other.number,
                           into_title=other.title, carried=carried, reason="同一处", actor=CHEN)

    def reopened(self, minutes: float, reason: str = "还是很潮", count: int = 1) -> CloudEvent:
        return self._event("issue.reopened", minutes, title=self.title, number=self.number, reason=reason,
                           reopen_count=count, actor={**self.reporter, "role": "resident"})

    def rated(self, minutes: float, satisfaction: str, solved: bool = False, comment: str = "") -> CloudEvent:
        return self._event("issue.rated", minutes, solved=solved, satisfaction=satisfaction, comment=comment,
                           actor={**self.reporter, "role": "resident"})


def lead_appointed(community: str, lead: dict = CHEN) -> CloudEvent:
    return new_event(type="xiuhua.team.member_updated.v1", source="/xiuhua/assignment", tenant=community, data={
        "community": community, "subdistrict": "lizhou", "member_id": lead["id"], "name": lead["name"],
        "phone": "19900000001", "role": "lead", "active": True, "areas": [], "version": datetime.now(UTC).isoformat()})


def body(message) -> dict[str, Any]:
    return json.loads(message.body)


class Heard:
    """What a gateway receives from *this* notification instance: other instances on the shared
    broker (another test's, an e2e stack) answer the same facts with messages of their own."""

    def __init__(self, probe: Probe, svc: Running) -> None:
        self.probe, self.svc = probe, svc

    def of_type(self, event_type: str, **match: Any) -> list:
        return [m for m in self.probe.of_type(event_type, **match) if m.headers["ce-id"] in self.svc.published]

    async def wait_for(self, event_type: str, count: int = 1, timeout: float = 10.0, **match: Any) -> list:
        async def enough():
            found = self.of_type(event_type, **match)
            return found if len(found) >= count else None

        return await eventually(enough, timeout=timeout)


@asynccontextmanager
async def hearing(svc: Running) -> AsyncIterator[Heard]:
    async with Probe(["xiuhua.notification.#"]) as probe:
        yield Heard(probe, svc)


def texts(heard: Heard, **match: Any) -> list[str]:
    return [body(m).get("text") or body(m).get("body") for m in heard.of_type(SMS, **match)]


async def handled(svc, *events: CloudEvent) -> None:
    """Wait until the service has taken each event (its inbox record is written with its messages)."""
    ids = [e.id for e in events]
    await eventually(lambda: _count(svc.runtime.db.inbox, {"_id": {"$in": ids}}, len(ids)))


async def _count(collection, query: dict, want: int) -> bool:
    return await collection.count_documents(query) >= want


@asynccontextmanager
async def notification_service() -> AsyncIterator[Running]:
    """Notification in-process; ``svc.outcomes``: how its bus took each delivery; ``svc.published``:
    the ids of the events it published."""
    settings = settings_for(NotificationSettings, decline_wait_seconds=1.0, timer_poll_seconds=0.2)
    async with running(create_app, settings) as svc:
        bus = svc.runtime.bus
        svc.outcomes, svc.published = [], set()
        recorded, publish_one = bus.on_processed, bus.publish

        def record(event_type: str, outcome: str) -> None:
            svc.outcomes.append((event_type, outcome))
            recorded(event_type, outcome)

        async def published(event: CloudEvent) -> None:
            svc.published.add(event.id)
            await publish_one(event)

        bus.on_processed, bus.publish = record, published
        yield svc


@pytest.fixture
async def notification():
    async with notification_service() as svc:
        yield svc


@pytest.fixture
def community() -> str:
    return unique("nt")


@pytest.mark.parametrize("in_order", [True, False], ids=["in_order", "reversed"])
async def test_every_fact_twice_in_any_order_makes_each_message_once(notification, community, in_order):
    story, supporter = Story(community), resident("张先生")
    facts = [story.submitted(), story.supported(supporter, 1), story.assigned(LI, 2),
             story.handed(5, shanghai_today(3)), story.resolved(10)]
    async with hearing(notification) as probe:
        for event in (facts if in_order else reversed(facts)):
            await publish(event, times=2)  # a redelivery of each
        await probe.wait_for(SMS, count=4, phone=story.reporter["phone"], issue_id=story.id)
        await probe.wait_for(SMS, count=3, phone=supporter["phone"], issue_id=story.id)
        await probe.wait_for(PUSH, count=3, issue_id=story.id)
        await eventually(lambda: {(f.type, "duplicate") for f in facts} <= set(notification.outcomes))
        await handled(notification, *facts)
    heard = {body(m)["template_id"]: body(m)["text"] for m in probe.of_type(SMS, phone=story.reporter["phone"])}
    assert sorted(heard) == ["ISSUE_ASSIGNED", "ISSUE_HANDED", "ISSUE_RECEIVED", "ISSUE_RESOLVED"]
    assert f"编号{story.number}" in heard["ISSUE_RECEIVED"] and "已派给服务队队员李明" in heard["ISSUE_ASSIGNED"]
    assert "已转交春澜物业处理" in heard["ISSUE_HANDED"] and "已办结：已放置两台除湿机" in heard["ISSUE_RESOLVED"]
    # supporters hear the same words (not the receipt, which is the reporter's own)
    news = sorted(text for template, text in heard.items() if template != "ISSUE_RECEIVED")
    assert sorted(texts(probe, phone=supporter["phone"])) == news
    pushes = sorted((body(m)["user_id"], body(m)["title"]) for m in probe.of_type(PUSH, issue_id=story.id))
    assert pushes == [("cl-wuye-liu", "服务队转办"), ("cl-wuye-wang", "服务队转办"), ("nt-li-ming", "新派单")]
    assert len(probe.of_type(SMS, issue_id=story.id)) == 7 and await notification.runtime.db.messages.count_documents(
        {"issue_id": story.id}) == 10


async def test_messages_wait_for_the_reporter_and_carry_the_correlation_of_their_fact(notification, community):
    story = Story(community)
    resolved, assigned = story.resolved(10), story.assigned(LI, 2)
    async with hearing(notification) as probe:
        await publish(resolved)
        await publish(assigned)
        await probe.wait_for(PUSH, user_id=LI["id"], issue_id=story.id)
        await handled(notification, resolved, assigned)
        assert probe.of_type(SMS, issue_id=story.id) == []  # nobody to tell yet
        submitted = story.submitted()
        await publish(submitted)
        sms = await probe.wait_for(SMS, count=3, issue_id=story.id)
    by_template = {body(m)["template_id"]: m for m in sms}  # released together: in no particular order
    assert {t: m.headers["ce-correlationid"] for t, m in by_template.items()} == {
        "ISSUE_RECEIVED": submitted.correlationid, "ISSUE_ASSIGNED": assigned.correlationid,
        "ISSUE_RESOLVED": resolved.correlationid}
    assert body(by_template["ISSUE_RESOLVED"])["text"].endswith(
        f"请确认并评价：http://127.0.0.1:8080/#/issues/{story.id}")


async def test_people_read_their_own_messages_and_the_team_reads_the_community_s(notification, community):
    story, supporter = Story(community), resident("张先生")
    for event in (story.submitted(), story.supported(supporter, 1), story.assigned(LI, 2)):
        await publish(event)
    messages = notification.runtime.db.messages
    await eventually(lambda: _count(messages, {"issue_id": story.id}, 4))
    client = notification.client

    async def mine(**claims: Any) -> list[dict]:
        r = await client.get("/notification/v1/messages/mine", headers=token(community=community, **claims))
        assert r.status_code == 200, r.text
        return r.json()["items"]

    reporter = await mine(role="resident", sub=story.reporter["sub"], estate="chunlan")
    assert [m["template_id"] for m in reporter] == ["ISSUE_ASSIGNED", "ISSUE_RECEIVED"]  # newest first
    assert reporter[0]["to"] == story.reporter["phone"]  # their own number, unmasked
    assert [m["template_id"] for m in await mine(role="resident", sub=supporter["sub"])] == ["ISSUE_ASSIGNED"]
    [push] = await mine(role="member", sub=LI["id"])
    assert (push["channel"], push["title"], push["deep_link"]) == (
        "push", "新派单", f"http://127.0.0.1:8080/#/issues/{story.id}")
    assert await mine(role="resident", sub="r-someone-else") == []
    r = await client.get("/notification/v1/messages/mine")
    assert r.status_code == 401

    log = await client.get(f"/notification/v1/messages?community={community}&issue_id={story.id}",
                           headers=token("lead", community))
    assert len(log.json()["items"]) == 4 and {m["to"] for m in log.json()["items"] if m["channel"] == "sms"} == {
        story.reporter["phone"], supporter["phone"]}  # the lead may call residents back
    other = await client.get(f"/notification/v1/messages?community={community}", headers=token("admin", None))
    assert {m["to"] for m in other.json()["items"] if m["channel"] == "sms"} == {
        f"177****{story.reporter['phone'][-4:]}", f"177****{supporter['phone'][-4:]}"}
    refused = await client.get(f"/notification/v1/messages?community={community}",
                               headers=token("member", community, sub=LI["id"]))
    assert refused.status_code == 403


async def test_gateway_receipts_mark_messages_delivered_once(notification, community):
    story = Story(community)
    await publish(story.submitted())
    messages = notification.runtime.db.messages
    out_id = (await eventually(lambda: messages.find_one({"channel": "sms", "issue_id": story.id})))["_id"]
    gateway = token("gateway", None)
    async with Probe(["xiuhua.notification.delivered.v1"]) as probe:
        for _ in range(2):
            r = await notification.client.post("/notification/v1/receipts", headers=gateway,
                                               json={"out_id": out_id, "status": "delivered"})
            assert r.status_code == 200 and r.json()["status"] == "delivered"
        await probe.wait_for("xiuhua.notification.delivered.v1", out_id=out_id)
    assert len(probe.of_type("xiuhua.notification.delivered.v1", out_id=out_id)) == 1
    r = await notification.client.post("/notification/v1/receipts", headers=token("lead", community),
                                       json={"out_id": out_id, "status": "failed"})
    assert r.status_code == 403
    other_subdistrict = token("gateway", None, subdistrict="elsewhere")
    r = await notification.client.post("/notification/v1/receipts", headers=other_subdistrict,
                                       json={"out_id": out_id, "status": "failed"})
    assert r.status_code == 403


async def test_staff_hear_at_once_of_a_report_nobody_can_take(notification, community):
    story = Story(community, title="北门道闸坏了")
    unrouted = story._event("task.unrouted", 1, subdistrict="lizhou", estate="chunlan", category="facilities",
                            title=story.title, why="无人分管设施维修，服务队也没有在岗的队长",
                            to=["hy-staff-lin", "hy-staff-zhou"])
    async with hearing(notification) as probe:
        await publish(unrouted, times=2)
        pushes = await probe.wait_for(PUSH, count=2, issue_id=story.id)
        await handled(notification, unrouted)
    assert sorted(body(m)["user_id"] for m in pushes) == ["hy-staff-lin", "hy-staff-zhou"]
    assert {(body(m)["title"], body(m)["body"]) for m in pushes} == {
        ("无人接单", "「北门道闸坏了」无人可接：无人分管设施维修，服务队也没有在岗的队长。请尽快安排队员接手。")}
    assert all(body(m)["deep_link"].endswith(f"/#/issues/{story.id}") for m in pushes)
    assert len(probe.of_type(PUSH, issue_id=story.id)) == 2  # once each, though delivered twice


async def test_the_reporter_hears_once_that_a_report_nobody_can_take_waits_for_the_team(notification, community):
    story = Story(community, title="北门道闸坏了")

    def unrouted(minutes: float):
        return story._event("task.unrouted", minutes, subdistrict="lizhou", estate="chunlan", category="facilities",
                            title=story.title, why="无人分管设施维修，服务队也没有在岗的队长", to=["hy-staff-lin"])

    first, again = unrouted(1), unrouted(30)  # again: the member who took it meanwhile handed it back
    async with hearing(notification) as probe:
        await publish(story.submitted())
        await probe.wait_for(SMS, issue_id=story.id, template_id="ISSUE_RECEIVED")
        await publish(first, times=2)
        [waiting] = await probe.wait_for(SMS, issue_id=story.id, template_id="ISSUE_WAITING")
        await publish(again)
        await probe.wait_for(PUSH, count=2, issue_id=story.id, user_id="hy-staff-lin")
        await handled(notification, first, again)
    assert body(waiting)["phone"] == story.reporter["phone"]
    assert body(waiting)["text"] == "【绣花】您反映的问题「北门道闸坏了」正在等待服务队分派，派单后会及时告知您。"
    assert len(probe.of_type(SMS, issue_id=story.id, template_id="ISSUE_WAITING")) == 1
