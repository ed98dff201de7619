"""News held overnight is sent in the morning only while it still holds (pace.outdated, no I/O):
"please confirm and rate" not once the resident did, "resolved" not once reopened, "assigned to X"
told of the latest holder, and anything of an issue since closed, merged or rejected not at all."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.unit.test_notification_recipients import FENG, LI, REPORTER, T0, apply, assign, new_thread, submit
from xiuhua_notification import events
from xiuhua_notification.pace.outdated import KEEP, Held, Verdict, review, told_at
from xiuhua_notification.threads.model import Thread


def resolved_thread() -> tuple[Thread, str]:
    thread = new_thread()
    submit(thread)
    assign(thread, 1, LI)
    return thread, apply(thread, events.TASK_RESOLVED, 60, note="已放置两台除湿机", assignee=LI)


def held(thread: Thread, template_id: str, event_id: str, channel: str = "sms") -> Held:
    return Held(template_id, channel, told_at(thread, event_id, T0))


def verdict(thread: Thread, template_id: str, event_id: str, channel: str = "sms") -> Verdict:
    [v] = review([held(thread, template_id, event_id, channel)], thread)
    return v


RESIDENT = {**REPORTER, "role": "resident"}


@pytest.mark.parametrize(("event_type", "data", "by"), [
    (events.ISSUE_CONFIRMED, {"actor": RESIDENT}, "confirmed"),
    (events.ISSUE_RATED, {"solved": True, "satisfaction": "satisfied"}, "rated"),
    (events.ISSUE_CLOSED, {"reason": "auto"}, "closed"),
    (events.ISSUE_REOPENED, {"title": "车库太潮湿", "reason": "还是很潮"}, "reopened"),
])
def test_please_confirm_and_rate_is_dropped_once_the_resident_answered_or_it_moved_on(event_type, data, by):
    thread, resolved = resolved_thread()
    assert verdict(thread, "ISSUE_RESOLVED", resolved) == KEEP
    apply(thread, event_type, 8 * 60, **data)
    assert verdict(thread, "ISSUE_RESOLVED", resolved) == Verdict(outdated_by=by)


def test_a_resolved_post_in_the_owners_group_holds_after_the_rating_but_not_after_a_reopening():
    thread, resolved = resolved_thread()
    apply(thread, events.ISSUE_RATED, 100, solved=True, satisfaction="satisfied")
    assert verdict(thread, "ISSUE_RESOLVED", resolved, channel="group") == KEEP
    apply(thread, events.ISSUE_REOPENED, 200, title="车库太潮湿", reason="还是很潮")
    assert verdict(thread, "ISSUE_RESOLVED", resolved, channel="group") == Verdict(outdated_by="reopened")


def test_the_lead_hears_of_a_resolution_until_it_is_reopened():
    thread, resolved = resolved_thread()
    apply(thread, events.ISSUE_CONFIRMED, 100, actor=RESIDENT)
    assert verdict(thread, "LEAD_RESOLVED", resolved, channel="push") == KEEP
    apply(thread, events.ISSUE_REOPENED, 200, title="车库太潮湿", reason="还是很潮")
    assert verdict(thread, "LEAD_RESOLVED", resolved, channel="push") == Verdict(outdated_by="reopened")


def test_a_fact_from_before_the_news_does_not_outdate_it():
    thread = new_thread()
    submit(thread)
    assign(thread, 1, LI)
    apply(thread, events.TASK_RESOLVED, 10, note="第一次", assignee=LI)
    apply(thread, events.ISSUE_REOPENED, 20, title="车库太潮湿", reason="还是很潮")
    again = apply(thread, events.TASK_RESOLVED, 30, note="换了除湿机", assignee=LI)
    assert verdict(thread, "ISSUE_RESOLVED", again) == KEEP


def test_assigned_to_x_is_told_of_the_latest_holder_once_reassigned():
    thread = new_thread()
    submit(thread)
    first = assign(thread, 1, LI)
    assign(thread, 30, FENG, previous=LI, reason="reassigned", why="陈立群改派")
    assert verdict(thread, "ISSUE_ASSIGNED", first) == Verdict(assignee="冯磊", why="陈立群改派")


def test_assigned_to_x_is_dropped_when_the_news_of_the_later_assignment_waits_beside_it():
    thread = new_thread()
    submit(thread)
    first = assign(thread, 1, LI)
    second = assign(thread, 30, FENG, previous=LI, reason="reassigned", why="陈立群改派")
    group = [held(thread, "ISSUE_ASSIGNED", first), held(thread, "ISSUE_REASSIGNED", second)]
    assert review(group, thread) == [Verdict(outdated_by="assigned"), KEEP]


def test_a_push_asking_a_member_to_take_a_task_is_dropped_once_it_went_to_someone_else():
    thread = new_thread()
    submit(thread)
    first = assign(thread, 1, LI)
    assert verdict(thread, "TASK_ASSIGNED", first, channel="push") == KEEP
    assign(thread, 30, FENG, previous=LI, reason="reassigned", why="陈立群改派")
    assert verdict(thread, "TASK_ASSIGNED", first, channel="push") == Verdict(outdated_by="assigned")


@pytest.mark.parametrize("template_id", ["ISSUE_RECEIVED", "ISSUE_ASSIGNED", "ISSUE_HANDED", "TASK_ASSIGNED"])
def test_nothing_of_a_rejected_issue_goes_out_after_the_rejection(template_id):
    thread = new_thread()
    received = submit(thread)
    assigned = assign(thread, 1, LI)
    apply(thread, events.ISSUE_REJECTED, 90, title="车库太潮湿", reason="不属于服务范围")
    event_id = received if template_id == "ISSUE_RECEIVED" else assigned
    assert verdict(thread, template_id, event_id) == Verdict(outdated_by="rejected")


@pytest.mark.parametrize("template_id", ["ISSUE_REJECTED", "ISSUE_MERGED", "LEAD_DISSATISFIED", "LEAD_DECLINED",
                                         "ISSUE_DIGEST", "DAILY_PROGRESS"])
def test_news_that_stays_true_is_never_dropped(template_id):
    thread, resolved = resolved_thread()
    for minutes, (event_type, data) in enumerate([(events.ISSUE_REOPENED, {"title": "t", "reason": "r"}),
                                                  (events.ISSUE_CLOSED, {"reason": "auto"})]):
        apply(thread, event_type, 100 + minutes, **data)
    assert verdict(thread, template_id, resolved) == KEEP


def test_a_supervision_push_is_judged_from_when_it_was_planned():
    thread, _ = resolved_thread()
    before = Held("TASK_REMINDER", "push", T0 + timedelta(minutes=30))
    after = Held("TASK_REMINDER", "push", T0 + timedelta(minutes=90))
    assert review([before, after], thread) == [Verdict(outdated_by="resolved"), KEEP]
