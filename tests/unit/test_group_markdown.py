"""Residents' words in an owners'-group post read as plain text in every robot's markdown: no link,
image, heading, emphasis, <font> or mention of theirs is posted by the estate's official robot."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from xiuhua_notification.daily.summary import summarize
from xiuhua_notification.robots.markdown import plain
from xiuhua_notification.templates.render import Renderer

URL = "https://xiuhua.example.cn/#/issues/0123456789abcdef"

# (platform, what a resident typed, what must not reach the robot as typed)
ATTACKS = [
    ("wecom", "[领取补贴](https://evil.example/x)", ("[", "](")),
    ("wecom", "# 紧急通知", ("#",)),
    ("wecom", "**物业跑路了**", ("**",)),
    ("wecom", "*斜体* _下划线_", ("*", "_")),
    ("wecom", '<font color="warning">停水通知</font>', ("<font", "</font>")),
    ("wecom", "<@zhangsan> 请回复", ("<@",)),
    ("wecom", "`rm -rf`", ("`",)),
    ("wecom", "> 引用别人的话", (">",)),
    ("dingtalk", "![](https://evil.example/pic.jpg)", ("![", "](")),
    ("dingtalk", '<a href="https://evil.example">点此领取</a>', ("<a", "</a>")),
    ("dingtalk", "@13800001234 @all 快看", ("@",)),
    ("dingtalk", "~~删除~~ | 表格 |", ("~~", "|")),
    ("dingtalk", "&lt;font&gt;实体", ("&lt;", "&gt;")),
    ("feishu", '<at user_id="all">所有人</at>', ("<at",)),
    ("feishu", "[官方通知](https://evil.example)", ("[", "](")),
    ("all", "第一行\n# 第二行成了标题\r\n- 第三行成了列表", ("\n", "\r")),
    ("all", "\\[转义\\]", ("\\", "[")),
]


@pytest.mark.parametrize(("platform", "typed", "absent"), ATTACKS, ids=[f"{a[0]}:{a[1][:12]}" for a in ATTACKS])
def test_a_resident_s_markup_reads_as_plain_text(platform, typed, absent):
    shown = plain(typed)
    for token in absent:
        assert token not in shown, (platform, shown)
    assert len(shown) == len(typed)  # one character for one: shortening never breaks it
    assert plain(shown) == shown     # and escaping twice changes nothing


def test_ordinary_chinese_words_are_left_as_they_are():
    for words in ("3幢2单元电梯坏了，老人下不了楼（急）", "车库B区灯不亮！", "北门 - 南门之间的路灯", "12.5米"):
        assert plain(words) == words


def test_the_group_post_keeps_its_own_markdown_and_escapes_the_words_in_it():
    post = Renderer().render("ISSUE_RESOLVED", "group", {
        "title": "[领取补贴](https://evil.example/x)", "number": "20250518", "place": "<@all> 3幢",
        "link": URL, "note": "**已处理** <font color=\"info\">好评</font>"}).text
    assert post.startswith("**已办结**「［领取补贴］(https://evil.example/x)」")
    assert f"[查看详情]({URL})" in post  # the platform's own link stays a link
    assert "[领取补贴]" not in post and "<font" not in post and "**已处理**" not in post


def test_sms_and_push_keep_the_words_as_typed():
    params = {"title": "[领取补贴](x)", "number": "1", "place": "", "link": URL}
    assert "[领取补贴](x)" in Renderer().render("ISSUE_RECEIVED", "sms", params).text
    assert "[领取补贴](x)" in Renderer().render("ISSUE_RECEIVED", "push", params).text


def test_the_evening_highlights_escape_titles_places_and_notes():
    at = datetime(2025, 5, 18, 4, 0, tzinfo=UTC)
    threads = [{"title": "[领取补贴](https://evil.example)", "place": "# 北门", "supporters": [],
                "items": [{"kind": "received", "at": at}, {"kind": "resolved", "at": at,
                                                           "data": {"note": "<@all> 已换"}}]}]
    day = summarize(threads, date(2025, 5, 18))
    assert day.highlights.startswith("- 已办结：「［领取补贴］")
    assert "[领取补贴]" not in day.highlights and "# 北门" not in day.highlights and "<@all>" not in day.highlights
