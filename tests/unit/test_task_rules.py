"""Who may take which step on a task, and the time limits it is stamped with."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from xiuhua_assignment.calendar.domain import WorkCalendar
from xiuhua_assignment.limits.domain import Limits, Rule
from xiuhua_assignment.tasks.domain import allowed_actions, refusal
from xiuhua_auth import Principal

MEMBER = Principal(sub="hy-li-ming", role="member", community="huayuan")
OTHER_MEMBER = Principal(sub="hy-xu-hao", role="member", community="huayuan")
LEAD = Principal(sub="hy-chen-liqun", role="lead", community="huayuan")
PROPERTY = Principal(sub="cl-wuye-wang", role="property", community="huayuan", company="chunlan-wuye")
OTHER_COMMUNITY = Principal(sub="hy-li-ming", role="member", community="elsewhere")


def task(status: str, assignee: str = "hy-li-ming", company: str | None = None) -> dict:
    return {"community": "huayuan", "status": status, "assignee": {"id": assignee, "name": "x", "role": "member"},
            "property": {"company": {"id": company, "name": "春澜物业"}} if company else None}


def test_the_assignee_works_the_task_and_nobody_else_does():
    assert allowed_actions(task("assigned"), MEMBER) == ["accept", "decline", "progress", "handover", "resolve"]
    assert allowed_actions(task("in_progress"), MEMBER) == ["decline", "progress", "handover", "resolve", "wait"]
    assert allowed_actions(task("in_progress") | {"waiting_since": datetime.now(UTC)}, MEMBER) == [
        "decline", "progress", "handover", "resolve", "resume"]
    assert allowed_actions(task("with_property", company="chunlan-wuye"), MEMBER) == ["progress", "resolve"]
    assert allowed_actions(task("assigned"), OTHER_MEMBER) == []
    assert refusal("resolve", task("assigned"), OTHER_MEMBER).code == "not_assignee"
    assert refusal("accept", task("assigned"), OTHER_COMMUNITY).status == 403


def test_wrong_state_is_a_409_in_chinese():
    refused = refusal("accept", task("in_progress"), MEMBER)
    assert (refused.status, refused.code, refused.message) == (409, "wrong_state", "该派单处理中，不能受理")
    assert refusal("resolve", task("resolved"), MEMBER).status == 409


def test_the_lead_reassigns_but_does_not_decline_and_the_property_company_answers_only_its_own():
    assert allowed_actions(task("in_progress"), LEAD) == ["reassign"]
    led = task("assigned", assignee="hy-chen-liqun")
    assert "decline" not in allowed_actions(led, LEAD) and refusal("decline", led, LEAD).code == "lead_cannot_decline"
    assert allowed_actions(task("with_property", company="chunlan-wuye"), PROPERTY) == ["property"]
    assert refusal("property", task("with_property", company="other-wuye"), PROPERTY).code == "not_handed_to_you"
    assert refusal("property", task("in_progress", company="chunlan-wuye"), PROPERTY).status == 409


def test_default_limits_follow_the_hotlines_and_a_category_rule_wins():
    at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    limits = Limits()
    cal = WorkCalendar()

    def custom_deadlines(category, priority):
        return custom.deadlines(calendar=cal, submitted_at=at, category=category, priority=priority)
    assert limits.deadlines(calendar=cal, submitted_at=at, category="parking", priority="urgent") == (
        at + timedelta(hours=2), at + timedelta(hours=24))
    assert limits.deadlines(calendar=cal, submitted_at=at, category="parking", priority="normal") == (
        at + timedelta(hours=24), at + timedelta(days=7))
    custom = Limits(rules=[Rule(category="facilities", priority="normal", respond_hours=4, resolve_hours=48),
                           Rule(priority="normal", respond_hours=12, resolve_hours=72)])
    assert custom_deadlines("facilities", "normal")[0] == at + timedelta(hours=4)
    assert custom_deadlines("cleaning", "normal")[1] == at + timedelta(hours=72)
    assert custom_deadlines("cleaning", "urgent")[0] == at + timedelta(hours=2)
    assert limits.ack_by(at) == at + timedelta(hours=24)


def test_limits_that_make_no_sense_are_refused():
    with pytest.raises(ValidationError):
        Rule(priority="normal", respond_hours=48, resolve_hours=24)
    with pytest.raises(ValidationError):
        Limits(rules=[Rule(priority="normal", respond_hours=1, resolve_hours=2)] * 2)


def test_staff_press_a_task_of_their_community_and_the_admin_of_its_subdistrict_too():
    staff = Principal(sub="hy-staff", role="staff", community="huayuan")
    admin = Principal(sub="lz-admin", role="admin", subdistrict="lizhou")
    open_task = task("in_progress") | {"subdistrict": "lizhou"}
    assert "press" in allowed_actions(open_task, staff) and "press" in allowed_actions(open_task, admin)
    assert refusal("press", open_task, MEMBER).code == "not_staff"
    assert refusal("press", open_task, Principal(sub="x", role="admin", subdistrict="other")).status == 403
    assert refusal("press", task("resolved") | {"subdistrict": "lizhou"}, staff).status == 409


def test_a_ladder_that_repeats_a_rung_or_goes_back_in_time_is_refused():
    with pytest.raises(ValidationError):
        Limits(ladder=[{"to": "lead", "after_hours": 0}, {"to": "lead", "after_hours": 4}])
    with pytest.raises(ValidationError):
        Limits(ladder=[{"to": "staff", "after_hours": 24}, {"to": "lead", "after_hours": 0}])
    with pytest.raises(ValidationError):
        Limits(workday={"start": "18:00", "end": "09:00"})


@pytest.mark.parametrize("start", ["08:00:00+08:00", "08:00Z", 3600, "8:00", "24:00"])
def test_a_working_day_is_read_on_the_community_clock_without_an_offset(start):
    with pytest.raises(ValidationError):  # an offset or a count of seconds is a second clock
        Limits(workday={"start": start})
    day = Limits(workday={"start": "09:00", "end": "18:00:00"}).model_dump(mode="json")["workday"]
    assert day == {"start": "09:00:00", "end": "18:00:00"}
