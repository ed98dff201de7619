"""The words of an issue's timeline: one short sentence per step that a resident understands.

Residents' names never go into the sentence (the entry's actor carries the name, masked for
those who should not see it); team members, the property company and the platform are named.
What the property company writes with each answer is part of its sentence: it is their word on
the issue, kept on the timeline and in the record."""

from __future__ import annotations

from typing import Any

from xiuhua_intake.issues.domain.categories import CATEGORIES

PRIORITY_LABELS = {"urgent": "紧急", "normal": "一般"}
SATISFACTION_LABELS = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}


def sentence(kind: str, actor: dict[str, Any], d: dict[str, Any]) -> str:
    """``d``: the step's details (reason, note, company, …)."""
    name = actor.get("name", "")
    company = (d.get("company") or {}).get("name", "物业公司")
    said = f"：{d['note']}" if d.get("note") else ""
    texts = {
        "submitted": {"resident": "居民反映了问题", "gateway": "居民通过短信或业主群反映了问题"}.get(
            actor.get("role", ""), f"{name}上报了问题"),
        "triaged": f"{name}受理：{CATEGORIES.get(d.get('category'), d.get('category'))}，"
                   f"{PRIORITY_LABELS.get(d.get('priority'), '')}",
        "assigned": f"{'改派给' if d.get('reassigned') else '派给'}队员{(d.get('assignee') or {}).get('name', '')}"
                    + (f"（{d['why']}）" if d.get("why") else ""),
        "accepted": f"队员{name}已受理",
        "declined": f"队员{name}退回" + (f"：{d['reason']}" if d.get("reason") else "，服务队另行安排"),
        "unrouted": "等待服务队分派",
        "progressed": f"队员{name}：{d.get('note', '')}",
        "handed_to_property": f"队员{name}转交{company}：{d.get('asked', '')}"
                              + (f"，期限{d['due_date']}" if d.get("due_date") else ""),
        "property_acknowledged": f"{company}已确认收到" + said,
        "property_promised": f"{company}承诺{d.get('promised_date', '')}前完成" + said,
        "property_done": f"{company}反馈已完成" + said,
        "resolved": f"队员{name}办结：{d.get('note', '')}",
        "supported": f"又有居民附议（共{d.get('supporters', 1)}人）",
        "commented": f"{'居民' if actor.get('role') == 'resident' else name}留言：{d.get('text', '')}",
        "merged": f"与编号{d.get('into_number', '')}的相同问题合并处理",
        "merged_from": f"编号{d.get('number', '')}的相同问题并入本问题",
        "rejected": f"不予受理：{d.get('reason', '')}",
        "confirmed": "反映人确认问题已解决",
        "reopened": f"反映人重新打开：{d.get('reason', '')}",
        "rated": f"回访：{'已解决' if d.get('solved') else '未解决'}，"
                 f"{SATISFACTION_LABELS.get(d.get('satisfaction'), '')}",
        "closed": "反映人确认后关闭" if d.get("reason") == "confirmed"
                  else f"办结{d.get('days', 7)}天无人确认，自动关闭",
    }
    return texts[kind]


# What stays with the team: why a task went to whom (routing's reasons, a member's open tasks, the
# lead's reassign note) and why a member handed it back. Residents and the property company see
# that it happened, not the team's words about it.
INTERNAL = {"assigned": "why", "declined": "reason"}


def outside_view(step: dict[str, Any]) -> dict[str, Any]:
    """A stored timeline step as people outside the team read it: its internal note left out."""
    hidden = INTERNAL.get(step["kind"])
    details = step.get("details") or {}
    if hidden is None or hidden not in details:
        return step
    kept = {k: v for k, v in details.items() if k != hidden}
    return step | {"details": kept, "note": None, "text": sentence(step["kind"], step["actor"], kept)}
