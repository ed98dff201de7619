"""Residents' words as plain text in an owners'-group post, whichever robot carries it (pure).

A group post is markdown in the dialect of the estate's robot, and the same post also leaves as
``group.requested`` for any other chat gateway, so one escape serves every dialect:

- WeCom group robot markdown: ``# headings``, ``**bold**``, ``*italic*``, ``[links](…)``, `` `code` ``,
  ``> quotes``, ``<font color="…">``, ``<@userid>`` mentions (markdown_v2 adds images, lists, tables);
  https://developer.work.weixin.qq.com/document/path/91770
- DingTalk custom robot markdown: the same, ``![images](…)``, lists and HTML such as ``<font>``;
  https://open.dingtalk.com/document/orgapp/custom-bot-send-message-type
- Feishu custom bot text: ``<at user_id="all"></at>`` mentions everyone, and newer clients render
  ``[links](…)`` and ``**bold**``; https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot

None of them documents an escape character (a backslash shows as a backslash), so the characters
that open any of these constructs become their full-width forms, which read the same in Chinese
text and mean nothing to any dialect; line breaks become spaces, so that a title cannot start a
heading, a quote or a list of its own. The mapping is one character for one, so shortening an
escaped text never breaks it, and escaping twice changes nothing. A bare URL stays visible as the
resident wrote it: it can no longer hide behind words of the robot's.
"""

from __future__ import annotations

_FULL_WIDTH = {
    "[": "［", "]": "］",            # links, images
    "<": "＜", ">": "＞",            # HTML, <font>, <@userid>, <at user_id="all">, quotes
    "*": "＊", "_": "＿", "~": "～",  # emphasis, strike-through
    "`": "｀", "#": "＃", "|": "｜",  # code, headings, tables
    "@": "＠", "&": "＆", "\\": "＼",  # @all, HTML entities (&lt;), escapes
}
_TABLE = str.maketrans({**_FULL_WIDTH, "\r": " ", "\n": " ", "\t": " "})


def plain(text: str) -> str:
    """``text`` as it reads, with nothing a group robot would take as markup or a mention."""
    return text.translate(_TABLE)
