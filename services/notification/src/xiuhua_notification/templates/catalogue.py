"""Every message the platform may send, with its named parameters and its default wording for each
channel: SMS (the provider's registered template and its parameters), app push (title, body,
deep link) and the owners' group (markdown). A community may reword any of them (``store``); the
defaults are today's texts of ``templates/domain.py``, in the engine's syntax.

Every message may use the issue's ``title``, ``number``, ``place`` and ``link`` (its page) besides
its own parameters; none of them is a resident's name or phone number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from xiuhua_notification.templates import domain as t

COMMON = ("title", "number", "place", "link")
CUT_ORDER = ("latest", "note", "reason", "asked", "comment", "why", "title", "place", "company")
GROUP_LIMIT = 1000  # characters of a group post (WeCom markdown takes 4,096 bytes; Chinese is 3 a character)

Audience = Literal["residents", "team", "property"]


@dataclass(frozen=True)
class Wording:
    """What a community may edit of one message (engine syntax: ``{{ title }}``)."""

    sms: str
    push_title: str
    push_body: str
    deep_link: str = "{{ link }}"
    group: str = ""
    provider_template: str = ""  # the provider's registered template code ("" → the gateway maps the id)


@dataclass(frozen=True)
class Definition:
    id: str
    label: str
    audience: Audience
    params: tuple[str, ...]
    default: Wording
    cut: tuple[str, ...] = CUT_ORDER
    sms_limit: int = t.SMS_SEGMENT

    @property
    def allowed(self) -> tuple[str, ...]:
        return COMMON + tuple(p for p in self.params if p not in COMMON)


def jinja(text: str) -> str:
    """``{title}`` (str.format) → ``{{ title }}``."""
    return re.sub(r"\{(\w+)\}", r"{{ \1 }}", text)


def _unsigned(text: str) -> str:
    return text.removeprefix("【绣花】")


def _from_sms(tpl: t.Template, label: str, title: str, group: str, *params: str) -> Definition:
    text = jinja(tpl.text)
    names = tuple(sorted(tpl.params | set(params)))
    return Definition(tpl.id, label, "residents", names,
                      Wording(sms=text, push_title=title, push_body=_unsigned(text), group=group),
                      cut=tuple(tpl.cut) + tuple(c for c in CUT_ORDER if c not in tpl.cut), sms_limit=tpl.limit)


def _from_push(tpl: t.Template, label: str, audience: Audience = "team") -> Definition:
    text = jinja(tpl.text)
    return Definition(tpl.id, label, audience, tuple(sorted(tpl.params)),
                      Wording(sms="【绣花】" + text, push_title=tpl.title, push_body=text),
                      cut=tuple(tpl.cut) + tuple(c for c in CUT_ORDER if c not in tpl.cut))


def _new(id: str, label: str, audience: Audience, sms: str, title: str, group: str = "",
         *params: str) -> Definition:
    tpl = t.Template(id, "sms", sms)
    return Definition(id, label, audience, tuple(sorted(tpl.params | set(params))),
                      Wording(sms=jinja(sms), push_title=jinja(title), push_body=jinja(_unsigned(sms)),
                              group=jinja(group)))


DEFINITIONS: dict[str, Definition] = {d.id: d for d in (
    _from_sms(t.ISSUE_RECEIVED, "收到反映（回执）", "已收到您的反映",
              "**新问题**「{{ title }}」\n> 编号{{ number }} · {{ place }}\n服务队会尽快处理。"),
    _from_sms(t.ISSUE_WAITING, "等待分派（居民）", "问题等待分派",
              "**等待分派**「{{ title }}」\n> 服务队正在安排队员"),
    _from_sms(t.ISSUE_ASSIGNED, "已派单（居民）", "问题已派单",
              "**已派单**「{{ title }}」\n> 服务队队员{{ assignee }}跟进"),
    _new("ISSUE_REASSIGNED", "改派（居民）", "residents",
         "【绣花】您反映的「{title}」已改由服务队队员{assignee}跟进。", "问题已改派",
         "**已改派**「{title}」\n> 改由服务队队员{assignee}跟进"),
    _new("ISSUE_PROGRESSED", "新进展（居民）", "residents", "【绣花】您反映的「{title}」有新进展：{note}",
         "问题有新进展", "**新进展**「{title}」\n> {note}"),
    _from_sms(t.ISSUE_HANDED, "已转物业（居民）", "问题已转物业", "**已转物业**「{{ title }}」\n> {{ company }}处理中"),
    _from_sms(t.ISSUE_PROMISED, "物业承诺日期（居民）", "物业承诺处理日期",
              "**物业承诺**「{{ title }}」\n> {{ company }}承诺{{ date }}前处理完毕"),
    _from_sms(t.ISSUE_RESOLVED, "已办结（居民）", "问题已办结，请确认",
              "**已办结**「{{ title }}」\n> {{ note }}\n[查看详情]({{ link }})"),
    _from_sms(t.ISSUE_REJECTED, "不予受理（居民）", "问题不予受理",
              "**不予受理**「{{ title }}」\n> 原因：{{ reason }}"),
    _from_sms(t.ISSUE_MERGED, "已合并（居民）", "问题已合并处理",
              "**已合并**到编号{{ number }}「{{ title }}」一并处理"),
    _new("ISSUE_DIGEST", "多条进展合并", "residents", "【绣花】「{title}」有{count}条新消息，最新：{latest}",
         "「{title}」有{count}条新消息", "**「{title}」有{count}条新进展**\n> 最新：{latest}"),
    _new("DAILY_PROGRESS", "每日进展（业主群）", "residents",
         "【绣花】{estate}今日新增{new}件、办结{done}件、处理中{ongoing}件。", "{estate}今日服务进展",
         "**{estate} 今日服务进展**\n> 今日新增 {new} 件、办结 {done} 件、处理中 {ongoing} 件\n{highlights}\n"
         "[查看服务公示]({link})", "highlights"),
    _from_push(t.TASK_ASSIGNED, "新派单（队员）"),
    _from_push(t.TASK_REASSIGNED, "转派（队员）"),
    _from_push(t.TASK_REOPENED, "重新打开（队员）"),
    _from_push(t.PROPERTY_HANDED, "转办（物业）", "property"),
    _from_push(t.PROPERTY_ACKNOWLEDGED, "物业已确认"),
    _from_push(t.PROPERTY_PROMISED, "物业承诺日期"),
    _from_push(t.PROPERTY_DONE, "物业已完成"),
    _from_push(t.LEAD_DECLINED, "队员退回（队长）"),
    _from_push(t.LEAD_DECLINED_UNROUTED, "队员退回待安排（队长）"),
    _from_push(t.LEAD_REOPENED, "重新打开（队长）"),
    _from_push(t.LEAD_DISSATISFIED, "回访不满意（队长）"),
    _new("LEAD_SUBMITTED", "新问题（队长）", "team", "【绣花】新问题：{place}「{title}」（编号{number}），请及时受理。",
         "新问题"),
    _new("LEAD_ASSIGNED", "已派单（队长）", "team", "【绣花】「{title}」已派给{assignee}。", "已派单"),
    _new("LEAD_PROGRESSED", "新进展（队长）", "team", "【绣花】「{title}」有新进展：{note}", "新进展"),
    _new("LEAD_HANDED", "已转物业（队长）", "team", "【绣花】「{title}」已转交{company}：{asked}", "已转物业"),
    _new("LEAD_RESOLVED", "已办结（队长）", "team", "【绣花】「{title}」已办结：{note}", "问题已办结"),
)}

# Sample parameters for previews (a realistic message of 春澜璟园).
SAMPLE = {
    "title": "地下车库A区太潮湿", "number": "20250518", "place": "春澜璟园 地下车库A区",
    "link": "https://xiuhua.example.cn/#/issues/0123456789abcdef", "assignee": "李明", "company": "春澜物业",
    "date": "5月20日", "due": "5月21日", "note": "已放置两台除湿机", "reason": "不是我的分管",
    "asked": "请在A区加装两台除湿机", "why": "陈立群改派：李明休假", "member": "李明", "to": "冯磊", "count": "3",
    "solved": "未解决", "comment": "留言：墙面返潮。", "latest": "春澜物业承诺5月20日前处理完毕。",
    "estate": "春澜璟园", "new": "5", "done": "3", "ongoing": "12",
    "highlights": "- 已办结：「地下车库A区太潮湿」（地下车库A区）：已放置两台除湿机\n"
                  "- 处理中：「东侧绿化带花草枯死」（8人附议）",
}


def sample(definition: Definition) -> dict[str, str]:
    return {name: SAMPLE.get(name, name) for name in definition.allowed}


def with_override(definition: Definition, override: dict | None) -> Wording:
    """The community's wording of ``definition`` (its fields over the default's)."""
    if not override:
        return definition.default
    return replace(definition.default, **{k: v for k, v in override.items() if k in Wording.__dataclass_fields__})
