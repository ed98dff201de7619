"""Each community's time limits, kept with its team."""

from __future__ import annotations

from datetime import UTC, datetime

from cachetools import TTLCache
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment.adapters.mongo import TEAMS
from xiuhua_assignment.limits.domain import Limits
from xiuhua_assignment.roster.service import TEAM_READERS, team_of
from xiuhua_auth import Principal
from xiuhua_runtime import Forbidden

EDITORS = frozenset({"lead", "staff", "admin"})
# Every routing stamps limits; they change rarely, so each process keeps them a few seconds (an
# edit reaches every replica within that time; this replica forgets its copy at once).
_recent: TTLCache[tuple[str, str], Limits] = TTLCache(maxsize=1024, ttl=10)


async def limits_of(db: AsyncDatabase, community: str, session=None) -> Limits:
    """The community's limits, or the platform's defaults."""
    key = (db.name, community)
    if (limits := _recent.get(key)) is None:
        team = await db[TEAMS].find_one({"_id": community}, {"limits": 1}, session=session)
        limits = _recent[key] = Limits.model_validate(team["limits"]) if team and team.get("limits") else Limits()
    return limits


async def get_limits(*, db: AsyncDatabase, community: str, actor: Principal) -> Limits:
    """The time limits tasks of this community are stamped with."""
    await team_of(db, community, actor)
    if actor.role not in TEAM_READERS:
        raise Forbidden("只有服务队、社区工作者和街道管理员可以查看时限", code="not_team")
    return await limits_of(db, community)


async def put_limits(*, db: AsyncDatabase, community: str, cmd: Limits, actor: Principal) -> Limits:
    """Replace the time limits; tasks assigned from now on get them."""
    await team_of(db, community, actor)
    if actor.role not in EDITORS:
        raise Forbidden("只有队长、社区工作者或街道管理员可以设置时限", code="not_lead")
    await db[TEAMS].update_one({"_id": community},
                               {"$set": {"limits": cmd.model_dump(mode="json"), "updated_at": datetime.now(UTC)}})
    _recent.pop((db.name, community), None)
    return cmd
