"""The team roster a lead runs: who is on the team and which areas each member is in charge of."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment.adapters.mongo import MEMBERS, TEAMS
from xiuhua_assignment.domain.routing import Candidate
from xiuhua_assignment.schemas import MemberList, MemberRead, MemberUpsert, TeamRead, TeamUpsert
from xiuhua_auth import Principal, mask_phone
from xiuhua_runtime import Conflict, Forbidden, NotFound

ROSTER_ROLES = frozenset({"lead", "staff", "admin"})


async def upsert_team(*, db: AsyncDatabase, community: str, cmd: TeamUpsert, actor: Principal) -> TeamRead:
    """Create or rename a community's self-governance team (community staff or subdistrict admin)."""
    existing = await db[TEAMS].find_one({"_id": community})
    subdistrict = existing["subdistrict"] if existing else cmd.subdistrict
    allowed = actor.role in ("staff", "admin") and actor.can_access(community=community, subdistrict=subdistrict)
    if not allowed or cmd.subdistrict != subdistrict:
        raise Forbidden("无权维护该社区的服务队")
    await db[TEAMS].replace_one({"_id": community}, cmd.model_dump() | {"updated_at": datetime.now(UTC)},
                                upsert=True)
    return TeamRead(community=community, **cmd.model_dump())


async def _team(db: AsyncDatabase, community: str, actor: Principal) -> dict[str, Any]:
    if actor.community not in (None, community):
        raise Forbidden("无权查看其他社区的服务队", code="other_community")
    team = await db[TEAMS].find_one({"_id": community})
    if team is None:
        raise NotFound("找不到该社区的服务队", code="team_not_found")
    if not actor.can_access(community=community, subdistrict=team["subdistrict"]):
        raise Forbidden("无权查看其他社区的服务队", code="other_community")
    return team


async def upsert_member(*, db: AsyncDatabase, community: str, member_id: str, cmd: MemberUpsert,
                        actor: Principal) -> MemberRead:
    """Add a member to the team or change their areas (lead, community staff, subdistrict admin)."""
    await _team(db, community, actor)
    if actor.role not in ROSTER_ROLES:
        raise Forbidden("只有队长、社区工作者或街道管理员可以维护队员名单")
    existing = await db[MEMBERS].find_one({"_id": member_id}, {"community": 1})
    if existing is not None and existing["community"] != community:
        raise Conflict("该队员编号已被其他社区使用", code="member_id_taken")
    doc = cmd.model_dump() | {"community": community, "updated_at": datetime.now(UTC)}
    await db[MEMBERS].replace_one({"_id": member_id}, doc, upsert=True)
    return _read(member_id, doc, actor)


async def list_members(*, db: AsyncDatabase, community: str, actor: Principal) -> MemberList:
    """The team roster with each member's areas."""
    await _team(db, community, actor)
    cursor = db[MEMBERS].find({"community": community}).sort([("role", 1), ("_id", 1)])
    return MemberList(items=[_read(d["_id"], d, actor) async for d in cursor])


async def candidates(db: AsyncDatabase, community: str, session=None) -> list[Candidate]:
    cursor = db[MEMBERS].find({"community": community, "active": True}, session=session)
    return [Candidate(id=d["_id"], name=d["name"], role=d["role"], areas=frozenset(d["areas"]),
                      estates=frozenset(d["estates"])) async for d in cursor]


def _read(member_id: str, doc: dict[str, Any], actor: Principal) -> MemberRead:
    phone = doc["phone"] if actor.sees_team_phones(community=doc["community"]) else mask_phone(doc["phone"])
    return MemberRead(id=member_id, community=doc["community"], name=doc["name"], phone=phone, role=doc["role"],
                      areas=doc["areas"], estates=doc["estates"], active=doc["active"])
