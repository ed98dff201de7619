"""Every template: its id, its named parameters, its exact words, and one SMS segment for residents."""

from __future__ import annotations

import pytest

from xiuhua_notification.templates import domain as t

LONG_TITLE = "地下车库B区的指示牌方向标错了，经常有人开错路" * 3
LINK = "http://127.0.0.1:8080/#/issues/" + "0123456789abcdef" * 2

# template → (parameters of a realistic message, the exact text a person reads)
EXAMPLES = {
    t.ISSUE_RECEIVED: ({"title": "东侧绿化带的花草枯死了", "number": "20250518"},
                       "【绣花】已收到您反映的「东侧绿化带的花草枯死了」，编号20250518，服务队会尽快处理。"),
    t.ISSUE_ASSIGNED: ({"title": "东侧绿化带的花草枯死了", "assignee": "王淑芬"},
                       "【绣花】您反映的问题「东侧绿化带的花草枯死了」已派给服务队队员王淑芬跟进，进展会及时告知您。"),
    t.ISSUE_WAITING: ({"title": "车库B区指示牌标错了"},
                      "【绣花】您反映的问题「车库B区指示牌标错了」正在等待服务队分派，派单后会及时告知您。"),
    t.ISSUE_HANDED: ({"title": "车库B区指示牌标错了", "company": "春澜物业"},
                     "【绣花】您反映的「车库B区指示牌标错了」已转交春澜物业处理，进展会及时告知您。"),
    t.ISSUE_PROMISED: ({"title": "车库B区指示牌标错了", "company": "春澜物业", "date": "5月20日"},
                       "【绣花】您反映的「车库B区指示牌标错了」，春澜物业承诺5月20日前处理完毕。"),
    t.ISSUE_RESOLVED: ({"title": "车库太潮湿", "note": "已放置两台除湿机", "link": LINK},
                       f"【绣花】您反映的「车库太潮湿」已办结：已放置两台除湿机。请确认并评价：{LINK}"),
    t.ISSUE_REJECTED: ({"title": "3幢楼道堆满垃圾", "reason": "经核实为装修垃圾，由装修户自行清运"},
                       "【绣花】您反映的「3幢楼道堆满垃圾」不予受理，原因：经核实为装修垃圾，由装修户自行清运。"),
    t.ISSUE_MERGED: ({"number": "31415926", "title": "地下车库B区指示牌标错了"},
                     "【绣花】您反映的问题已合并到编号31415926「地下车库B区指示牌标错了」一并处理，进展会及时告知您。"),
    t.LOGIN_CODE: ({"code": "123456"}, "【绣花】验证码123456，5分钟内有效。如非本人操作请忽略。"),
    t.TASK_ASSIGNED: ({"place": "春澜璟园 东侧绿化带", "title": "花草枯死了"},
                      "新派单：春澜璟园 东侧绿化带「花草枯死了」，请及时受理。"),
    t.TASK_REASSIGNED: ({"place": "地下车库A区", "title": "车库太潮湿", "why": "陈立群改派：李明休假"},
                        "转派给您：地下车库A区「车库太潮湿」（陈立群改派：李明休假），请及时受理。"),
    t.TASK_REOPENED: ({"title": "车库太潮湿", "reason": "还是很潮"},
                      "居民重新打开了您办结的「车库太潮湿」：还是很潮。请继续跟进。"),
    t.PROPERTY_HANDED: ({"place": "地下车库B区", "title": "指示牌标错了", "asked": "请更换出口指示牌",
                         "due": "5月21日"},
                        "地下车库B区「指示牌标错了」：请更换出口指示牌。请于5月21日前处理并回复。"),
    t.PROPERTY_ACKNOWLEDGED: ({"company": "春澜物业", "title": "指示牌标错了", "note": ""},
                              "春澜物业已确认收到「指示牌标错了」。"),
    t.PROPERTY_PROMISED: ({"company": "春澜物业", "date": "5月20日", "title": "指示牌标错了",
                           "note": "说明：需订做新牌。"},
                          "春澜物业承诺5月20日前处理完「指示牌标错了」。说明：需订做新牌。"),
    t.PROPERTY_DONE: ({"company": "春澜物业", "title": "指示牌标错了", "note": "说明：已更换。"},
                      "春澜物业报告「指示牌标错了」已处理完毕。说明：已更换。请核实后办结。"),
    t.LEAD_DECLINED: ({"member": "李明", "title": "车库太潮湿", "reason": "不是我的分管", "to": "冯磊"},
                      "李明退回了「车库太潮湿」，原因：不是我的分管。已转给冯磊。"),
    t.LEAD_DECLINED_UNROUTED: ({"member": "李明", "title": "车库太潮湿", "reason": "不是我的分管"},
                               "李明退回了「车库太潮湿」，原因：不是我的分管。暂无队员可接，请您安排。"),
    t.LEAD_REOPENED: ({"title": "车库太潮湿", "number": "27182818", "count": "1", "reason": "还是很潮"},
                      "居民重新打开了「车库太潮湿」（编号27182818，第1次）：还是很潮"),
    t.LEAD_DISSATISFIED: ({"title": "车库太潮湿", "solved": "未解决", "comment": "留言：墙面返潮。"},
                          "「车库太潮湿」回访不满意，居民认为问题未解决。留言：墙面返潮。"),
}


def test_every_template_has_an_example_and_a_unique_id():
    assert set(EXAMPLES) == set(t.TEMPLATES.values())
    assert len({tpl.id for tpl in t.TEMPLATES.values()}) == len(t.TEMPLATES)


@pytest.mark.parametrize("template", list(EXAMPLES), ids=lambda tpl: tpl.id)
def test_wording_and_named_parameters(template):
    params, text = EXAMPLES[template]
    rendered = template.render(**params)
    assert rendered.text == text
    assert rendered.template_id == template.id and rendered.params == params
    if template.channel == "sms":
        assert text.startswith("【绣花】") and not rendered.title
    else:
        assert rendered.title


FREE_TEXT = {"title", "reason", "note", "company"}  # what people type; names, numbers and dates are short


@pytest.mark.parametrize("template", [tpl for tpl in EXAMPLES if tpl.channel == "sms" and tpl is not t.LOGIN_CODE],
                         ids=lambda tpl: tpl.id)
def test_residents_sms_fit_one_segment_however_long_the_free_text(template):
    params = {name: (LONG_TITLE if name in FREE_TEXT else value) for name, value in EXAMPLES[template][0].items()}
    rendered = template.render(**params)
    limit = t.LONG_SMS if template is t.ISSUE_RESOLVED else t.SMS_SEGMENT
    assert len(rendered.text) <= limit
    # the provider fills the registered template with the parameters: they must give the same words
    assert template.text.format(**rendered.params) == rendered.text
    assert any(v.endswith("…") for v in rendered.params.values())


def test_the_login_code_is_one_short_segment():
    assert len(t.LOGIN_CODE.render(code="000000").text) <= t.SMS_SEGMENT and t.LOGIN_CODE.cut == ()


def test_a_short_message_is_not_cut():
    rendered = t.ISSUE_ASSIGNED.render(title="路灯不亮", assignee="李明")
    assert rendered.params == {"title": "路灯不亮", "assignee": "李明"} and "…" not in rendered.text


def test_the_resolved_message_keeps_the_whole_link_and_cuts_the_title_first():
    rendered = t.ISSUE_RESOLVED.render(title=LONG_TITLE, note="物业已更换B区出口指示牌", link=LINK)
    assert rendered.text.endswith(f"请确认并评价：{LINK}") and len(rendered.text) <= t.LONG_SMS
    assert rendered.params["note"] == "物业已更换B区出口指示牌" and rendered.params["title"].endswith("…")


def test_pushes_are_cut_at_their_own_limit():
    rendered = t.LEAD_DECLINED.render(member="李明", title="车库太潮湿", reason="太远了" * 80, to="冯磊")
    assert len(rendered.text) == t.PUSH_LIMIT and rendered.text.endswith("已转给冯磊。")


def test_a_template_refuses_missing_or_unknown_parameters():
    with pytest.raises(ValueError):
        t.ISSUE_RECEIVED.render(title="路灯不亮")
    with pytest.raises(ValueError):
        t.LOGIN_CODE.render(code="123456", phone="13800001234")


def test_dates_and_optional_sentences_read_naturally():
    assert t.day("2025-05-20") == "5月20日"
    assert t.labelled("说明", "已更换。") == "说明：已更换。" and t.labelled("说明", "") == ""
    assert t.labelled("留言", None) == ""


@pytest.mark.parametrize("note", ["无滴水。", "无滴水！", "无滴水？", "no drips.", "no drips!", "no drips?"])
def test_a_note_that_ends_its_own_sentence_gets_no_second_mark(note):
    from xiuhua_notification.templates.render import DEFAULT

    params = {"title": "3幢楼顶漏水", "note": note, "link": LINK, "number": "20250518", "place": "3幢"}
    for text in (DEFAULT.render("ISSUE_RESOLVED", "sms", params).text, t.ISSUE_RESOLVED.render(
            title="3幢楼顶漏水", note=note, link=LINK).text):
        assert f"已办结：{note}请确认并评价" in text, text
        assert not any(f"{mark}。" in text for mark in t.ENDS), text
    assert t.labelled("说明", note) == f"说明：{note}"
    plain = DEFAULT.render("ISSUE_RESOLVED", "sms", params | {"note": "无滴水"}).text
    assert "已办结：无滴水。请确认并评价" in plain


def test_the_residents_reassign_message_never_carries_the_leads_note():
    from xiuhua_notification.templates.render import DEFAULT

    params = {"title": "车库太潮湿", "assignee": "冯磊", "why": "陈立群改派：李明分管车库，请跟进",
              "number": "20250518", "place": "地下车库A区", "link": LINK}
    for channel in ("sms", "push", "group"):
        text = DEFAULT.render("ISSUE_REASSIGNED", channel, params).text
        assert "冯磊" in text and "陈立群" not in text and "请跟进" not in text, (channel, text)
