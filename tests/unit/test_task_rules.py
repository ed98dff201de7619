"""Who may take which step on a task, and the time limits it is stamped with."""

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

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
    assert allowed_actions(task("in_progress"), MEMBER) == ["decline", "progress", "handover", "resolve"]
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
    assert limits.deadlines(submitted_at=at, category="parking", priority="urgent") == (
        at + timedelta(hours=2), at + timedelta(hours=24))
    assert limits.deadlines(submitted_at=at, category="parking", priority="normal") == (
        at + timedelta(hours=24), at + timedelta(days=7))
    custom = Limits(rules=[Rule(category="facilities", priority="normal", respond_hours=4, resolve_hours=48),
                           Rule(priority="normal", respond_hours=12, resolve_hours=72)])
    assert custom.deadlines(submitted_at=at, category="facilities", priority="normal")[0] == at + timedelta(hours=4)
    assert custom.deadlines(submitted_at=at, category="cleaning", priority="normal")[1] == at + timedelta(hours=72)
    assert custom.deadlines(submitted_at=at, category="cleaning", priority="urgent")[0] == at + timedelta(hours=2)
    assert limits.ack_by(at) == at + timedelta(hours=24)


def test_limits_that_make_no_sense_are_refused():
    with pytest.raises(ValidationError):
        Rule(priority="normal", respond_hours=48, resolve_hours=24)
    with pytest.raises(ValidationError):
        Limits(rules=[Rule(priority="normal", respond_hours=1, resolve_hours=2)] * 2)
