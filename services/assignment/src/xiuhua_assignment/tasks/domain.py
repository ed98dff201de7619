"""A task's life in assignment and who may take which step (pure rules, no I/O).

assigned (waiting for the member) → in_progress (taken) ⇄ with_property (转物业) → resolved →
closed; cancelled when the issue is merged or rejected; unrouted while nobody can take it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xiuhua_auth import Principal

UNROUTED, ASSIGNED, IN_PROGRESS, WITH_PROPERTY = "unrouted", "assigned", "in_progress", "with_property"
RESOLVED, CLOSED, CANCELLED = "resolved", "closed", "cancelled"
OPEN = frozenset({ASSIGNED, IN_PROGRESS, WITH_PROPERTY})

LABELS = {UNROUTED: "待派单", ASSIGNED: "待受理", IN_PROGRESS: "处理中", WITH_PROPERTY: "已转物业",
          RESOLVED: "已办结", CLOSED: "已关闭", CANCELLED: "已撤销"}
ACTION_LABELS = {"accept": "受理", "decline": "退回", "progress": "记录进展", "handover": "转物业",
                 "resolve": "办结", "property": "反馈物业进展", "reassign": "改派", "wait": "等待居民",
                 "resume": "继续办理", "press": "督办"}

ASSIGNEE_ACTIONS = ("accept", "decline", "progress", "handover", "resolve", "wait", "resume")
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "accept": frozenset({ASSIGNED}),
    "decline": frozenset({ASSIGNED, IN_PROGRESS}),
    "progress": OPEN,
    "handover": frozenset({ASSIGNED, IN_PROGRESS}),
    "resolve": OPEN,
    "property": frozenset({WITH_PROPERTY}),
    "reassign": OPEN | {UNROUTED},
    "wait": frozenset({IN_PROGRESS}),     # waiting on the resident (access, a reply): the clock pauses
    "resume": frozenset({IN_PROGRESS}),
    "press": OPEN | {UNROUTED},           # 督办 by community staff or the subdistrict
}
# Steps that answer the resident (a decline hands the issue back and is not a response).
RESPONSES = frozenset({"accepted", "progressed", "handed_to_property", "resolved"})


@dataclass(frozen=True)
class Refusal:
    status: int  # 403 not yours to take, 409 not in this state
    code: str
    message: str


def refusal(action: str, task: dict[str, Any], actor: Principal) -> Refusal | None:
    """Why ``actor`` may not take ``action`` on ``task`` now; ``None`` when they may."""
    if actor.community != task["community"] and not (
            action == "press" and actor.role == "admin" and actor.subdistrict == task.get("subdistrict")):
        return Refusal(403, "other_community", "无权操作其他社区的派单")
    assignee = (task.get("assignee") or {}).get("id")
    if action in ASSIGNEE_ACTIONS:
        if actor.role not in ("member", "lead") or actor.sub != assignee:
            return Refusal(403, "not_assignee", "只有负责该问题的队员可以操作")
        if action == "decline" and actor.role == "lead":
            return Refusal(403, "lead_cannot_decline", "队长不能退回，请改派给其他队员")
    elif action == "property":
        company = ((task.get("property") or {}).get("company") or {}).get("id")
        if actor.role != "property" or company is None or actor.company != company:
            return Refusal(403, "not_handed_to_you", "该问题没有转给贵公司")
    elif action == "reassign" and actor.role not in ("lead", "staff"):
        return Refusal(403, "not_lead", "只有队长或社区工作者可以改派")
    elif action == "press" and actor.role not in ("staff", "admin"):
        return Refusal(403, "not_staff", "只有社区工作者或街道管理员可以督办")
    if task["status"] not in ALLOWED_FROM[action]:
        return Refusal(409, "wrong_state",
                       f"该派单{LABELS.get(task['status'], task['status'])}，不能{ACTION_LABELS[action]}")
    waiting = bool(task.get("waiting_since"))
    if action == "wait" and waiting:
        return Refusal(409, "already_waiting", "已在等待居民，办结时限暂停中")
    if action == "resume" and not waiting:
        return Refusal(409, "not_waiting", "没有在等待居民")
    return None


def allowed_actions(task: dict[str, Any], actor: Principal) -> list[str]:
    """The steps ``actor`` may take on ``task`` now (pages show exactly these)."""
    return [a for a in ALLOWED_FROM if refusal(a, task, actor) is None]
