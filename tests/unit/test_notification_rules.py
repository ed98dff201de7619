"""Rules as data, wording in a sandbox, people's wishes and the pace of messages (pure, no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from tests.unit.test_notification_recipients import ISSUE, URL, ZHANG, apply, assign, new_thread, submit, who
from xiuhua_notification import events
from xiuhua_notification.pace.policy import Pace
from xiuhua_notification.preferences.model import Preference, choose
from xiuhua_notification.rules.table import DEFAULTS, Rule, RuleInvalid, validate
from xiuhua_notification.templates import engine
from xiuhua_notification.templates.catalogue import DEFINITIONS, sample
from xiuhua_notification.templates.render import Renderer
from xiuhua_notification.threads.plan import plan

SHANGHAI = 8  # hours ahead of UTC


def at_shanghai(hour: int, minute: int = 0, day: int = 18) -> datetime:
    return datetime(2025, 5, day, hour, minute, tzinfo=UTC) - timedelta(hours=SHANGHAI)


# -- quiet hours and the hourly limit ----------------------------------------------------------------
@pytest.mark.parametrize(("hour", "minute", "until"), [
    (22, 0, at_shanghai(8, day=19)), (23, 59, at_shanghai(8, day=19)), (0, 0, at_shanghai(8)),
    (7, 59, at_shanghai(8)), (8, 0, None), (21, 59, None), (12, 0, None)])
def test_quiet_hours_run_from_ten_at_night_to_eight_in_shanghai(hour, minute, until):
    assert Pace().quiet_until(at_shanghai(hour, minute)) == until


def test_urgent_news_passes_quiet_hours_but_not_the_hourly_limit():
    pace, night = Pace(per_hour=2), at_shanghai(23)
    assert pace.hold_until(sent=[], now=night, urgent=False) == (at_shanghai(8, day=19), "quiet")
    assert pace.hold_until(sent=[], now=night, urgent=True) == (None, "")
    sent = [night - timedelta(minutes=50), night - timedelta(minutes=10)]
    assert pace.hold_until(sent=sent, now=night, urgent=True) == (night + timedelta(minutes=10), "rate")
    assert pace.hold_until(sent=sent[1:], now=night, urgent=True) == (None, "")  # the older one left the hour


def test_quiet_hours_can_be_switched_off():
    assert Pace(quiet_start=time(0), quiet_end=time(0)).quiet_until(at_shanghai(23)) is None


# -- the sandbox ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("source", "says"), [
    ("【绣花】{{ phone }}", "未知参数：phone"),
    ("【绣花】{{ title.__class__.__mro__ }}", "模板无法生成"),
    ("【绣花】{% include 'x' %}", "不能引用其他模板"),
    ("【绣花】{{ range(10) | list }}", "未知参数：range"),
    ("【绣花】{{ title ", "模板语法错误"),
])
def test_a_template_sees_only_its_own_parameters(source, says):
    definition = DEFINITIONS["ISSUE_RESOLVED"]
    with pytest.raises(engine.TemplateInvalid) as error:
        engine.check("sms", source, definition.allowed)
        engine.render(source, sample(definition))
    assert says in error.value.message


def test_the_default_wording_is_the_platform_s_long_standing_text():
    renderer = Renderer()
    params = {"title": "车库太潮湿", "number": "20250518", "place": "地下车库A区", "link": URL}
    sms = renderer.render("ISSUE_RECEIVED", "sms", params)
    assert sms.text == "【绣花】已收到您反映的「车库太潮湿」，编号20250518，服务队会尽快处理。"
    assert sms.params == {"title": "车库太潮湿", "number": "20250518"}  # only what the SMS uses
    push = renderer.render("ISSUE_RECEIVED", "push", params)
    assert (push.title, push.text, push.deep_link) == (
        "已收到您的反映", "已收到您反映的「车库太潮湿」，编号20250518，服务队会尽快处理。", URL)


def test_a_community_s_wording_is_fitted_to_one_segment():
    renderer = Renderer({"ISSUE_RECEIVED": {"sms": "【花园社区】收到「{{ title }}」（{{ number }}），我们尽快处理。",
                                            "provider_template": "SMS_100200300"}})
    sms = renderer.render("ISSUE_RECEIVED", "sms", {"title": "车库" * 60, "number": "20250518", "place": "",
                                                    "link": URL})
    assert len(sms.text) == 70 and sms.text.startswith("【花园社区】收到「车库车库")
    assert sms.provider_template == "SMS_100200300"


# -- rules as data ----------------------------------------------------------------------------------
def test_a_rule_cannot_name_a_recipient_the_news_has_no_message_for():
    with pytest.raises(RuleInvalid, match="没有写给物业联系人的消息"):
        validate({"issue.rejected": Rule({"property": ("push",)})})
    with pytest.raises(RuleInvalid, match="不能发到业主群"):
        validate({"issue.rated": Rule({"lead": ("push",)}, group=True)})
    assert validate({})["task.resolved"] == DEFAULTS["task.resolved"]


def test_a_community_may_tell_progress_to_residents_by_app_and_to_its_group_without_names():
    thread = new_thread()
    submit(thread)
    assign(thread, 1, {"id": "hy-li-ming", "name": "李明"})
    apply(thread, events.ISSUE_SUPPORTED, 2, supporter=ZHANG)
    thread.estate = "chunlan"
    apply(thread, events.TASK_PROGRESSED, 3, note="已联系物业，明天上午处理", actor={"id": "hy-li-ming"})
    defaults = plan(thread, leads=[], public_url=URL)
    assert not [o for o in defaults if o.message.template_id == "ISSUE_PROGRESSED"]  # by default: nobody
    rules = {**DEFAULTS, "task.progressed": Rule({"reporter": ("push",), "supporters": ("sms",)}, group=True)}
    out = plan(thread, leads=[], public_url=URL, rules=rules)
    out = [o for o in out if o.message.template_id == "ISSUE_PROGRESSED"]
    assert sorted((o.channel, o.to) for o in out) == [
        ("group", "estate:chunlan"), ("push", "r-liu"), ("sms", ZHANG["phone"])]
    post = next(o for o in out if o.channel == "group").message.text
    assert post == "**新进展**「车库太潮湿」\n> 已联系物业，明天上午处理"
    assert "刘" not in post and "1380000" not in post


def test_preferences_choose_channels_and_a_muted_issue_is_logged_not_sent():
    assert choose(["sms"], ["sms", "push"], Preference(sms=False)) == (["push"], None)  # another channel carries it
    assert choose(["sms"], ["sms"], Preference(sms=False, push=False)) == ([], "channels_off")
    thread = new_thread()
    submit(thread)
    prefs = {"r-liu": Preference(muted=frozenset({ISSUE}))}
    [receipt] = plan(thread, leads=[], public_url=URL, prefs=prefs)
    assert receipt.muted == "muted" and who([receipt]) == [("sms", "13800001234", "ISSUE_RECEIVED")]


# -- the evening progress post -------------------------------------------------------------------
def test_the_day_of_an_estate_counts_new_done_and_ongoing_and_names_nobody():
    from xiuhua_notification.daily.summary import next_post, summarize

    day, t = datetime(2025, 5, 18, tzinfo=UTC).date(), at_shanghai(10)
    threads = [
        {"title": "车库太潮湿", "place": "地下车库A区", "supporters": [{"since": t}, {"since": t}],
         "items": [{"kind": "received", "at": t}, {"kind": "assigned", "at": t}]},
        {"title": "路灯不亮", "place": "北门", "items": [{"kind": "received", "at": t - timedelta(days=3)},
                                                    {"kind": "resolved", "at": t, "data": {"note": "已换灯泡"}}]},
        {"title": "楼道堆物", "items": [{"kind": "received", "at": t}, {"kind": "rejected", "at": t}]},
    ]
    summary = summarize(threads, day)
    assert (summary.new, summary.done, summary.ongoing) == (2, 1, 1)
    assert summary.highlights.splitlines() == ["- 已办结：「路灯不亮」（北门）：已换灯泡",
                                               "- 处理中：「车库太潮湿」（地下车库A区）（2人附议）"]
    evening = [next_post(at_shanghai(12), estate, time(20)) for estate in ("chunlan", "yuefu", "binjiang", "liyuan")]
    assert all(at_shanghai(20) <= e < at_shanghai(21) for e in evening) and len(set(evening)) > 1  # spread
    assert next_post(at_shanghai(23), "chunlan", time(20)).date() == at_shanghai(20, day=19).date()
