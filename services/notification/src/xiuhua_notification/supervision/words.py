"""The pushes of supervision (督办): to the member before and at a limit, up the ladder after it,
of a task pressed by staff, of a property company's broken promise, and to the community's staff
of an issue nobody could take. Pure: a fact in, the messages out."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from xiuhua_notification import events as f
from xiuhua_notification.messages.outgoing import Outgoing
from xiuhua_notification.templates.domain import PUSH_LIMIT, Template, day

SHANGHAI = timezone(timedelta(hours=8))
WHAT = {"respond": ("响应", "受理"), "resolve": ("办结", "办结")}


def _push(id: str, title: str, text: str, *cut: str) -> Template:
    return Template(id, "push", text, title=title, cut=cut, limit=PUSH_LIMIT)


REMINDER = _push("TASK_REMINDER", "时限将到", "「{title}」的{what}时限是{due}，请及时{action}。", "title")
OVERDUE = _push("TASK_OVERDUE", "已超时", "「{title}」已超过{what}时限（{due}），已报告队长，请尽快{action}。", "title")
ESCALATED = _push("TASK_ESCALATED", "超时督办", "{member}负责的「{title}」已超过{what}时限（{due}），请督促跟进。",
                  "title", "member")
SILENT = _push("TASK_SILENT", "队员未响应", "「{title}」：{note}", "note", "title")
PRESSED = _push("TASK_PRESSED", "社区督办", "{who}督办「{title}」：{note}", "note", "title")
PROMISE_BROKEN = _push("PROMISE_BROKEN", "物业承诺逾期",
                       "{company}承诺{date}前处理的「{title}」已逾期未完成，请尽快处理并回复。", "title", "company")

UNROUTED = _push("TASK_UNROUTED", "无人接单", "「{title}」无人可接：{why}。请尽快安排队员接手。", "why", "title")


READERS = {f.TASK_REMINDED: f.Reminded, f.TASK_SLA_BREACHED: f.Breached, f.TASK_ESCALATED: f.Escalated,
           f.TASK_PRESSED: f.Pressed, f.TASK_PROMISE_BROKEN: f.PromiseBroken, f.TASK_UNROUTED: f.Unrouted}


def when(moment: datetime) -> str:
    local = moment.astimezone(SHANGHAI)
    return f"{local.month}月{local.day}日{local:%H:%M}"


def messages(event_id: str, correlationid: str, fact: f._Reader, public_url: str) -> list[Outgoing]:
    link = f"{public_url.rstrip('/')}/#/issues/{fact.issue_id}"

    def to(people: list[str], template: Template, **params: str) -> list[Outgoing]:
        rendered = template.render(**params)
        return [Outgoing(event_id=event_id, correlationid=correlationid, channel="push", to=p, to_sub=p,
                         message=rendered, community=fact.community, issue_id=fact.issue_id, deep_link=link)
                for p in dict.fromkeys(people)]

    if isinstance(fact, f.Reminded):
        what, action = WHAT[fact.kind]
        return to([fact.assignee.id], REMINDER, title=fact.title, what=what, due=when(fact.due_at), action=action)
    if isinstance(fact, f.Breached):
        if fact.assignee is None:
            return []
        what, action = WHAT[fact.kind]
        return to([fact.assignee.id], OVERDUE, title=fact.title, what=what, due=when(fact.due_at), action=action)
    if isinstance(fact, f.Escalated):
        if fact.kind == "silent":
            return to(fact.to, SILENT, title=fact.title, note=fact.note)
        member = fact.assignee.name if fact.assignee else "无人"
        due = when(fact.due_at) if fact.due_at else "已过"
        return to(fact.to, ESCALATED, member=member, title=fact.title, what=WHAT[fact.kind][0], due=due)
    if isinstance(fact, f.Pressed):
        people = [*([fact.assignee.id] if fact.assignee else []), *fact.leads]
        return to(people, PRESSED, who=fact.actor.name, title=fact.title, note=fact.note)
    if isinstance(fact, f.PromiseBroken):
        people = [*([fact.assignee.id] if fact.assignee else []), *fact.contacts]
        return to(people, PROMISE_BROKEN, company=fact.company.name, date=day(fact.promised_date), title=fact.title)
    if isinstance(fact, f.Unrouted):
        return to(fact.to, UNROUTED, title=fact.title, why=fact.why or "服务队无人在岗")
    return []
