"""Who is calling, and the tenant wall every read and write goes through."""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import BaseModel

Role = Literal["resident", "member", "lead", "staff", "property", "admin", "gateway"]
ROLES: tuple[str, ...] = get_args(Role)

# Service accounts and admins that may act for every community of their subdistrict.
SUBDISTRICT_ROLES = frozenset({"admin", "gateway"})
# Roles that work on a community's issues and may need to call the reporter back.
PHONE_ROLES = frozenset({"member", "lead", "staff"})


class Principal(BaseModel):
    sub: str
    role: Role
    community: str | None = None
    subdistrict: str | None = None
    estate: str | None = None
    name: str | None = None

    def can_access(self, *, community: str, subdistrict: str | None) -> bool:
        """A community's data is open to that community's roles and to its subdistrict's admins
        (and gateways serving the whole subdistrict)."""
        if self.role in SUBDISTRICT_ROLES and self.community is None:
            return self.subdistrict is not None and self.subdistrict == subdistrict
        return self.community is not None and self.community == community

    def sees_phones_of(self, *, community: str, reporter_sub: str | None = None) -> bool:
        if reporter_sub is not None and reporter_sub == self.sub:
            return True
        return self.role in PHONE_ROLES and self.community == community


_DIGITS = re.compile(r"\d")


def mask_phone(phone: str | None) -> str | None:
    """``13812345678`` → ``138****5678``: enough to recognise, not enough to call."""
    if not phone:
        return phone
    digits = _DIGITS.findall(phone)
    if len(digits) < 7:
        return "*" * len(phone)
    return "".join(digits[:3]) + "****" + "".join(digits[-4:])
