"""Pure rules of the roster: whose a person id is, and that a team keeps a lead on duty.

A person's id is the ``sub`` of their token: notification keys their messages and preferences by
it, intake their photo drafts. Giving an id to another phone would hand all of that to whoever
holds the new phone, so an id names one phone for good — across communities, across kinds of
people, and after its holder left (issue 15 §5). The same phone under the same id is the same
person: a removed member may come back, a staff member may also serve on another team."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xiuhua_auth import mask_phone

RESIDENT_PREFIX = "r-"  # intake makes residents' ids ("r-" + 12 hex) at their first login
KIND_LABELS = {"member": "队员", "staff": "社区工作者", "property": "物业联系人", "admin": "街道管理员"}


def id_refusal(person_id: str, phone: str, held: Mapping[str, Any] | None, *, community: str,
               on_roster: bool) -> str | None:
    """Why ``person_id`` may not name ``phone`` on ``community``'s roster (None when it may).

    ``held``: who the platform gave the id to (``{phone, kind, community, name}``), if anyone;
    ``on_roster``: the id is a member of this very team now."""
    if held is None:
        if person_id.startswith(RESIDENT_PREFIX):
            return f"编号 {person_id} 以 {RESIDENT_PREFIX} 开头，这类编号留给居民，请换一个编号"
        return None
    if held["phone"] == phone:
        return None
    if held["kind"] == "member" and held.get("community") == community:
        if on_roster:
            return (f"编号 {person_id} 属于队员{held['name']}（手机号 {mask_phone(held['phone'])}），"
                    "编号与手机号一一对应、不能改给别人；换了手机号请移除该队员，再用新编号添加")
        return f"编号 {person_id} 属于已移出的队员{held['name']}，不能给其他人使用，请换一个编号"
    label = KIND_LABELS.get(held["kind"], "其他人员")
    if held["kind"] == "member":
        label = "其他社区的队员"
    elif held.get("community") == community:
        label += held["name"]
    return f"编号 {person_id} 已属于{label}，一个编号只能对应一个人，请换一个编号"


def is_active_lead(doc: Mapping[str, Any] | None) -> bool:
    return doc is not None and doc.get("role") == "lead" and bool(doc.get("active"))


def leaves_no_lead(current: Mapping[str, Any] | None, after: Mapping[str, Any] | None, *, other_leads: int) -> bool:
    """Would the change (``after`` None: removal) take away the team's last active lead? Reports
    nobody else can take go to a lead; a team without one leaves them waiting with nobody told."""
    return is_active_lead(current) and not is_active_lead(after) and other_leads == 0
