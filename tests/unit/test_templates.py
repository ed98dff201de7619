from xiuhua_notification.domain.templates import SMS_SEGMENT, reporter_sms


def test_reporter_is_told_who_took_the_issue_in_one_sms_segment():
    template, params, text = reporter_sms(title="地下车库B区的指示牌方向标错了，经常有人开错路" * 3, assignee="李明")
    assert template == "ISSUE_ASSIGNED"
    assert "已派给服务队队员李明" in text and text.startswith("【绣花】您反映的问题")
    assert len(text) <= SMS_SEGMENT
    assert params["assignee"] == "李明"
