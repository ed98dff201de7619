"""The subdistrict's directory of communities and their estates, kept by its admins."""

from __future__ import annotations

from datetime import UTC, datetime

from cachetools import TTLCache
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal
from xiuhua_intake.adapters.mongo import COMMUNITIES
from xiuhua_intake.directory.schemas import CommunityRead, CommunityUpsert
from xiuhua_runtime import Forbidden, NotFound

# Every report looks its community up; the directory changes rarely, so each process keeps what
# it read for a short while (another replica sees an edit within this time).
_recent: TTLCache[tuple[str, str], CommunityRead] = TTLCache(maxsize=1024, ttl=30)


async def upsert_community(*, db: AsyncDatabase, community_id: str, cmd: CommunityUpsert,
                           actor: Principal) -> CommunityRead:
    """Create or replace a community (the tenant) with its estates."""
    if actor.role != "admin" or actor.subdistrict != cmd.subdistrict:
        raise Forbidden("只有本街道管理员可以维护社区信息")
    existing = await db[COMMUNITIES].find_one({"_id": community_id}, {"subdistrict": 1})
    if existing is not None and existing["subdistrict"] != actor.subdistrict:
        raise Forbidden("该社区属于其他街道")
    doc = cmd.model_dump() | {"updated_at": datetime.now(UTC)}
    await db[COMMUNITIES].replace_one({"_id": community_id}, doc, upsert=True)
    _recent.pop((db.name, community_id), None)
    return CommunityRead(id=community_id, **cmd.model_dump())


async def get_community(*, db: AsyncDatabase, community_id: str, actor: Principal | None = None) -> CommunityRead:
    """A community and its estates; ``actor`` None means an internal lookup."""
    key = (db.name, community_id)
    community = _recent.get(key)
    if community is None:
        doc = await db[COMMUNITIES].find_one({"_id": community_id})
        if doc is not None:
            fields = {k: v for k, v in doc.items() if k in CommunityUpsert.model_fields}
            community = _recent[key] = CommunityRead(id=community_id, **fields)
    if community is None or (actor is not None and not actor.can_access(community=community_id,
                                                                        subdistrict=community.subdistrict)):
        raise NotFound("找不到该社区", code="community_not_found")
    return community
