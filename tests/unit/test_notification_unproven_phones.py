"""A phone given in a report is texted only when it is proven its owner's (threads: facts → plan, no
I/O): an SMS to any other phone is planned as ``muted`` ("unverified") — kept in the log, never sent —
and once a login proves the phone, the news from then on goes to it (the log already has the old)."""

from __future__ import annotations

from tests.unit.test_notification_recipients import LI, URL, apply, assign, new_thread
from xiuhua_notification import events
from xiuhua_notification.threads.plan import plan

STRANGER = {"sub": "r-liu", "name": "刘女士", "phone": "13900009999"}  # a phone the resident typed, not theirs


def submit_naming(reporter: dict) -> object:
    thread = new_thread()
    apply(thread, events.ISSUE_SUBMITTED, 0, subdistrict="lizhou", number="20250518", title="车库太潮湿",
          place_text="地下车库A区", reporter=reporter)
    return thread


def sms(thread, **context) -> list[tuple[str, str, str | None]]:
    return [(o.to, o.message.template_id, o.muted) for o in plan(thread, leads=[], public_url=URL, **context)
            if o.channel == "sms"]


def test_a_phone_a_report_names_without_proof_is_never_texted():
    thread = submit_naming(STRANGER)  # an event without ``phone_verified``: not proven
    assert sms(thread) == [("13900009999", "ISSUE_RECEIVED", "unverified")]
    assign(thread, 2, LI)
    assert [m for _, _, m in sms(thread)] == ["unverified", "unverified"]


def test_a_phone_proven_by_the_report_or_a_login_or_the_roster_is_texted():
    assert sms(submit_naming(STRANGER | {"phone_verified": True})) == [("13900009999", "ISSUE_RECEIVED", None)]
    assert sms(submit_naming(STRANGER), proven={"13900009999"}) == [("13900009999", "ISSUE_RECEIVED", None)]
    assert sms(submit_naming(STRANGER), phones={"hy-li-ming": "13900009999"}) == [
        ("13900009999", "ISSUE_RECEIVED", None)]  # a team member's phone, on the roster


def test_after_its_owner_logs_in_the_phone_hears_the_news_from_then_on_not_the_old():
    thread, log = submit_naming(STRANGER), {}
    for o in plan(thread, leads=[], public_url=URL):
        log[o.out_id] = o.muted
    assign(thread, 2, LI)  # the owner logged in meanwhile
    new = [o for o in plan(thread, leads=[], public_url=URL, proven={"13900009999"}) if o.out_id not in log]
    assert [(o.channel, o.message.template_id, o.muted) for o in new] == [
        ("sms", "ISSUE_ASSIGNED", None), ("push", "TASK_ASSIGNED", None)]


def test_supporters_and_people_carried_by_a_merge_are_proven_the_same_way():
    thread = submit_naming(STRANGER | {"phone_verified": True})
    apply(thread, events.ISSUE_SUPPORTED, 1, supporter={"sub": "r-zhang", "name": "张先生", "phone": "13800005678"})
    apply(thread, events.ISSUE_MERGED, 2, into="f" * 32, into_number="20250519", into_title="车库潮湿",
          carried=[STRANGER | {"phone_verified": True}, {"sub": "r-zhang", "name": "张先生", "phone": "13800005678"}])
    merged = [(to, m) for to, template, m in sms(thread) if template == "ISSUE_MERGED"]
    assert merged == [("13900009999", None), ("13800005678", "unverified")]
    assert ("13800005678", None) in [(to, m) for to, t, m in sms(thread, proven={"13800005678"})
                                     if t == "ISSUE_MERGED"]
