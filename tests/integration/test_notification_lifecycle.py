"""Each step of an issue's life tells the right people (issue 5 §3), observed on the real broker."""

from __future__ import annotations

import pytest

from tests.integration.test_notification import (
    CHEN,
    CONTACTS,
    FENG,
    LI,
    PUSH,
    SMS,
    Story,
    body,
    handled,
    hearing,
    lead_appointed,
    notification_service,
    resident,
    texts,
)
from tests.support.broker import publish
from tests.support.clock import shanghai_today
from tests.support.servers import unique


@pytest.fixture
async def notification():
    async with notification_service() as svc:
        yield svc


@pytest.fixture
async def community(notification) -> str:
    """A community of its own (no other test's lead) whose lead is 陈立群."""
    community = unique("nt")
    appointed = lead_appointed(community)
    await publish(appointed)
    await handled(notification, appointed)
    return community


async def sent_for(svc, event) -> list[dict]:
    """The messages the service wrote because of ``event`` (in the same transaction as its inbox record)."""
    await handled(svc, event)
    return [d async for d in svc.runtime.db.messages.find({"event_id": event.id})]


async def test_a_reassignment_is_news_for_the_new_assignee_only(notification, community):
    story = Story(community)
    reassigned = story.assigned(FENG, 3, previous=LI, reason="reassigned", why="陈立群改派：李明休假")
    async with hearing(notification) as probe:
        for event in (story.submitted(), story.assigned(LI, 1), reassigned):
            await publish(event)
        [push] = await probe.wait_for(PUSH, user_id=FENG["id"], issue_id=story.id)
    assert body(push)["title"] == "转派给您" and "陈立群改派：李明休假" in body(push)["body"]
    assert [(d["channel"], d["to"]) for d in await sent_for(notification, reassigned)] == [("push", FENG["id"])]


@pytest.mark.parametrize("reroute_first", [False, True])
async def test_the_lead_hears_who_declined_why_and_to_whom_it_went(notification, community, reroute_first):
    story = Story(community)
    declined = story.declined(LI, 2, reason="不是我的分管")
    rerouted = story.assigned(FENG, 2.001, previous=LI, reason="declined", why="李明退回（不是我的分管）；分管设施维修")
    async with hearing(notification) as probe:
        for event in (story.submitted(), story.assigned(LI, 1), *([rerouted, declined] if reroute_first
                                                                   else [declined, rerouted])):
            await publish(event)
        [to_lead] = await probe.wait_for(PUSH, user_id=CHEN["id"], issue_id=story.id)
        [to_new] = await probe.wait_for(PUSH, user_id=FENG["id"], issue_id=story.id)
    assert body(to_lead)["body"] == f"李明退回了「{story.title}」，原因：不是我的分管。已转给冯磊。"
    assert body(to_new)["title"] == "转派给您"
    # the residents are not told again: the re-route makes the new assignee's push only
    assert [(d["channel"], d["to"]) for d in await sent_for(notification, rerouted)] == [("push", FENG["id"])]


async def test_a_decline_nobody_took_over_reaches_the_lead_after_the_wait(notification, community):
    story = Story(community)
    async with hearing(notification) as probe:
        for event in (story.submitted(), story.assigned(LI, 1), story.declined(LI, 2, reason="我搬家了")):
            await publish(event)
        [push] = await probe.wait_for(PUSH, user_id=CHEN["id"], issue_id=story.id)
    assert body(push)["body"] == f"李明退回了「{story.title}」，原因：我搬家了。暂无队员可接，请您安排。"


async def test_the_property_company_gets_the_task_and_its_answers_go_to_the_member(notification, community):
    story, supporter = Story(community), resident("张先生")
    due, promised = shanghai_today(3), shanghai_today(2)
    facts = (story.submitted(), story.supported(supporter, 1), story.assigned(LI, 2), story.handed(3, due),
             story.property_updated("acknowledged", 4),
             story.property_updated("promised", 5, promised=promised, note="需订购除湿机"),
             story.property_updated("done", 6, note="已加装两台"))
    async with hearing(notification) as probe:
        for event in facts:
            await publish(event)
        contacts = await probe.wait_for(PUSH, count=2, title="服务队转办", issue_id=story.id)
        answers = await probe.wait_for(PUSH, count=4, user_id=LI["id"], issue_id=story.id)  # with the new task
        await probe.wait_for(SMS, count=4, phone=story.reporter["phone"])  # receipt, assigned, handed, promised
        await probe.wait_for(SMS, count=3, phone=supporter["phone"])
        await handled(notification, *facts)
    assert sorted(body(m)["user_id"] for m in contacts) == sorted(CONTACTS)
    assert body(contacts[0])["body"] == (f"{story.place}「{story.title}」：请在A区加装两台除湿机。"
                                         f"请于{due.month}月{due.day}日前处理并回复。")
    assert sorted(body(m)["title"] for m in answers) == ["新派单", "物业已完成", "物业已确认", "物业承诺日期"]
    promise = f"【绣花】您反映的「{story.title}」，春澜物业承诺{promised.month}月{promised.day}日前处理完毕。"
    for person in (story.reporter, supporter):
        assert promise in texts(probe, phone=person["phone"])
        assert any("已转交春澜物业处理" in t for t in texts(probe, phone=person["phone"]))
    assert await notification.runtime.db.messages.count_documents({"to": story.reporter["phone"]}) == 4


async def test_a_rejection_gives_everyone_following_the_issue_its_reason(notification, community):
    story, supporter = Story(community, title="3幢楼道堆满垃圾没人打扫"), resident("王阿姨")
    async with hearing(notification) as probe:
        for event in (story.submitted(), story.supported(supporter, 1),
                      story.rejected(2, reason="经核实为装修垃圾，由装修户自行清运")):
            await publish(event)
        rejected = await probe.wait_for(SMS, count=2, template_id="ISSUE_REJECTED", issue_id=story.id)
    assert {body(m)["phone"] for m in rejected} == {story.reporter["phone"], supporter["phone"]}
    assert body(rejected[0])["text"] == ("【绣花】您反映的「3幢楼道堆满垃圾没人打扫」不予受理，"
                                         "原因：经核实为装修垃圾，由装修户自行清运。")


async def test_a_merge_says_where_it_went_and_the_carried_people_hear_the_other_issue_s_news(notification, community):
    target, duplicate = Story(community, title="地下车库B区指示牌标错了"), Story(community, title="车库B区标识方向错误")
    supporter = resident("赵女士")
    carried = [duplicate.reporter, supporter]
    merged, assigned = duplicate.merged_into(target, 5, carried), target.assigned(LI, 1)
    async with hearing(notification) as probe:
        for event in (target.submitted(), assigned, duplicate.submitted(), duplicate.supported(supporter, 2), merged):
            await publish(event)
        told = await probe.wait_for(SMS, count=2, template_id="ISSUE_MERGED")
        await publish(target.resolved(9, note="物业已更换B区出口指示牌"))
        resolved = await probe.wait_for(SMS, count=3, template_id="ISSUE_RESOLVED", issue_id=target.id)
    assert {body(m)["phone"] for m in told} == {p["phone"] for p in carried}
    assert body(told[0])["text"] == (f"【绣花】您反映的问题已合并到编号{target.number}"
                                     "「地下车库B区指示牌标错了」一并处理，进展会及时告知您。")
    assert {body(m)["phone"] for m in resolved} == {target.reporter["phone"], *(p["phone"] for p in carried)}
    # the carried people joined after the assignment: that news stays the target's reporter's
    told_of_assignment = [(d["channel"], d["to"]) for d in await sent_for(notification, assigned)]
    assert sorted(told_of_assignment) == [("push", LI["id"]), ("sms", target.reporter["phone"])]


async def test_a_reopen_reaches_the_member_who_had_it_and_the_lead(notification, community):
    story = Story(community)
    async with hearing(notification) as probe:
        for event in (story.submitted(), story.assigned(FENG, 1), story.resolved(5, by=FENG),
                      story.reopened(6, reason="还是很潮，墙面返潮")):
            await publish(event)
        [to_lead] = await probe.wait_for(PUSH, user_id=CHEN["id"], issue_id=story.id)
        [to_member] = await probe.wait_for(PUSH, title="问题被重新打开", user_id=FENG["id"], issue_id=story.id)
    assert body(to_lead)["body"] == f"居民重新打开了「{story.title}」（编号{story.number}，第1次）：还是很潮，墙面返潮"
    assert body(to_member)["body"] == f"居民重新打开了您办结的「{story.title}」：还是很潮，墙面返潮。请继续跟进。"


async def test_only_a_dissatisfied_return_visit_reaches_the_lead(notification, community):
    story = Story(community)
    pleased = story.rated(20, "basically_satisfied", solved=True)
    async with hearing(notification) as probe:
        for event in (story.submitted(), story.assigned(LI, 1), pleased, story.rated(21, "dissatisfied",
                                                                                     comment="墙面还在返潮")):
            await publish(event)
        [push] = await probe.wait_for(PUSH, user_id=CHEN["id"], issue_id=story.id)
    assert body(push)["body"] == f"「{story.title}」回访不满意，居民认为问题未解决。留言：墙面还在返潮。"
    assert await sent_for(notification, pleased) == []


async def test_news_for_a_lead_waits_until_the_community_has_one(notification):
    community = unique("nt")
    story = Story(community)
    reopened = story.reopened(6)
    async with hearing(notification) as probe:
        for event in (story.submitted(), story.assigned(LI, 1), story.resolved(5), reopened):
            await publish(event)
        await probe.wait_for(PUSH, title="问题被重新打开", user_id=LI["id"], issue_id=story.id)
        assert [d["to"] for d in await sent_for(notification, reopened)] == [LI["id"]]  # no lead to tell yet
        await publish(lead_appointed(community))
        [push] = await probe.wait_for(PUSH, user_id=CHEN["id"], issue_id=story.id)
    assert body(push)["title"] == "问题被重新打开"
