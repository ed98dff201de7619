"""An estate's owners' group through its WeCom robot, against a local robot speaking WeCom's webhook
protocol: posts within 20 a minute with the rest batched, 45009 backs off, 93000 disables the robot
and tells staff, and no post carries a name or a phone number."""

from __future__ import annotations

from datetime import timedelta

from tests.integration.test_notification import LI, Story, handled
from tests.integration.test_notification_pace import notification_with
from tests.integration.test_notification_settings import community_updated, progressed
from tests.support.broker import publish
from tests.support.servers import unique
from tests.support.services import token
from tests.support.wecom import wecom_robot


async def fire_robot(svc, community: str, estate: str = "chunlan") -> bool:
    """Fire the estate's robot timer as the timer loop would; whether it was set."""
    doc = await svc.runtime.db.timers.find_one({"_id": f"robot-flush:{community}:{estate}", "fired_at": None})
    if doc is not None:
        await svc.runtime.timers._fire(doc)
    return doc is not None


async def setup(svc, robot_url: str, **robot) -> str:
    community = unique("nr")
    staff = token("staff", community)
    rules = {"kinds": [{"kind": "task.progressed", "recipients": {}, "group": True}]}
    assert (await svc.client.put(f"/notification/v1/communities/{community}/rules", json=rules,
                                 headers=staff)).status_code == 200
    r = await svc.client.put(f"/notification/v1/communities/{community}/estates/chunlan/robot", headers=staff,
                             json={"kind": "wecom", "url": robot_url} | robot)
    assert r.status_code == 200, r.text
    return community


async def news(svc, community: str, count: int) -> list[Story]:
    stories = [Story(community, title=f"{n + 1}号路灯不亮") for n in range(count)]
    events = [e for s in stories for e in (s.submitted(), progressed(s, 1, note="已报修，明天更换灯泡"))]
    for event in events:
        await publish(event)
    await handled(svc, *events)
    return stories


async def test_group_news_goes_out_20_a_minute_and_the_rest_in_one_batched_post():
    async with wecom_robot("k-chunlan") as robot, notification_with(messages_per_hour=100,
                                                                    robot_hosts="127.0.0.1") as svc:
        community = unique("nr")
        staff = token("staff", community)
        bad = await svc.client.put(f"/notification/v1/communities/{community}/estates/chunlan/robot", headers=staff,
                                   json={"url": "https://example.com/cgi-bin/webhook/send?key=x"})
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_webhook"
        community = await setup(svc, robot.url("k-chunlan"))
        listed = await svc.client.get(f"/notification/v1/communities/{community}/robots",
                                      headers=token("lead", community))
        assert listed.json()["items"][0]["url"].endswith("key=k-ch****")

        stories = await news(svc, community, 25)
        assert await fire_robot(svc, community)
        posts = robot.posts["k-chunlan"]
        assert robot.answers == [0] * 20 and len(posts) == 20  # the minute's limit, never refused
        assert posts[-1].count("已报修，明天更换灯泡") == 6 and "---" in posts[-1]  # the last one carries the rest
        for s in stories:
            assert s.reporter["name"] not in "".join(posts) and s.reporter["phone"] not in "".join(posts)
        group = {"channel": "group", "community": community}
        assert await svc.runtime.db.messages.count_documents({**group, "status": "delivered"}) == 25

        await news(svc, community, 1)  # a 26th within the same minute waits for the next one
        assert await fire_robot(svc, community)
        assert len(robot.posts["k-chunlan"]) == 20
        waiting = await svc.runtime.db.timers.find_one({"_id": f"robot-flush:{community}:chunlan"})
        assert waiting["fired_at"] is None  # set again for when the minute frees a slot


async def test_a_rate_limited_robot_backs_off_and_an_invalid_one_is_disabled_and_staff_told():
    async with wecom_robot("k-busy") as robot, notification_with(robot_hosts="127.0.0.1") as svc:
        robot.times["k-busy"] = [float("inf")] * 20  # another sender has used this robot's minute
        community = await setup(svc, robot.url("k-busy"))
        await news(svc, community, 1)
        assert await fire_robot(svc, community)
        assert robot.answers == [45009]
        message = await svc.runtime.db.messages.find_one({"channel": "group", "community": community})
        assert message["status"] == "requested"  # still waiting, not lost
        hook = await svc.runtime.db.robots.find_one({"community": community})
        timer = await svc.runtime.db.timers.find_one({"_id": f"robot-flush:{community}:chunlan"})
        assert timer["fired_at"] is None and timer["due_at"] == hook["backoff_until"]

        gone = await setup(svc, robot.url("k-removed"))  # a webhook WeCom no longer knows
        directory = community_updated(gone)
        await publish(directory)
        await handled(svc, directory)
        await news(svc, gone, 1)
        assert await fire_robot(svc, gone)
        hook = (await svc.client.get(f"/notification/v1/communities/{gone}/robots",
                                     headers=token("staff", gone))).json()["items"][0]
        assert hook["enabled"] is False and hook["disabled_reason"].startswith("93000")
        told = await svc.runtime.db.messages.find_one({"template_id": "ROBOT_DISABLED", "community": gone})
        assert told["to"] == f"staff-{gone}" and told["channel"] == "push" and "已失效" in told["text"]
        post = await svc.runtime.db.messages.find_one({"channel": "group", "community": gone})
        assert (post["status"], post["error_code"]) == ("failed", "93000")


async def test_each_evening_the_estate_s_group_hears_the_day_s_progress():
    async with wecom_robot("k-evening") as robot, notification_with(robot_hosts="127.0.0.1") as svc:
        community = await setup(svc, robot.url("k-evening"))
        directory = community_updated(community)
        await publish(directory)
        await handled(svc, directory)
        timer = await svc.runtime.db.timers.find_one({"_id": f"daily-post:{community}:chunlan"})
        assert timer is not None and timer["fired_at"] is None  # set with the robot, for this evening
        done, open_ = Story(community, title="北门路灯不亮"), Story(community, title="车库太潮湿")
        for story in (done, open_):  # the day of the post (at 23:30 the next evening is tomorrow's)
            story.start = timer["due_at"] - timedelta(hours=2)
        events = [done.submitted(), done.resolved(5, note="已换灯泡"), open_.submitted(), open_.assigned(LI, 2)]
        for event in events:
            await publish(event)
        await handled(svc, *events)

        await svc.runtime.timers._fire(timer)  # the evening comes
        assert await fire_robot(svc, community)
        [post] = robot.posts["k-evening"]
        assert post.startswith("**春澜璟园 今日服务进展**\n> 今日新增 2 件、办结 1 件、处理中 1 件")
        assert "- 已办结：「北门路灯不亮」" in post and "- 处理中：「车库太潮湿」" in post
        assert done.reporter["name"] not in post and done.reporter["phone"] not in post
        tomorrow = await svc.runtime.db.timers.find_one({"_id": f"daily-post:{community}:chunlan"})
        assert tomorrow["fired_at"] is None and tomorrow["due_at"] > timer["due_at"]


async def test_a_resident_s_link_or_mention_reaches_the_group_as_plain_text_by_day_and_in_the_evening():
    async with wecom_robot("k-plain") as robot, notification_with(robot_hosts="127.0.0.1") as svc:
        community = await setup(svc, robot.url("k-plain"))
        directory = community_updated(community)
        await publish(directory)
        await handled(svc, directory)
        story = Story(community, title="[领取补贴](https://evil.example/x)<@all>", place="春澜璟园 # 北门")
        events = [story.submitted(), progressed(story, 1, note='**官方通知** <font color="warning">点链接</font>')]
        for event in events:
            await publish(event)
        await handled(svc, *events)
        assert await fire_robot(svc, community)
        [post] = robot.posts["k-plain"]
        # the wording's own markdown stays; the words typed in it are plain text
        assert post == ("**新进展**「［领取补贴］(https://evil.example/x)＜＠all＞」\n"
                        "> ＊＊官方通知＊＊ ＜font color=\"warning\"＞点链接＜/font＞")

        timer = await svc.runtime.db.timers.find_one({"_id": f"daily-post:{community}:chunlan"})
        await svc.runtime.timers._fire(timer)  # the evening comes
        assert await fire_robot(svc, community)
        evening = robot.posts["k-plain"][1]
        assert "- 处理中：「［领取补贴］(https://evil.example/x)＜＠all＞」（春澜璟园 ＃ 北门）" in evening
        assert "[领取补贴]" not in evening and "<@all>" not in evening and "# 北门" not in evening


async def test_dingtalk_and_feishu_bots_get_signed_posts_and_a_wrong_secret_fails():
    async with wecom_robot() as robot, notification_with(robot_hosts="127.0.0.1") as svc:
        robot.secrets = {"dt-token": "SECdingtalk", "fs-token": "feishu-secret"}
        ding = await setup(svc, robot.dingtalk_url("dt-token"), kind="dingtalk", secret="SECdingtalk")
        lark = await setup(svc, robot.feishu_url("fs-token"), kind="feishu", secret="feishu-secret")
        wrong = await setup(svc, robot.feishu_url("fs-token"), kind="feishu", secret="not-the-secret")
        listed = (await svc.client.get(f"/notification/v1/communities/{ding}/robots",
                                       headers=token("staff", ding))).json()["items"]
        assert listed[0]["signed"] is True and "SECdingtalk" not in str(listed)
        for community in (ding, lark, wrong):
            await news(svc, community, 1)
            assert await fire_robot(svc, community)
        assert robot.answers == [0, 0, 19021]
        assert "已报修，明天更换灯泡" in robot.posts["dt-token"][0] and len(robot.posts["fs-token"]) == 1
        failed = await svc.runtime.db.messages.find_one({"channel": "group", "community": wrong})
        assert (failed["status"], failed["error_code"]) == ("failed", "19021")


async def test_a_resident_who_subscribes_gets_the_evening_digest_by_sms_without_any_robot():
    async with notification_with() as svc:
        community = unique("nd")
        directory = community_updated(community)
        await publish(directory)
        await handled(svc, directory)
        story = Story(community, title="北门路灯不亮")
        prefs = "/notification/v1/preferences/me"
        refused = await svc.client.put(prefs, headers=token("staff", community),
                                       json={"sms": True, "push": True, "digest": True})
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "no_estate"
        resident = token("resident", community, sub=story.reporter["sub"], estate="chunlan")
        r = await svc.client.put(prefs, headers=resident, json={"sms": True, "push": True, "digest": True})
        assert r.status_code == 200 and r.json()["digest"] is True
        timer = await svc.runtime.db.timers.find_one({"_id": f"daily-post:{community}:chunlan"})
        assert timer is not None and timer["fired_at"] is None  # set by the subscription: there is no robot
        story.start = timer["due_at"] - timedelta(hours=2)  # the day of the digest, whatever the hour now
        events = [story.submitted(), story.resolved(5, note="已换灯泡")]
        for event in events:
            await publish(event)
        await handled(svc, *events)

        await svc.runtime.timers._fire(timer)  # the evening comes
        [sms] = [m async for m in svc.runtime.db.messages.find({"template_id": "DAILY_PROGRESS",
                                                                 "community": community})]
        assert (sms["channel"], sms["to"]) == ("sms", story.reporter["phone"])
        assert sms["text"] == "【绣花】春澜璟园今日新增1件、办结1件、处理中0件。"

        # unsubscribed, and no robot: the next evening tells nobody, and the job stops
        await svc.client.put(prefs, headers=resident, json={"sms": True, "push": True, "digest": False})
        tomorrow = await svc.runtime.db.timers.find_one({"_id": f"daily-post:{community}:chunlan"})
        assert tomorrow["due_at"] > timer["due_at"]
        await svc.runtime.timers._fire(tomorrow)
        stopped = await svc.runtime.db.timers.find_one({"_id": f"daily-post:{community}:chunlan"})
        assert stopped["fired_at"] is not None and stopped["due_at"] == tomorrow["due_at"]  # not set again
        assert await svc.runtime.db.messages.count_documents({"template_id": "DAILY_PROGRESS",
                                                              "community": community}) == 1
