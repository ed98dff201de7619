"""Respecting people on the real servers: quiet hours at night (with the clock set to a night), an
urgent issue passing them, and a storm of 1,000 updates on one issue becoming a handful of messages.
Nothing is dropped: what waits goes out when its durable timer fires."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import aio_pika

from tests.integration.test_notification import LI, SMS, Story, body, handled, hearing
from tests.support.broker import EXCHANGE, publish
from tests.support.servers import AMQP_URL, eventually, unique
from tests.support.services import running, settings_for, token
from xiuhua_events import clock
from xiuhua_notification.app import create_app
from xiuhua_notification.settings import NotificationSettings
from xiuhua_notification.threads import service as threads

SHANGHAI = ZoneInfo("Asia/Shanghai")


@asynccontextmanager
async def notification_with(**overrides):
    """Notification whose timers fire only when the test fires them (the loop looks once, at start)."""
    settings = settings_for(NotificationSettings, timer_poll_seconds=3600, **overrides)
    async with running(create_app, settings) as svc:
        svc.published = set()
        publish_one = svc.runtime.bus.publish

        async def published(event):
            svc.published.add(event.id)
            await publish_one(event)

        svc.runtime.bus.publish = published
        yield svc


def last_night(hour: int, minute: int = 0) -> datetime:
    """``hour``:``minute`` Shanghai time of a night already past."""
    day = datetime.now(SHANGHAI).date() - timedelta(days=2)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


async def fire(svc, person: str) -> None:
    """Fire the person's release timer as the timer loop would when it falls due: at its due time
    (a morning already past stays a morning, whatever the hour the test runs at)."""
    doc = await svc.runtime.db.timers.find_one({"_id": f"pace-release:{person}", "fired_at": None})
    assert doc is not None, "nothing is waiting to be released"
    with clock.as_of(doc["due_at"]):
        await svc.runtime.timers._fire(doc)


async def test_news_at_night_waits_for_the_morning_and_an_urgent_issue_does_not():
    async with notification_with(quiet_hours="22:00-08:00") as svc:
        community = unique("nq")
        calm, urgent = Story(community), Story(community, title="楼道有燃气味")
        ctx = threads.Notifier(public_url="http://127.0.0.1:8080", decline_wait=timedelta(seconds=1),
                               pace=svc.runtime.settings.pace())
        night = last_night(23, 30)
        urgent_submitted = urgent.submitted()
        urgent_submitted.data["priority"] = "urgent"
        with clock.as_of(night):
            await threads.note(uow=svc.runtime.uow, event=calm.submitted(), ctx=ctx)
            await threads.note(uow=svc.runtime.uow, event=urgent_submitted, ctx=ctx)
        messages = svc.runtime.db.messages
        waiting = await messages.find_one({"issue_id": calm.id})
        morning = datetime.combine(night.astimezone(SHANGHAI).date() + timedelta(days=1), datetime.min.time(),
                                   tzinfo=SHANGHAI).replace(hour=8).astimezone(UTC)
        assert (waiting["status"], waiting["reason"], waiting["not_before"]) == ("pending", "quiet", morning)
        assert (await messages.find_one({"issue_id": urgent.id}))["status"] == "requested"
        timer = await svc.runtime.db.timers.find_one({"_id": f"pace-release:{calm.reporter['sub']}"})
        assert timer["due_at"] == morning and timer["fired_at"] is None  # durable: survives a restart

        lead = token("lead", community)
        log = await svc.client.get(f"/notification/v1/deliveries?issue_id={calm.id}", headers=lead)
        assert [(d["status"], d["reason"]) for d in log.json()["items"]] == [("pending", "quiet")]
        async with hearing(svc) as probe:
            await fire(svc, calm.reporter["sub"])
            [sms] = await probe.wait_for(SMS, issue_id=calm.id)
        assert body(sms)["template_id"] == "ISSUE_RECEIVED" and body(sms)["out_id"] == waiting["_id"]
        assert (await messages.find_one({"_id": waiting["_id"]}))["status"] == "requested"


async def test_a_storm_of_1000_updates_on_one_issue_becomes_a_handful_of_messages():
    async with notification_with(messages_per_hour=3) as svc:
        community = unique("nm")
        rules = {"kinds": [{"kind": "task.progressed", "recipients": {"reporter": ["sms"]}}]}
        r = await svc.client.put(f"/notification/v1/communities/{community}/rules", json=rules,
                                 headers=token("staff", community))
        assert r.status_code == 200
        story = Story(community)
        submitted = story.submitted()
        notes = [story._event("task.progressed", 1 + i / 100, note=f"第{i + 1}次进展", actor={**LI, "role": "member"})
                 for i in range(1000)]
        connection = await aio_pika.connect(AMQP_URL)
        async with connection, hearing(svc) as probe:
            await publish(submitted)
            await handled(svc, submitted)
            channel = await connection.channel(publisher_confirms=True)
            exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
            for event in notes:
                await exchange.publish(event.to_message(), routing_key=event.type)
            await eventually(lambda: _all_in(svc, notes), timeout=300, interval=0.5)
            to_reporter = {"phone": story.reporter["phone"], "issue_id": story.id}
            assert len(probe.of_type(SMS, **to_reporter)) == 3  # the receipt and two notes: the hour's limit
            messages = svc.runtime.db.messages
            assert await messages.count_documents({"issue_id": story.id, "status": "pending"}) == 998

            await fire(svc, story.reporter["sub"])  # an hour later
            digest = await probe.wait_for(SMS, **to_reporter, template_id="ISSUE_DIGEST")
        assert len(probe.of_type(SMS, **to_reporter)) == 4
        assert body(digest[0])["digest_of"] == 998 and "第1000次进展" in body(digest[0])["text"]
        assert await messages.count_documents({"issue_id": story.id, "status": "merged"}) == 998
        assert await messages.count_documents({"issue_id": story.id, "status": "pending"}) == 0


async def test_news_that_waited_is_not_sent_once_the_person_muted_the_issue():
    async with notification_with(quiet_hours="22:00-08:00") as svc:
        story = Story(unique("nq"))
        ctx = threads.Notifier(public_url="http://127.0.0.1:8080", decline_wait=timedelta(seconds=1),
                               pace=svc.runtime.settings.pace())
        with clock.as_of(last_night(23, 30)):
            await threads.note(uow=svc.runtime.uow, event=story.submitted(), ctx=ctx)
        me = token("resident", story.community, sub=story.reporter["sub"], estate="chunlan")
        r = await svc.client.put(f"/notification/v1/preferences/me/muted/{story.id}", headers=me)
        assert r.status_code == 200
        await fire(svc, story.reporter["sub"])  # the morning comes
        [receipt] = (await svc.client.get("/notification/v1/deliveries?person=me", headers=me)).json()["items"]
        assert (receipt["status"], receipt["reason"]) == ("muted", "muted")


async def _all_in(svc, events) -> bool:
    return await svc.runtime.db.inbox.count_documents({"_id": {"$in": [e.id for e in events]}}) == len(events)


async def test_a_held_please_rate_is_dropped_once_the_resident_rated_and_news_still_true_goes_at_eight():
    async with notification_with(quiet_hours="22:00-08:00") as svc:
        community = unique("nq")
        rated, waiting = Story(community), Story(community, title="东侧绿化带花草枯死")
        ctx = threads.Notifier(public_url="http://127.0.0.1:8080", decline_wait=timedelta(seconds=1),
                               pace=svc.runtime.settings.pace())
        for story in (rated, waiting):
            story.start = last_night(20, 0)  # reported and assigned in the evening, told at once
            with clock.as_of(story.start):
                for event in (story.submitted(), story.assigned(LI, 5)):
                    await threads.note(uow=svc.runtime.uow, event=event, ctx=ctx)
            with clock.as_of(last_night(23, 30)):  # resolved at night: "请确认并评价" waits for the morning
                await threads.note(uow=svc.runtime.uow, event=story.resolved(210), ctx=ctx)
        with clock.as_of(last_night(23, 30) + timedelta(hours=4, minutes=52)):  # 04:22: the resident rates
            await threads.note(uow=svc.runtime.uow, event=rated.rated(502, "satisfied", solved=True), ctx=ctx)

        async with hearing(svc) as probe:
            for story in (rated, waiting):
                await fire(svc, story.reporter["sub"])
            [sms] = await probe.wait_for(SMS, issue_id=waiting.id, template_id="ISSUE_RESOLVED")
            assert "请确认并评价" in body(sms)["text"]
            assert probe.of_type(SMS, issue_id=rated.id, template_id="ISSUE_RESOLVED") == []
        me = token("resident", community, sub=rated.reporter["sub"], estate="chunlan")
        mine = (await svc.client.get("/notification/v1/deliveries?person=me", headers=me)).json()["items"]
        latest = mine[0]
        assert (latest["template_id"], latest["status"], latest["reason"], latest["outdated_by"]) == (
            "ISSUE_RESOLVED", "dropped", "outdated", "rated")
        lead = token("lead", community)
        log = (await svc.client.get(f"/notification/v1/deliveries?issue_id={waiting.id}", headers=lead)).json()
        assert [d["status"] for d in log["items"] if d["template_id"] == "ISSUE_RESOLVED"] == ["requested"]
