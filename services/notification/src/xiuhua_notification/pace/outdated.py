"""Whether news held back (quiet hours, the hourly limit) still holds when it may go (pure).

A message tells of one moment of an issue's life; by the time its release timer fires the issue may
have moved on. What a later fact of the issue's thread contradicts is dropped (logged ``dropped``,
``reason`` = ``outdated``, ``outdated_by`` = that fact): a "please confirm and rate" once the
resident confirmed or rated it or it was closed, "resolved" once it was reopened, a push asking a
member to take a task that went to someone else, anything of an issue since merged, rejected or
closed. "Assigned to X" once it was reassigned is told of the latest holder instead, unless a
message of that later assignment waits beside it (then that one goes alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from xiuhua_notification.threads.model import Item, Thread

ENDED = frozenset({"closed", "merged", "rejected"})  # nothing about the issue holds any more
WORK = ENDED | {"resolved"}                           # the work asked for or reported on is done
MOVED = frozenset({"assigned"})                       # the task has another holder (or the same, anew)

# template id → the later facts that make it untrue; a message not named here always holds
# (a rejection, a merge, a rating or a decline told of is a fact that stays true).
OUTDATED_BY: dict[str, frozenset[str]] = {
    "ISSUE_RECEIVED": ENDED, "LEAD_SUBMITTED": ENDED, "ISSUE_WAITING": ENDED | MOVED,
    "ISSUE_ASSIGNED": ENDED | MOVED, "ISSUE_REASSIGNED": ENDED | MOVED, "LEAD_ASSIGNED": ENDED | MOVED,
    "TASK_ASSIGNED": WORK | MOVED | {"declined"}, "TASK_REASSIGNED": WORK | MOVED | {"declined"},
    "ISSUE_PROGRESSED": ENDED, "LEAD_PROGRESSED": ENDED,
    "ISSUE_HANDED": WORK, "LEAD_HANDED": WORK, "PROPERTY_HANDED": WORK,
    "ISSUE_PROMISED": WORK, "PROPERTY_ACKNOWLEDGED": WORK, "PROPERTY_PROMISED": WORK, "PROPERTY_DONE": WORK,
    # "请确认并评价": asks the reporter for what they may already have done
    "ISSUE_RESOLVED": frozenset({"confirmed", "rated", "closed", "reopened", "merged", "rejected"}),
    "LEAD_RESOLVED": frozenset({"reopened", "merged", "rejected"}),
    "TASK_REOPENED": WORK, "LEAD_REOPENED": WORK,
    "LEAD_DECLINED_UNROUTED": ENDED | MOVED, "TASK_UNROUTED": ENDED | MOVED,
    # supervision (督办): limits and pressing of work that may be done or someone else's by now
    "TASK_REMINDER": WORK | MOVED, "TASK_OVERDUE": WORK | MOVED, "TASK_ESCALATED": WORK,
    "TASK_SILENT": WORK | MOVED, "TASK_PRESSED": WORK, "PROMISE_BROKEN": WORK | {"property"},
}
# The owners' group is asked for nothing: "已办结" stays true there until the issue is reopened.
GROUP_OUTDATED_BY: dict[str, frozenset[str]] = {"ISSUE_RESOLVED": frozenset({"reopened", "merged", "rejected"})}
# Messages naming the holder, retold of the latest one rather than dropped.
RETOLD = frozenset({"ISSUE_ASSIGNED", "ISSUE_REASSIGNED", "LEAD_ASSIGNED"})
ITEM_FACTS = {"dissatisfied": "rated"}  # items named otherwise than the fact (the rest: by their own kind)


@dataclass(frozen=True)
class Held:
    """A message waiting to go: what it says (template), where, and the moment it tells of."""

    template_id: str
    channel: str
    told_at: datetime


@dataclass(frozen=True)
class Verdict:
    """``keep``; or dropped because of ``outdated_by``; or retold naming ``assignee`` (and ``why``)."""

    outdated_by: str | None = None
    assignee: str | None = None
    why: str | None = None

    @property
    def keep(self) -> bool:
        return self.outdated_by is None and self.assignee is None


KEEP = Verdict()


def told_at(thread: Thread, event_id: str, created_at: datetime) -> datetime:
    """The moment a message tells of: its fact's own time, else when it was planned (supervision)."""
    return next((i.at for i in thread.items if i.event_id == event_id), created_at)


def later_facts(thread: Thread, after: datetime) -> list[tuple[str, datetime]]:
    """The issue's facts after ``after``, oldest first, by kind (the items', and the steps)."""
    facts = [(ITEM_FACTS.get(i.kind, i.kind), i.at) for i in thread.items if i.at > after]
    facts += [(s.kind, s.at) for s in thread.steps if s.at > after]
    return sorted(facts, key=lambda f: f[1])


def review(held: Sequence[Held], thread: Thread) -> list[Verdict]:
    """For each message of one person, issue and channel waiting together: whether it still holds."""
    return [_one(h, held, thread) for h in held]


def _one(h: Held, group: Sequence[Held], thread: Thread) -> Verdict:
    rules = (GROUP_OUTDATED_BY if h.channel == "group" else {}).get(h.template_id) or OUTDATED_BY.get(h.template_id)
    if not rules:
        return KEEP
    contradicted = [kind for kind, _ in later_facts(thread, h.told_at) if kind in rules]
    if not contradicted:
        return KEEP
    ended = [k for k in contradicted if k != "assigned"]
    if ended or h.template_id not in RETOLD:
        return Verdict(outdated_by=(ended or contradicted)[0])
    told_later = any(o.template_id in RETOLD and o.told_at > h.told_at for o in group)
    latest = _latest_assignment(thread)
    if told_later or latest is None:
        return Verdict(outdated_by="assigned")
    return Verdict(assignee=latest.data["assignee"]["name"], why=latest.data.get("why") or "重新派单")


def _latest_assignment(thread: Thread) -> Item | None:
    assigned = [i for i in thread.items if i.kind == "assigned"]
    return max(assigned, key=lambda i: i.at) if assigned else None
