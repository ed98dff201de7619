"""Notification texts only phones that proved to be their owner's, on the real servers: a report
naming someone else's phone sends that phone nothing (the deliveries log keeps it as "unverified"),
the same phone hears the news once its owner logs in with it, and the evening digest never goes to
a phone a report merely gave."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration.test_notification import LI, SMS, Story, handled, hearing, notification_service, resident
from tests.integration.test_notification_settings import community_updated
from tests.support.broker import publish
from tests.support.servers import unique
from tests.support.services import token
from xiuhua_events import new_event


def logged_in(community: str, person_id: str, phone: str):
    """What intake announces when someone logs in with a code sent to ``phone``."""
    return new_event(type="xiuhua.auth.phone_verified.v1", source="/xiuhua/intake", tenant=community, data={
        "person_id": person_id, "phone": phone, "role": "resident", "community": community,
        "subdistrict": "lizhou", "at": datetime.now(UTC).isoformat()})


async def take(svc, *events) -> None:
    for event in events:
        await publish(event)
    await handled(svc, *events)


async def test_a_report_naming_a_stranger_s_phone_texts_it_nothing_until_its_owner_logs_in():
    async with notification_service() as svc, hearing(svc) as heard:
        community = unique("nv")
        story = Story(community)
        story.reporter = resident("刘女士", verified=False)  # a phone the resident typed: not theirs
        stranger = story.reporter["phone"]
        await take(svc, story.submitted())
        receipt = await svc.runtime.db.messages.find_one({"issue_id": story.id, "template_id": "ISSUE_RECEIVED"})
        assert (receipt["channel"], receipt["to"], receipt["status"], receipt["reason"]) == (
            "sms", stranger, "muted", "unverified")
        lead = token("lead", community)
        log = (await svc.client.get(f"/notification/v1/deliveries?issue_id={story.id}", headers=lead)).json()
        assert [(d["to"], d["status"], d["reason"]) for d in log["items"]] == [
            (f"{stranger[:3]}****{stranger[-4:]}", "muted", "unverified")]  # the lead calls back instead

        await take(svc, logged_in(community, "r-owner", stranger))  # its owner logs in with it
        await take(svc, story.assigned(LI, 2))
        [assigned] = await heard.wait_for(SMS, phone=stranger, issue_id=story.id)
        assert "已派给服务队队员李明" in assigned.body.decode()
        assert [m.headers["ce-id"] for m in heard.of_type(SMS, phone=stranger)] == [assigned.headers["ce-id"]]
        # the old news stays unsent: nobody's phone gets a receipt of a report they did not make
        again = await svc.runtime.db.messages.find_one({"_id": receipt["_id"]})
        assert (again["status"], again["reason"]) == ("muted", "unverified")


async def test_the_evening_digest_goes_only_to_a_phone_proven_the_subscriber_s_own():
    async with notification_service() as svc:
        community = unique("nv")
        story = Story(community, title="北门路灯不亮")
        story.reporter = resident("刘女士", verified=False)
        stranger = story.reporter["phone"]
        await take(svc, community_updated(community), story.submitted())
        resident_token = token("resident", community, sub=story.reporter["sub"], estate="chunlan")
        r = await svc.client.put("/notification/v1/preferences/me", headers=resident_token,
                                 json={"sms": True, "push": True, "digest": True})
        assert r.status_code == 200 and r.json()["digest"] is True
        timer = await svc.runtime.db.timers.find_one({"_id": f"daily-post:{community}:chunlan"})
        await svc.runtime.timers._fire(timer)  # the evening comes: the subscriber has no proven phone yet
        digests = svc.runtime.db.messages.find({"template_id": "DAILY_PROGRESS", "community": community})
        assert [d async for d in digests] == []

        own = f"175{stranger[3:]}"
        await take(svc, logged_in(community, story.reporter["sub"], own))  # they log in with their own phone
        tomorrow = await svc.runtime.db.timers.find_one({"_id": f"daily-post:{community}:chunlan"})
        await svc.runtime.timers._fire(tomorrow)
        digests = svc.runtime.db.messages.find({"template_id": "DAILY_PROGRESS", "community": community})
        assert [(d["channel"], d["to"], d["status"]) async for d in digests] == [("sms", own, "requested")]
