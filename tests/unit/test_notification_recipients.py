"""Who hears what, whatever order the facts of an issue arrive in (threads: facts → plan, no I/O)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from xiuhua_notification import events
from xiuhua_notification.messages.outgoing import Outgoing
from xiuhua_notification.threads import facts
from xiuhua_notification.threads.model import Fact, Thread
from xiuhua_notification.threads.plan import needs_leads, plan

T0 = datetime(2025, 5, 18, 2, 0, tzinfo=UTC)
URL = "https://xiuhua.example.cn"
ISSUE = "0123456789abcdef0123456789abcdef"
# residents who logged in with their phones (proven theirs: they may be texted)
REPORTER = {"sub": "r-liu", "name": "刘女士", "phone": "13800001234", "phone_verified": True}
ZHANG = {"sub": "r-zhang", "name": "张先生", "phone": "13800005678", "phone_verified": True}
LI = {"id": "hy-li-ming", "name": "李明"}
FENG = {"id": "hy-feng-lei", "name": "冯磊"}
_ids = itertools.count(1)


def apply(thread: Thread, event_type: str, minutes: float, **data) -> str:
    """Record one fact ``minutes`` after T0; its event id."""
    reader, record = facts.FACTS[event_type]
    event_id = f"e{next(_ids)}"
    payload = reader.model_validate({"issue_id": thread.id, "community": "huayuan", **data})
    record(thread, payload, Fact(event_id=event_id, correlationid=event_id, at=T0 + timedelta(minutes=minutes)))
    return event_id


def submit(thread: Thread, minutes: float = 0) -> str:
    return apply(thread, events.ISSUE_SUBMITTED, minutes, subdistrict="lizhou", number="20250518",
                 title="车库太潮湿", place_text="地下车库A区", reporter=REPORTER)


def assign(thread: Thread, minutes: float, to: dict, previous: dict | None = None, reason: str = "area",
           why: str = "分管设施维修，在办0件") -> str:
    return apply(thread, events.TASK_ASSIGNED, minutes, title="车库太潮湿", place_text="地下车库A区", assignee=to,
                 previous_assignee=previous, reason=reason, why=why, reassigned=previous is not None,
                 assigned_at=(T0 + timedelta(minutes=minutes)).isoformat())


def new_thread() -> Thread:
    return Thread(id=ISSUE, community="huayuan")


def sent(thread: Thread, leads: list[str] = (), already: set[str] | None = None) -> list[Outgoing]:
    """What a plan sends now, leaving out what an earlier plan sent (as the message log does)."""
    out = [o for o in plan(thread, leads=leads, public_url=URL) if already is None or o.out_id not in already]
    if already is not None:
        already.update(o.out_id for o in out)
    return out


def who(out: list[Outgoing]) -> list[tuple[str, str, str]]:
    return [(o.channel, o.to, o.message.template_id) for o in out]


def test_the_reporter_gets_a_receipt_with_the_issue_number():
    thread = new_thread()
    submit(thread)
    [receipt] = sent(thread)
    assert (receipt.channel, receipt.to, receipt.to_sub) == ("sms", "13800001234", "r-liu")
    assert receipt.message.text == "【绣花】已收到您反映的「车库太潮湿」，编号20250518，服务队会尽快处理。"


def test_the_first_assignment_is_news_for_residents_and_the_assignee_a_reassignment_only_for_the_new_one():
    thread, log = new_thread(), set()
    submit(thread)
    apply(thread, events.ISSUE_SUPPORTED, 1, supporter=ZHANG)
    sent(thread, already=log)
    assign(thread, 2, LI)
    assert who(sent(thread, already=log)) == [("sms", "13800001234", "ISSUE_ASSIGNED"),
                                              ("sms", "13800005678", "ISSUE_ASSIGNED"),
                                              ("push", "hy-li-ming", "TASK_ASSIGNED")]
    assign(thread, 3, FENG, previous=LI, reason="reassigned", why="陈立群改派")
    [push] = sent(thread, already=log)
    assert (push.to, push.message.template_id) == ("hy-feng-lei", "TASK_REASSIGNED")
    assert "陈立群改派" in push.message.text and push.deep_link == f"{URL}/#/issues/{ISSUE}"


def test_supporters_hear_what_happens_after_they_joined_even_when_their_support_arrives_late():
    thread, log = new_thread(), set()
    submit(thread)
    assign(thread, 1, LI)
    apply(thread, events.TASK_RESOLVED, 10, note="已放置两台除湿机", assignee=LI)
    assert [o.to for o in sent(thread, already=log) if o.channel == "sms"] == ["13800001234"] * 3
    apply(thread, events.ISSUE_SUPPORTED, 5, supporter=ZHANG)  # supported before the resolution
    late = sent(thread, already=log)
    assert who(late) == [("sms", "13800005678", "ISSUE_RESOLVED")]  # not the receipt, not the assignment


def test_a_resolution_before_the_submission_waits_for_the_reporter_then_both_go_in_order():
    thread = new_thread()
    apply(thread, events.TASK_RESOLVED, 10, note="已放置两台除湿机", assignee=LI)
    assert sent(thread) == []  # neither the reporter nor the title is known yet
    submit(thread)
    receipt, resolved = sent(thread)
    assert receipt.message.template_id == "ISSUE_RECEIVED"
    assert resolved.message.text.startswith("【绣花】您反映的「车库太潮湿」已办结：已放置两台除湿机。请确认并评价：")
    assert resolved.message.text.endswith(f"{URL}/#/issues/{ISSUE}")


def test_planning_again_makes_the_same_out_ids():
    thread = new_thread()
    submit(thread)
    assign(thread, 1, LI)
    assert [o.out_id for o in sent(thread)] == [o.out_id for o in sent(thread)]
    assert len({o.out_id for o in sent(thread)}) == 3


def test_the_property_company_gets_what_is_asked_and_the_residents_who_has_it():
    thread = new_thread()
    apply(thread, events.TASK_HANDED_TO_PROPERTY, 5, company={"id": "chunlan-wuye", "name": "春澜物业"},
          contacts=["cl-wuye-wang", "cl-wuye-liu"], asked="请加装除湿机", due_date="2025-05-21")
    assert sent(thread) == []  # the place and title come with the assignment or the submission
    assign(thread, 1, LI)
    out = [o for o in sent(thread) if o.message.template_id in ("PROPERTY_HANDED", "ISSUE_HANDED")]
    assert [o.to for o in out if o.channel == "push"] == ["cl-wuye-wang", "cl-wuye-liu"]
    assert out[0].message.text == "地下车库A区「车库太潮湿」：请加装除湿机。请于5月21日前处理并回复。"
    submit(thread)
    [sms] = [o for o in sent(thread) if o.message.template_id == "ISSUE_HANDED"]
    assert sms.to == "13800001234" and "已转交春澜物业处理" in sms.message.text


def test_the_property_company_s_answers_go_to_whoever_had_the_task_and_a_promise_to_the_residents():
    thread, log = new_thread(), set()
    submit(thread)
    assign(thread, 1, LI)
    assign(thread, 2, FENG, previous=LI, reason="reassigned")
    sent(thread, already=log)
    company = {"id": "chunlan-wuye", "name": "春澜物业"}
    apply(thread, events.TASK_PROPERTY_UPDATED, 3, company=company, kind="acknowledged")
    apply(thread, events.TASK_PROPERTY_UPDATED, 4, company=company, kind="promised", promised_date="2025-05-20")
    apply(thread, events.TASK_PROPERTY_UPDATED, 5, company=company, kind="done", note="已加装")
    assert who(sent(thread, already=log)) == [
        ("push", "hy-feng-lei", "PROPERTY_ACKNOWLEDGED"), ("sms", "13800001234", "ISSUE_PROMISED"),
        ("push", "hy-feng-lei", "PROPERTY_PROMISED"), ("push", "hy-feng-lei", "PROPERTY_DONE")]
    promised = next(o for o in plan(thread, leads=[], public_url=URL) if o.message.template_id == "ISSUE_PROMISED")
    assert promised.message.text == "【绣花】您反映的「车库太潮湿」，春澜物业承诺5月20日前处理完毕。"


def test_an_answer_before_any_assignment_waits_for_the_assignee():
    thread = new_thread()
    submit(thread)
    apply(thread, events.TASK_PROPERTY_UPDATED, 5, company={"id": "w", "name": "春澜物业"}, kind="done")
    assert [o.channel for o in sent(thread)] == ["sms"]  # the receipt only
    assign(thread, 1, LI)
    assert ("push", "hy-li-ming", "PROPERTY_DONE") in who(sent(thread))


@pytest.mark.parametrize("reroute_first", [False, True])
def test_the_lead_hears_of_a_decline_with_where_it_went_in_either_order(reroute_first):
    thread = new_thread()
    submit(thread)
    assign(thread, 1, LI)
    if reroute_first:
        assign(thread, 2.01, FENG, previous=LI, reason="declined", why="李明退回")
    apply(thread, events.TASK_DECLINED, 2, reason="不是我的分管", assignee=LI)
    if not reroute_first:
        assert not [o for o in sent(thread, leads=["hy-chen"]) if o.to == "hy-chen"]  # waits for the re-route
        assign(thread, 2.01, FENG, previous=LI, reason="declined", why="李明退回")
    out = [o for o in sent(thread, leads=["hy-chen"]) if o.message.template_id.startswith("LEAD_")]
    assert [(o.to, o.message.text) for o in out] == [
        ("hy-chen", "李明退回了「车库太潮湿」，原因：不是我的分管。已转给冯磊。")]


def test_a_decline_nobody_took_over_is_told_once_the_wait_is_over_and_never_to_the_decliner():
    thread = new_thread()
    submit(thread)
    assign(thread, 1, LI, reason="lead_fallback")
    decline = apply(thread, events.TASK_DECLINED, 2, reason="忙不过来", assignee={"id": "hy-chen", "name": "陈立群"})
    assert not [o for o in sent(thread, leads=["hy-chen", "hy-zhao"]) if o.channel == "push" and o.event_id == decline]
    next(i for i in thread.items if i.event_id == decline).settled = True
    [push] = [o for o in sent(thread, leads=["hy-chen", "hy-zhao"]) if o.event_id == decline]
    assert push.to == "hy-zhao" and push.message.template_id == "LEAD_DECLINED_UNROUTED"


def test_lead_news_waits_for_a_lead_and_is_not_replayed_to_a_lead_appointed_later():
    thread, log = new_thread(), set()
    submit(thread)
    assign(thread, 1, LI)
    apply(thread, events.ISSUE_RATED, 20, solved=False, satisfaction="dissatisfied", comment="墙面返潮")
    sent(thread, already=log)
    assert needs_leads(thread) and thread.waiting_for_lead
    [push] = sent(thread, leads=["hy-chen"], already=log)
    assert (push.to, push.message.text) == ("hy-chen", "「车库太潮湿」回访不满意，居民认为问题未解决。留言：墙面返潮。")
    assert not thread.waiting_for_lead and not needs_leads(thread)
    assert sent(thread, leads=["hy-chen", "hy-new"], already=log) == []


def test_a_satisfied_return_visit_tells_nobody():
    thread = new_thread()
    submit(thread)
    apply(thread, events.ISSUE_RATED, 20, solved=True, satisfaction="basically_satisfied")
    assert who(sent(thread, leads=["hy-chen"])) == [("sms", "13800001234", "ISSUE_RECEIVED")]


def test_a_reopen_goes_to_the_member_who_resolved_it_and_the_lead_once_each():
    thread = new_thread()
    submit(thread)
    apply(thread, events.TASK_RESOLVED, 10, note="已放置两台除湿机", assignee=FENG)  # its assignment not here yet
    apply(thread, events.ISSUE_REOPENED, 11, title="车库太潮湿", number="20250518", reason="还是很潮", reopen_count=1)
    pushes = [o for o in sent(thread, leads=["hy-chen"]) if o.channel == "push"]
    assert who(pushes) == [("push", "hy-feng-lei", "TASK_REOPENED"), ("push", "hy-chen", "LEAD_REOPENED")]
    assert pushes[1].message.text == "居民重新打开了「车库太潮湿」（编号20250518，第1次）：还是很潮"


def test_a_lead_who_is_also_the_assignee_gets_one_push_for_a_reopen():
    thread = new_thread()
    submit(thread)
    assign(thread, 1, {"id": "hy-chen", "name": "陈立群"}, reason="lead_fallback")
    apply(thread, events.ISSUE_REOPENED, 11, title="车库太潮湿", number="20250518", reason="还是很潮", reopen_count=1)
    pushes = [o for o in sent(thread, leads=["hy-chen"]) if o.message.template_id.endswith("REOPENED")]
    assert len({o.out_id for o in pushes}) == 1  # same event, recipient and channel: the log keeps the first


def test_a_merge_tells_the_carried_people_where_it_went_and_they_follow_the_other_issue():
    duplicate, target, log = Thread(id="dup", community="huayuan"), new_thread(), set()
    submit(target)
    assign(target, 1, LI)
    sent(target, already=log)
    merged = events.IssueMerged.model_validate({
        "issue_id": "dup", "community": "huayuan", "into": ISSUE, "into_number": "20250518",
        "into_title": "车库太潮湿", "carried": [ZHANG], "at": (T0 + timedelta(minutes=5)).isoformat()})
    fact = Fact(event_id="merge-1", correlationid="merge-1", at=T0 + timedelta(minutes=5))
    facts.merged(duplicate, merged, fact)
    facts.merged_into(target, merged, fact)
    [told] = sent(duplicate)
    assert (told.to, told.message.text) == (
        "13800005678", "【绣花】您反映的问题已合并到编号20250518「车库太潮湿」一并处理，进展会及时告知您。")
    assert sent(target, already=log) == []  # the target's earlier news stays the reporter's
    apply(target, events.TASK_RESOLVED, 10, note="已放置两台除湿机", assignee=LI)
    assert sorted(o.to for o in sent(target, already=log)) == ["13800001234", "13800005678"]


def test_a_rejection_gives_the_reason_to_reporter_and_supporters():
    thread = new_thread()
    submit(thread)
    apply(thread, events.ISSUE_SUPPORTED, 1, supporter=ZHANG)
    apply(thread, events.ISSUE_REJECTED, 2, title="车库太潮湿", number="20250518", reason="属于业主自用部分")
    rejected = [o for o in sent(thread) if o.message.template_id == "ISSUE_REJECTED"]
    assert [o.to for o in rejected] == ["13800001234", "13800005678"]
    assert rejected[0].message.text == "【绣花】您反映的「车库太潮湿」不予受理，原因：属于业主自用部分。"


def test_a_supporter_with_the_reporter_s_phone_is_told_once():
    thread = new_thread()
    submit(thread)
    apply(thread, events.ISSUE_SUPPORTED, 1, supporter={**REPORTER, "sub": "r-other"})
    apply(thread, events.ISSUE_SUPPORTED, 1.5, supporter=ZHANG)
    apply(thread, events.ISSUE_SUPPORTED, 1.7, supporter=ZHANG)
    assign(thread, 2, LI)
    assert [o.to for o in sent(thread) if o.message.template_id == "ISSUE_ASSIGNED"] == ["13800001234",
                                                                                        "13800005678"]
