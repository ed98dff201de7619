"""Who is calling, and the tenant wall every read and write goes through."""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import BaseModel

Role = Literal["resident", "member", "lead", "staff", "property", "admin", "gateway"]
ROLES: tuple[str, ...] = get_args(Role)

# Service accounts and admins that may act for every community of their subdistrict.
SUBDISTRICT_ROLES = frozenset({"admin", "gateway"})
# Roles that run a community's team and may call any reporter back; a member calls back only
# the reporters of the issues assigned to them.
CALLBACK_ROLES = frozenset({"lead", "staff"})
# Roles that see the team's own contact list (members call each other).
TEAM_ROLES = frozenset({"member", "lead", "staff"})


class Principal(BaseModel):
    sub: str
    role: Role
    community: str | None = None
    subdistrict: str | None = None
    estate: str | None = None
    name: str | None = None
    company: str | None = None  # property contacts: the property company they work for

    def can_access(self, *, community: str, subdistrict: str | None) -> bool:
        """A community's data is open to that community's roles and to its subdistrict's admins
        (and gateways serving the whole subdistrict)."""
        if self.role in SUBDISTRICT_ROLES and self.community is None:
            return self.subdistrict is not None and self.subdistrict == subdistrict
        return self.community is not None and self.community == community

    def sees_phones_of(self, *, community: str, reporter_sub: str | None = None,
                       assignee: str | None = None) -> bool:
        """A reporter's phone: the reporter, the lead and community staff, and the member the
        issue is assigned to — not the rest of the team, the property company or other residents."""
        if reporter_sub is not None and reporter_sub == self.sub:
            return True
        if self.community != community:
            return False
        return self.role in CALLBACK_ROLES or (self.role == "member" and assignee is not None
                                                and assignee == self.sub)

    def sees_team_phones(self, *, community: str) -> bool:
        """The team's own phone list: its members, its lead and community staff."""
        return self.role in TEAM_ROLES and self.community == community


_DIGITS = re.compile(r"\d")


def mask_phone(phone: str | None) -> str | None:
    """``13812345678`` → ``138****5678``: enough to recognise, not enough to call."""
    if not phone:
        return phone
    digits = _DIGITS.findall(phone)
    if len(digits) < 7:
        return "*" * len(phone)
    return "".join(digits[:3]) + "****" + "".join(digits[-4:])
