"""Who may take which step on an issue, and when (pure rules, no I/O).

The lead (and community staff) sort: triage, reject, merge. Residents of the estate say "me too".
Anyone who may see an issue comments. Only the reporter confirms, reopens (within the community's
window after the resolution) and answers the return visit, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from xiuhua_auth import Principal
from xiuhua_intake.issues.domain.status import FINISHED, IN_HAND, LABELS, Status

STEP_LABELS = {"triage": "受理分类", "reject": "不予受理", "merge": "合并", "support": "附议", "comment": "留言",
               "confirm": "确认解决", "reopen": "重新打开", "rating": "评价"}
SORTERS = frozenset({"lead", "staff"})


@dataclass(frozen=True)
class Refusal:
    status: int  # 403: not yours to take; 409: not now
    code: str
    message: str


def may_see(issue: dict[str, Any], actor: Principal) -> bool:
    """The community's people and its subdistrict; a property company only what was handed to it."""
    if not actor.can_access(community=issue["community"], subdistrict=issue["subdistrict"]):
        return False
    if actor.role == "property":
        return ((issue.get("property") or {}).get("company") or {}).get("id") == actor.company
    return True


def is_reporter(issue: dict[str, Any], actor: Principal, phone: str | None = None) -> bool:
    """The caller reported it: by their login, or — a report taken by SMS, the chat group or a team
    member — by their verified phone (``phone``: the resident's own, from their login)."""
    if issue["reporter"].get("sub") == actor.sub:
        return True
    return (actor.role == "resident" and phone is not None and actor.community == issue["community"]
            and issue["reporter"].get("phone") == phone)


def refusal(step: str, issue: dict[str, Any], actor: Principal, *, now: datetime,
            reopen_days: int = 7, phone: str | None = None) -> Refusal | None:
    """Why ``actor`` may not take ``step`` on ``issue`` now; ``None`` when they may."""
    status = Status(issue["status"])
    label = STEP_LABELS[step]
    wrong_state = Refusal(409, "wrong_state", f"该问题{LABELS[status]}，不能{label}")
    if not may_see(issue, actor):
        return Refusal(403, "other_community", "无权操作其他社区的问题")
    if step in ("triage", "reject", "merge"):
        if actor.role not in SORTERS or actor.community != issue["community"]:
            return Refusal(403, "not_lead", f"只有队长或社区工作者可以{label}")
        return None if status in IN_HAND else wrong_state
    if step == "support":
        if actor.community != issue["community"] or actor.estate != issue["estate"]:
            return Refusal(403, "not_a_neighbour", "只有本小区居民可以附议")
        if is_reporter(issue, actor, phone):
            return Refusal(409, "own_issue", "不能附议自己反映的问题")
        if any(s["sub"] == actor.sub for s in issue.get("supporters", [])):
            return Refusal(409, "already_supported", "您已附议过该问题")
        return None if status in IN_HAND else wrong_state
    if step == "comment":
        return None
    if not is_reporter(issue, actor, phone):
        return Refusal(403, "not_reporter", f"只有反映人可以{label}")
    if step in ("confirm", "reopen"):
        if status != Status.RESOLVED:
            return wrong_state
        resolved_at = issue.get("resolved_at")
        if step == "reopen" and resolved_at and now - resolved_at > timedelta(days=reopen_days):
            return Refusal(409, "reopen_window_passed", f"办结已超过{reopen_days}天，不能重新打开，请重新反映")
        return None
    if issue.get("rating"):
        return Refusal(409, "already_rated", "您已评价过该问题")
    if status != Status.RESOLVED and (status != Status.CLOSED or not issue.get("resolved_at")):
        return wrong_state
    return None


def allowed_steps(issue: dict[str, Any], actor: Principal, *, now: datetime, reopen_days: int = 7,
                  phone: str | None = None) -> list[str]:
    """The steps ``actor`` may take on ``issue`` now (pages show exactly these)."""
    return [s for s in STEP_LABELS
            if refusal(s, issue, actor, now=now, reopen_days=reopen_days, phone=phone) is None]


def finished(issue: dict[str, Any]) -> bool:
    return Status(issue["status"]) in FINISHED
