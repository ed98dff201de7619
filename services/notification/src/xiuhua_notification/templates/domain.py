"""Message templates, as data. SMS providers in China send pre-registered templates filled with
parameters, so every message has a template id and named parameters; ``text`` is what the person
reads. Residents' SMS stay within one 70-character segment (UCS-2) by shortening the free text
(a title, a reason) — except the resolved message, whose link alone fills most of a segment: it
may use two concatenated segments (67 characters each).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

SMS_SEGMENT = 70
LONG_SMS = 2 * 67
PUSH_LIMIT = 120
MIN_KEEP = 6  # a shortened parameter keeps at least this many characters (with its "…")
ENDS = "。！？.!?"  # marks that end a sentence
_DOUBLED = re.compile(r"([。！？.!?])。")


@dataclass(frozen=True)
class Rendered:
    template_id: str
    params: dict[str, str]
    text: str
    title: str = ""  # app pushes have a title line
    deep_link: str = ""  # app pushes: the page the message opens
    provider_template: str = ""  # SMS: the provider's registered template code, when the community set one


@dataclass(frozen=True)
class Template:
    id: str
    channel: Literal["sms", "push"]
    text: str
    title: str = ""
    cut: tuple[str, ...] = ()  # parameters that may be shortened to fit ``limit``, first to last
    limit: int = field(default=0)

    @property
    def params(self) -> frozenset[str]:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.text) if name)

    def render(self, **params: str) -> Rendered:
        if set(params) != self.params:
            raise ValueError(f"{self.id} takes {sorted(self.params)}, got {sorted(params)}")
        limit = self.limit or (SMS_SEGMENT if self.channel == "sms" else PUSH_LIMIT)
        fitted = dict(params)
        for name in self.cut:
            over = len(self.text.format(**fitted)) - limit
            if over <= 0:
                break
            fitted[name] = shorten(fitted[name], max(len(fitted[name]) - over, MIN_KEEP))
        return Rendered(self.id, fitted, tidy(self.text.format(**fitted)), self.title)


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, the last one an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def day(value: date | str) -> str:
    """``2025-05-20`` → ``5月20日``: how a date reads in a message."""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.month}月{d.day}日"


def tidy(text: str) -> str:
    """A template's 。 after a parameter that already ends its sentence is dropped: a note written
    "无滴水。" reads "…无滴水。请确认并评价", never "无滴水。。"."""
    return _DOUBLED.sub(r"\1", text)


def labelled(label: str, text: str | None) -> str:
    """An optional sentence: ``说明：…。`` when there is something to say, nothing otherwise; a text
    that ends with its own mark (！？.!?) keeps it."""
    text = (text or "").strip().rstrip("。")
    if not text:
        return ""
    return f"{label}：{text}" + ("" if text.endswith(tuple(ENDS)) else "。")


def _sms(id: str, text: str, *cut: str, limit: int = SMS_SEGMENT) -> Template:
    return Template(id, "sms", text, cut=cut, limit=limit)


def _push(id: str, title: str, text: str, *cut: str) -> Template:
    return Template(id, "push", text, title=title, cut=cut, limit=PUSH_LIMIT)


# -- SMS to residents: the reporter and every supporter hear the same ------------------------------
ISSUE_RECEIVED = _sms("ISSUE_RECEIVED", "【绣花】已收到您反映的「{title}」，编号{number}，服务队会尽快处理。", "title")
ISSUE_ASSIGNED = _sms("ISSUE_ASSIGNED",
                      "【绣花】您反映的问题「{title}」已派给服务队队员{assignee}跟进，进展会及时告知您。", "title")
ISSUE_HANDED = _sms("ISSUE_HANDED", "【绣花】您反映的「{title}」已转交{company}处理，进展会及时告知您。",
                    "title", "company")
ISSUE_PROMISED = _sms("ISSUE_PROMISED", "【绣花】您反映的「{title}」，{company}承诺{date}前处理完毕。",
                      "title", "company")
ISSUE_RESOLVED = _sms("ISSUE_RESOLVED", "【绣花】您反映的「{title}」已办结：{note}。请确认并评价：{link}",
                      "title", "note", limit=LONG_SMS)
ISSUE_WAITING = _sms("ISSUE_WAITING", "【绣花】您反映的问题「{title}」正在等待服务队分派，派单后会及时告知您。",
                     "title")
ISSUE_REJECTED = _sms("ISSUE_REJECTED", "【绣花】您反映的「{title}」不予受理，原因：{reason}。", "title", "reason")
ISSUE_MERGED = _sms("ISSUE_MERGED", "【绣花】您反映的问题已合并到编号{number}「{title}」一并处理，进展会及时告知您。",
                    "title")
LOGIN_CODE = _sms("LOGIN_CODE", "【绣花】验证码{code}，5分钟内有效。如非本人操作请忽略。")

# -- app pushes to the assignee, the property company's contacts and the lead(s) ---------------------
TASK_ASSIGNED = _push("TASK_ASSIGNED", "新派单", "新派单：{place}「{title}」，请及时受理。", "title", "place")
TASK_REASSIGNED = _push("TASK_REASSIGNED", "转派给您", "转派给您：{place}「{title}」（{why}），请及时受理。",
                        "why", "title", "place")
TASK_REOPENED = _push("TASK_REOPENED", "问题被重新打开", "居民重新打开了您办结的「{title}」：{reason}。请继续跟进。",
                      "reason", "title")
PROPERTY_HANDED = _push("PROPERTY_HANDED", "服务队转办", "{place}「{title}」：{asked}。请于{due}前处理并回复。",
                        "asked", "title", "place")
PROPERTY_ACKNOWLEDGED = _push("PROPERTY_ACKNOWLEDGED", "物业已确认", "{company}已确认收到「{title}」。{note}",
                              "note", "title")
PROPERTY_PROMISED = _push("PROPERTY_PROMISED", "物业承诺日期", "{company}承诺{date}前处理完「{title}」。{note}",
                          "note", "title")
PROPERTY_DONE = _push("PROPERTY_DONE", "物业已完成", "{company}报告「{title}」已处理完毕。{note}请核实后办结。",
                      "note", "title")
LEAD_DECLINED = _push("LEAD_DECLINED", "队员退回", "{member}退回了「{title}」，原因：{reason}。已转给{to}。",
                      "reason", "title")
LEAD_DECLINED_UNROUTED = _push("LEAD_DECLINED_UNROUTED", "队员退回，待安排",
                               "{member}退回了「{title}」，原因：{reason}。暂无队员可接，请您安排。", "reason", "title")
LEAD_REOPENED = _push("LEAD_REOPENED", "问题被重新打开",
                      "居民重新打开了「{title}」（编号{number}，第{count}次）：{reason}", "reason", "title")
LEAD_DISSATISFIED = _push("LEAD_DISSATISFIED", "回访不满意", "「{title}」回访不满意，居民认为问题{solved}。{comment}",
                          "comment", "title")

TEMPLATES: dict[str, Template] = {t.id: t for t in (
    ISSUE_RECEIVED, ISSUE_ASSIGNED, ISSUE_HANDED, ISSUE_PROMISED, ISSUE_RESOLVED, ISSUE_REJECTED, ISSUE_MERGED,
    ISSUE_WAITING,
    LOGIN_CODE, TASK_ASSIGNED, TASK_REASSIGNED, TASK_REOPENED, PROPERTY_HANDED, PROPERTY_ACKNOWLEDGED,
    PROPERTY_PROMISED, PROPERTY_DONE, LEAD_DECLINED, LEAD_DECLINED_UNROUTED, LEAD_REOPENED, LEAD_DISSATISFIED,
)}
PROPERTY_UPDATES = {"acknowledged": PROPERTY_ACKNOWLEDGED, "promised": PROPERTY_PROMISED, "done": PROPERTY_DONE}
