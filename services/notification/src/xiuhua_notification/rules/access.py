"""Who may read and change a community's notification settings (its rule table, and with it the
wording of its messages and its estates' robots): its lead and staff read them, its staff change
them, and so may the admin of its subdistrict (the tenant wall)."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_notification.people.directory import subdistrict_of
from xiuhua_runtime import Forbidden

READERS = frozenset({"lead", "staff"})
EDITORS = frozenset({"staff"})


async def check(db: AsyncDatabase, actor: Principal, community: str, *, edit: bool) -> None:
    """Raise ``Forbidden`` unless ``actor`` may read (or, with ``edit``, change) ``community``'s settings."""
    roles = EDITORS if edit else READERS
    if actor.community == community and actor.role in roles:
        return
    if actor.role == "admin" and actor.community is None and actor.subdistrict is not None:
        if await subdistrict_of(db, community) == actor.subdistrict:
            return
    raise Forbidden("只有社区工作者和街道管理员可以修改通知设置" if edit else "无权查看该社区的通知设置",
                    code="not_allowed")
