"""Who is told of what, through which channels: a table per community from the kind of news to the
recipients and their channels, and whether the estate's owners' group hears it too (pure).

The platform's defaults are the rules the service always followed; a community's staff (or the
subdistrict's admin) may change them. Each kind of news names the message each audience reads
(``templates.catalogue``); a recipient without a message for them cannot be chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Recipient = Literal["reporter", "supporters", "assignee", "lead", "property", "staff"]
Channel = Literal["sms", "push"]
RECIPIENTS: tuple[Recipient, ...] = ("reporter", "supporters", "assignee", "lead", "property", "staff")
CHANNELS: tuple[Channel, ...] = ("sms", "push")
RECIPIENT_LABELS = {"reporter": "报事人", "supporters": "附议居民", "assignee": "负责队员", "lead": "队长",
                    "property": "物业联系人", "staff": "社区工作者"}
CHANNEL_LABELS = {"sms": "短信", "push": "App 推送", "group": "业主群"}


@dataclass(frozen=True)
class Kind:
    """A kind of news and the message each audience reads of it (template ids)."""

    key: str
    label: str
    residents: str | None = None   # reporter, supporters and the owners' group
    assignee: str | None = None
    team: str | None = None        # lead and staff
    contacts: str | None = None    # the property company's contacts

    @property
    def allowed(self) -> tuple[Recipient, ...]:
        have = {"reporter": self.residents, "supporters": self.residents, "assignee": self.assignee,
                "lead": self.team, "staff": self.team, "property": self.contacts}
        return tuple(r for r in RECIPIENTS if have[r])

    @property
    def group_allowed(self) -> bool:
        return self.residents is not None


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("issue.submitted", "新问题提交", residents="ISSUE_RECEIVED", team="LEAD_SUBMITTED"),
    Kind("task.unrouted", "暂无人可接（等待分派）", residents="ISSUE_WAITING"),
    Kind("task.assigned", "首次派单", residents="ISSUE_ASSIGNED", assignee="TASK_ASSIGNED", team="LEAD_ASSIGNED"),
    Kind("task.reassigned", "改派", residents="ISSUE_REASSIGNED", assignee="TASK_REASSIGNED", team="LEAD_ASSIGNED"),
    Kind("task.declined", "队员退回", team="LEAD_DECLINED"),
    Kind("task.progressed", "进展说明", residents="ISSUE_PROGRESSED", team="LEAD_PROGRESSED"),
    Kind("task.handed_to_property", "转交物业", residents="ISSUE_HANDED", team="LEAD_HANDED",
         contacts="PROPERTY_HANDED"),
    Kind("task.property_updated", "物业答复", residents="ISSUE_PROMISED", assignee="PROPERTY_PROMISED",
         team="PROPERTY_PROMISED"),
    Kind("task.resolved", "办结", residents="ISSUE_RESOLVED", team="LEAD_RESOLVED"),
    Kind("issue.rejected", "不予受理", residents="ISSUE_REJECTED"),
    Kind("issue.merged", "合并重复问题", residents="ISSUE_MERGED"),
    Kind("issue.reopened", "重新打开", assignee="TASK_REOPENED", team="LEAD_REOPENED"),
    Kind("issue.rated", "回访不满意", team="LEAD_DISSATISFIED"),
)}


@dataclass(frozen=True)
class Rule:
    """One kind of news: each recipient's channels, and whether the owners' group hears it."""

    recipients: dict[str, tuple[str, ...]] = field(default_factory=dict)
    group: bool = False

    def channels(self, recipient: str) -> tuple[str, ...]:
        return self.recipients.get(recipient, ())


Table = dict[str, Rule]

_RESIDENTS_SMS = {"reporter": ("sms",), "supporters": ("sms",)}
DEFAULTS: Table = {
    "issue.submitted": Rule({"reporter": ("sms",)}),
    "task.unrouted": Rule({"reporter": ("sms",)}),  # once: the reporter hears what happens next
    "task.assigned": Rule({**_RESIDENTS_SMS, "assignee": ("push",)}),
    "task.reassigned": Rule({"assignee": ("push",)}),
    "task.declined": Rule({"lead": ("push",)}),
    "task.progressed": Rule({}),
    "task.handed_to_property": Rule({**_RESIDENTS_SMS, "property": ("push",)}),
    "task.property_updated": Rule({**_RESIDENTS_SMS, "assignee": ("push",)}),
    "task.resolved": Rule(dict(_RESIDENTS_SMS)),
    "issue.rejected": Rule(dict(_RESIDENTS_SMS)),
    "issue.merged": Rule(dict(_RESIDENTS_SMS)),
    "issue.reopened": Rule({"assignee": ("push",), "lead": ("push",)}),
    "issue.rated": Rule({"lead": ("push",)}),
}


class RuleInvalid(ValueError):
    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def validate(rows: dict[str, Rule]) -> Table:
    """Check a community's table (unknown kinds, recipients or channels; a recipient the kind has no
    message for); kinds it leaves out keep the defaults."""
    table = dict(DEFAULTS)
    for key, rule in rows.items():
        kind = KINDS.get(key)
        if kind is None:
            raise RuleInvalid(f"未知的事件类型：{key}", key)
        for recipient, channels in rule.recipients.items():
            if recipient not in RECIPIENTS:
                raise RuleInvalid(f"未知的接收人：{recipient}", f"{key}.{recipient}")
            if recipient not in kind.allowed and channels:
                raise RuleInvalid(f"「{kind.label}」没有写给{RECIPIENT_LABELS[recipient]}的消息，不能通知他们",
                                  f"{key}.{recipient}")
            bad = [c for c in channels if c not in CHANNELS]
            if bad:
                raise RuleInvalid(f"未知的渠道：{'、'.join(bad)}", f"{key}.{recipient}")
        if rule.group and not kind.group_allowed:
            raise RuleInvalid(f"「{kind.label}」不能发到业主群", f"{key}.group")
        table[key] = Rule({r: tuple(dict.fromkeys(c)) for r, c in rule.recipients.items() if c}, rule.group)
    return table


def from_doc(doc: dict | None) -> Table:
    """The stored table (``rules`` collection) over the defaults."""
    if not doc:
        return dict(DEFAULTS)
    rows = {k: Rule({r: tuple(c) for r, c in v.get("recipients", {}).items()}, bool(v.get("group")))
            for k, v in doc.get("kinds", {}).items() if k in KINDS}
    return {**DEFAULTS, **rows}


def to_doc(table: Table) -> dict:
    return {k: {"recipients": {r: list(c) for r, c in rule.recipients.items()}, "group": rule.group}
            for k, rule in table.items()}
