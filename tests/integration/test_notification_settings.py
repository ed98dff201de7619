"""A community's own rules and wording, people's preferences and the delivery log, through the API
of notification on the real servers."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tests.integration.test_notification import (
    LI,
    SMS,
    Story,
    body,
    handled,
    hearing,
    lead_appointed,
    notification_service,
    resident,
)
from tests.support.broker import publish
from tests.support.servers import unique
from tests.support.services import token
from xiuhua_events import new_event

GROUP = "xiuhua.notification.group.requested.v1"
PUSH = "xiuhua.notification.push.requested.v1"


@pytest.fixture
async def notification():
    async with notification_service() as svc:
        yield svc


@pytest.fixture
def community() -> str:
    return unique("ns")


def progressed(story: Story, minutes: float, note: str = "已联系物业，明天上午处理"):
    return story._event("task.progressed", minutes, note=note, actor={**LI, "role": "member"}, photos=[])


def community_updated(community: str, subdistrict: str = "lizhou"):
    return new_event(type="xiuhua.directory.community_updated.v1", source="/xiuhua/intake", tenant=community, data={
        "community": community, "subdistrict": subdistrict, "name": "花园社区",
        "version": datetime.now(UTC).isoformat(),
        "estates": [{"id": "chunlan", "name": "春澜璟园"}], "property_companies": [], "settings": {},
        "staff": [{"id": f"staff-{community}", "name": "周敏", "phone": "19900000009"}]})


async def test_staff_decide_who_hears_progress_and_the_owners_group_hears_it_without_names(notification, community):
    client, rules = notification.client, f"/notification/v1/communities/{community}/rules"
    r = await client.get(rules, headers=token("lead", community))
    assert r.status_code == 200 and not r.json()["customized"]
    rows = {row["kind"]: row for row in r.json()["kinds"]}
    assert rows["task.progressed"]["recipients"] == {} and rows["task.resolved"]["recipients"] == {
        "reporter": ["sms"], "supporters": ["sms"]}
    change = {"kinds": [{"kind": "task.progressed", "recipients": {"reporter": ["sms"]}, "group": True}]}
    assert (await client.put(rules, json=change, headers=token("lead", community))).status_code == 403
    assert (await client.get(rules, headers=token("staff", "elsewhere"))).status_code == 403
    bad = await client.put(rules, headers=token("staff", community),
                           json={"kinds": [{"kind": "issue.rejected", "recipients": {"property": ["push"]}}]})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_rule"
    assert "物业联系人" in bad.json()["error"]["message"]
    unknown = await client.put(rules, headers=token("staff", community),
                               json={"kinds": [{"kind": "task.progressed", "recipients": {"reporter": ["fax"]}}]})
    assert unknown.status_code == 422
    r = await client.put(rules, json=change, headers=token("staff", community))
    assert r.status_code == 200 and r.json()["customized"]

    story = Story(community)
    note = progressed(story, 5)
    async with hearing(notification) as probe:
        await publish(story.submitted())
        await publish(note)
        [sms] = await probe.wait_for(SMS, template_id="ISSUE_PROGRESSED")
        [post] = await probe.wait_for(GROUP, issue_id=story.id)
    assert body(sms)["phone"] == story.reporter["phone"]
    assert body(sms)["text"].endswith("有新进展：已联系物业，明天上午处理")
    assert body(post)["estate"] == "chunlan" and body(post)["format"] == "markdown"
    assert story.reporter["name"] not in body(post)["text"] and story.reporter["phone"] not in body(post)["text"]

    # the subdistrict's admin may change the rules of its own communities only
    directory = community_updated(community)
    await publish(directory)
    await handled(notification, directory)
    admin = token("admin", None)
    assert (await client.delete(rules, headers=admin)).json()["customized"] is False
    assert (await client.delete(rules, headers=token("admin", None, subdistrict="elsewhere"))).status_code == 403


async def test_staff_reword_a_message_check_it_in_a_preview_and_residents_receive_it(notification, community):
    client = notification.client
    base = f"/notification/v1/communities/{community}/templates"
    listed = (await client.get(base, headers=token("lead", community))).json()["items"]
    received = next(t for t in listed if t["id"] == "ISSUE_RECEIVED")
    assert received["params"] == ["title", "number", "place", "link"] and not received["customized"]
    staff = token("staff", community)
    wording = {**received["wording"], "sms": "【花园社区】已收到「{{ title }}」，编号{{ number }}。",
               "provider_template": "SMS_100200300"}
    sneaky = await client.put(f"{base}/ISSUE_RECEIVED", headers=staff,
                              json={**wording, "sms": "【花园社区】{{ reporter.phone }}"})
    assert sneaky.status_code == 422 and "未知参数：reporter" in sneaky.json()["error"]["message"]
    broken = await client.put(f"{base}/ISSUE_RECEIVED", headers=staff, json={**wording, "sms": "【x】{% if %}"})
    assert broken.status_code == 422 and broken.json()["error"]["details"] == [{"field": "sms"}]
    assert (await client.put(f"{base}/ISSUE_RECEIVED", headers=token("lead", community), json=wording)
            ).status_code == 403
    assert (await client.put(f"{base}/NO_SUCH", headers=staff, json=wording)).status_code == 404

    long = {**wording, "sms": "【花园社区】" + "感谢您的反映，" * 12 + "「{{ title }}」"}
    preview = await client.post(f"{base}/ISSUE_RECEIVED/preview", headers=token("lead", community),
                                json={"wording": long})
    assert preview.status_code == 200
    shown = preview.json()
    assert shown["sms"]["segments"] == 2 and any("超过70字" in w for w in shown["warnings"])
    assert shown["push"]["deep_link"].startswith("https://") and shown["group"]["bytes"] > 0

    saved = await client.put(f"{base}/ISSUE_RECEIVED", headers=staff, json=wording)
    assert saved.status_code == 200 and saved.json()["customized"] and saved.json()["warnings"] == []
    story = Story(community)
    async with hearing(notification) as probe:
        await publish(story.submitted())
        [sms] = await probe.wait_for(SMS, issue_id=story.id)
    assert body(sms)["text"] == f"【花园社区】已收到「{story.title}」，编号{story.number}。"
    assert body(sms)["provider_template"] == "SMS_100200300" and body(sms)["template_id"] == "ISSUE_RECEIVED"
    restored = await client.delete(f"{base}/ISSUE_RECEIVED", headers=staff)
    assert not restored.json()["customized"] and restored.json()["wording"]["sms"].startswith("【绣花】")


async def test_a_template_bomb_is_refused_at_once_on_preview_and_on_save(notification, community):
    client = notification.client
    base = f"/notification/v1/communities/{community}/templates"
    lead, staff = token("lead", community), token("staff", community)
    received = next(t for t in (await client.get(base, headers=lead)).json()["items"] if t["id"] == "ISSUE_RECEIVED")
    default = received["wording"]
    bombs = [("sms", "【绣花】{{ 'a' * 100000000 }}"),
             ("push_body", "{% for a in title %}{% for b in title %}{% for c in title %}{{ a ~ b ~ c }}"
                           "{% endfor %}{% endfor %}{% endfor %}"),
             ("sms", "【绣花】{{ title|replace('', title * 400) }}"),
             ("group", "{{ title }}" + "群" * 1500)]  # 4,500 bytes: over WeCom's 4,096
    for field, source in bombs:
        started = time.perf_counter()
        r = await client.post(f"{base}/ISSUE_RECEIVED/preview", headers=lead, json={"wording": {**default,
                                                                                                  field: source}})
        assert time.perf_counter() - started < 1.0, (field, source)
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] == "invalid_template" and r.json()["error"]["details"] == [{"field": field}]
        saved = await client.put(f"{base}/ISSUE_RECEIVED", headers=staff, json={**default, field: source})
        assert saved.status_code == 422 and saved.json()["error"]["details"] == [{"field": field}]
    listed = (await client.get(base, headers=lead)).json()["items"]
    assert not next(t for t in listed if t["id"] == "ISSUE_RECEIVED")["customized"]  # nothing was kept

    ordinary = {**default,
                "sms": "【花园社区】「{{ title|truncate(12) }}」已收到{% if number %}，编号{{ number }}{% endif %}。"}
    r = await client.post(f"{base}/ISSUE_RECEIVED/preview", headers=lead, json={"wording": ordinary})
    assert r.status_code == 200 and r.json()["sms"]["text"] == "【花园社区】「地下车库A区太潮湿」已收到，编号20250518。"


async def test_people_mute_an_issue_choose_channels_and_read_what_became_of_each_message(notification, community):
    client, story, supporter = notification.client, Story(community), resident("张先生")
    me = token("resident", community, sub=story.reporter["sub"], estate="chunlan")
    fan = token("resident", community, sub=supporter["sub"], estate="chunlan")
    r = await client.put(f"/notification/v1/preferences/me/muted/{story.id}", headers=me)
    assert r.status_code == 200 and r.json()["muted"] == [story.id]
    r = await client.put("/notification/v1/preferences/me", headers=fan, json={"sms": False, "push": True})
    assert r.json() == {"sms": False, "push": True, "muted": [], "digest": False}
    assert (await client.put("/notification/v1/preferences/me", headers=fan, json={"sms": "no"})).status_code == 422

    facts = [story.submitted(), story.supported(supporter, 1), story.assigned(LI, 2)]
    async with hearing(notification) as probe:
        for event in facts:
            await publish(event)
        [push] = await probe.wait_for(PUSH, user_id=supporter["sub"])  # the app instead of SMS
        await handled(notification, *facts)
    assert body(push)["title"] == "问题已派单" and probe.of_type(SMS, issue_id=story.id) == []

    mine = (await client.get("/notification/v1/deliveries?person=me", headers=me)).json()["items"]
    assert {(d["template_id"], d["status"], d["reason"]) for d in mine} == {
        ("ISSUE_RECEIVED", "muted", "muted"), ("ISSUE_ASSIGNED", "muted", "muted")}
    assert all(d["to"] == f"177****{story.reporter['phone'][-4:]}" for d in mine)  # masked, even one's own
    lead = token("lead", community)
    log = (await client.get(f"/notification/v1/deliveries?issue_id={story.id}", headers=lead)).json()["items"]
    assert {(d["channel"], d["status"]) for d in log} == {("sms", "muted"), ("push", "requested")}
    assert story.reporter["phone"] not in str(log)
    for refused in (token("member", community, sub=LI["id"]), token("lead", "elsewhere")):
        r = await client.get(f"/notification/v1/deliveries?issue_id={story.id}", headers=refused)
        assert r.status_code == 403
    assert (await client.get("/notification/v1/deliveries?person=r-other", headers=me)).status_code == 403
    assert (await client.get("/notification/v1/deliveries", headers=me)).status_code == 422
    assert (await client.delete(f"/notification/v1/preferences/me/muted/{story.id}", headers=me)).json()["muted"] == []


async def test_a_roster_event_cannot_move_a_persons_id_to_another_phone(notification, community):
    """A roster event naming the lead's or a staff member's id with another phone (a lead giving a
    new member someone else's id) does not send their messages to that phone."""
    client = notification.client
    change = {"kinds": [{"kind": "task.progressed", "recipients": {"lead": ["sms"], "staff": ["sms"]}}]}
    assert (await client.put(f"/notification/v1/communities/{community}/rules", json=change,
                             headers=token("staff", community))).status_code == 200
    directory = community_updated(community)  # staff-<community>, 19900000009
    appointed = lead_appointed(community)      # 陈立群, 19900000001
    await publish(directory)
    await publish(appointed)
    await handled(notification, directory, appointed)
    taker = "13900007777"
    forged = [lead_appointed(community) for _ in range(2)]
    forged[0].data["phone"] = taker
    forged[1].data |= {"member_id": f"staff-{community}", "name": "冒名者", "phone": taker, "role": "member"}
    for event in forged:
        await publish(event)
    await handled(notification, *forged)

    story = Story(community)
    async with hearing(notification) as probe:
        await publish(story.submitted())
        await publish(progressed(story, 5))
        await probe.wait_for(SMS, count=2, template_id="LEAD_PROGRESSED", issue_id=story.id)
    phones = sorted(body(m)["phone"] for m in probe.of_type(SMS, template_id="LEAD_PROGRESSED", issue_id=story.id))
    assert phones == ["19900000001", "19900000009"]
    assert not probe.of_type(SMS, phone=taker)
