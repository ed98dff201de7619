"""Who may read which rates (pure rules, no I/O).

Community staff, the lead and admins read their own scope: a community's lead and staff that
community, its estates, members, property companies and categories; a subdistrict admin the
subdistrict and everything in it (a category: across the subdistrict). A member reads their own
figures, a property contact their own company's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xiuhua_auth import Principal

READERS = frozenset({"staff", "lead", "admin"})


@dataclass(frozen=True)
class Place:
    """Where a scope lives, and what it is called (when the events told it)."""

    community: str | None
    subdistrict: str | None
    name: str | None = None


def is_own(actor: Principal, scope: str, id: str) -> bool:
    """A member asking for themself, or a property contact for their own company."""
    if scope == "member":
        return actor.role in ("member", "lead") and actor.sub == id
    return scope == "property" and actor.role == "property" and actor.company == id


def _subdistrict_admin(actor: Principal) -> bool:
    return actor.role == "admin" and actor.community is None and actor.subdistrict is not None


def refused_outright(actor: Principal, scope: str, id: str) -> bool:
    """Refused whatever the scope turns out to be (decided before looking it up)."""
    if is_own(actor, scope, id):
        return False
    return actor.role not in READERS or (scope == "subdistrict" and not _subdistrict_admin(actor))


def may_read(actor: Principal, scope: str, id: str, place: Place) -> bool:
    if is_own(actor, scope, id):
        return True
    if actor.role not in READERS:
        return False
    if scope == "category":  # a category is read inside the caller's own community or subdistrict
        return actor.community is not None or _subdistrict_admin(actor)
    if scope == "subdistrict":
        return _subdistrict_admin(actor) and actor.subdistrict == id
    return place.community is not None and actor.can_access(community=place.community,
                                                            subdistrict=place.subdistrict)


def wall(actor: Principal, scope: str, id: str, place: Place) -> dict[str, Any]:
    """The MongoDB filter of the scope's issues, inside the walls of the one asking."""
    if scope == "subdistrict":
        return {"subdistrict": id}
    if scope == "community":
        return {"community": id}
    if scope == "estate":
        return {"estate": id, "community": place.community}
    if scope == "category":
        return {"category": id} | ({"community": actor.community} if actor.community
                                   else {"subdistrict": actor.subdistrict})
    mine = {"assignee": id} if scope == "member" else {"company": id}
    if _subdistrict_admin(actor):
        return mine | {"subdistrict": actor.subdistrict}
    return mine | ({"community": actor.community} if actor.community else {})
