"""The team roster a lead runs: who is on the team and which areas each member is in charge of.

Every change is announced (``team.member_updated`` / ``member_removed``) so that intake lets the
person log in with their phone, notification knows who leads the team, and assignment itself gives
the tasks nobody could take to whoever can now (``tasks.service.waiting``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import MEMBERS, OPEN_TASK_STATUSES, TASKS, TEAMS
from xiuhua_assignment.days import local_today
from xiuhua_assignment.directory.service import community as directory_of
from xiuhua_assignment.directory.service import directory_phones
from xiuhua_assignment.roster import domain, ids
from xiuhua_assignment.roster.schemas import Away, MemberList, MemberRead, MemberUpsert, TeamRead, TeamUpsert
from xiuhua_assignment.tasks.routing import Candidate
from xiuhua_auth import Principal, mask_phone
from xiuhua_events import Transaction, UnitOfWork, new_event, retry_conflicts
from xiuhua_runtime import Conflict, Forbidden, NotFound, Unprocessable

ROSTER_ROLES = frozenset({"lead", "staff", "admin"})
TEAM_READERS = frozenset({"member", "lead", "staff", "admin"})


async def upsert_team(*, db: AsyncDatabase, community: str, cmd: TeamUpsert, actor: Principal) -> TeamRead:
    """Create or rename a community's self-governance team (community staff or subdistrict admin)."""
    existing = await db[TEAMS].find_one({"_id": community})
    subdistrict = existing["subdistrict"] if existing else cmd.subdistrict
    allowed = actor.role in ("staff", "admin") and actor.can_access(community=community, subdistrict=subdistrict)
    if not allowed or cmd.subdistrict != subdistrict:
        raise Forbidden("只有社区工作者或街道管理员可以设立服务队", code="not_allowed")
    await db[TEAMS].update_one({"_id": community}, {"$set": cmd.model_dump() | {"updated_at": datetime.now(UTC)}},
                               upsert=True)
    return TeamRead(community=community, **cmd.model_dump())


async def team_of(db: AsyncDatabase, community: str, actor: Principal) -> dict[str, Any]:
    """The community's team, if the caller may see it (403 for another community's people)."""
    if actor.community not in (None, community):
        raise Forbidden("无权查看其他社区的服务队", code="other_community")
    team = await db[TEAMS].find_one({"_id": community})
    if team is None:
        raise NotFound("找不到该社区的服务队", code="team_not_found")
    if not actor.can_access(community=community, subdistrict=team["subdistrict"]):
        raise Forbidden("无权查看其他社区的服务队", code="other_community")
    return team


@retry_conflicts()
async def upsert_member(*, uow: UnitOfWork, community: str, member_id: str, cmd: MemberUpsert,
                        actor: Principal) -> MemberRead:
    """Add a member to the team or change their areas (lead, community staff, subdistrict admin)."""
    team = await team_of(uow.db, community, actor)
    if actor.role not in ROSTER_ROLES:
        raise Forbidden("只有队长、社区工作者或街道管理员可以维护队员名单", code="not_roster_keeper")
    async with uow.transaction() as tx:
        existing = await tx.db[MEMBERS].find_one({"_id": member_id}, session=tx.session)
        if existing is not None and existing["community"] != community:
            raise Conflict("该队员编号已被其他社区使用", code="member_id_taken")
        held = await ids.holder(tx.db, member_id, session=tx.session)
        if refusal := domain.id_refusal(member_id, cmd.phone, held, community=community,
                                        on_roster=existing is not None):
            raise Conflict(refusal, code="person_id_taken", details=[{"field": "id", "problem": refusal}])
        await _check_member(tx.db, tx.session, community, member_id, cmd)
        await _keep_a_lead(tx, community, existing, cmd.model_dump())
        now = datetime.now(UTC)
        doc = cmd.model_dump(mode="json") | {"community": community, "updated_at": now}
        await tx.db[MEMBERS].update_one({"_id": member_id}, {"$set": doc}, upsert=True, session=tx.session)
        await ids.reserve(tx.db, person_id=member_id, phone=cmd.phone, kind="member", community=community,
                          subdistrict=team["subdistrict"], name=cmd.name, session=tx.session)
        payload = events.MemberUpdated(community=community, subdistrict=team["subdistrict"], member_id=member_id,
                                       name=cmd.name, phone=cmd.phone, role=cmd.role, active=cmd.active,
                                       areas=list(cmd.areas), version=now)
        tx.emit(new_event(type=events.MEMBER_UPDATED, source=events.SOURCE, tenant=community, data=payload))
    return _read(member_id, doc, actor)


async def _keep_a_lead(tx: Transaction, community: str, current: dict[str, Any] | None,
                       after: dict[str, Any] | None) -> None:
    """409 when the change would leave the team without an active lead (issue 15 §11)."""
    if not domain.is_active_lead(current):
        return
    # Two leads stepping down at once would each see the other still on duty: writing the team's
    # document makes the later of two such transactions conflict and run again (retry_conflicts).
    await tx.db[TEAMS].update_one({"_id": community}, {"$set": {"leads_checked_at": datetime.now(UTC)}},
                                  session=tx.session)
    others = await tx.db[MEMBERS].count_documents(
        {"community": community, "role": "lead", "active": True, "_id": {"$ne": current["_id"]}}, session=tx.session)
    if domain.leaves_no_lead(current, after, other_leads=others):
        raise Conflict(f"服务队至少要有一名在岗的队长：请先任命另一名队长，再移除、停用{current['name']}或改为队员",
                       code="last_lead")


async def _check_member(db: AsyncDatabase, session: AsyncClientSession, community: str, member_id: str,
                        cmd: MemberUpsert) -> None:
    """A phone names one person per community; estates must exist in the community."""
    directory = await directory_of(db, community, session=session)
    if cmd.estates:
        known = {e["id"] for e in (directory or {}).get("estates", [])}
        unknown = [e for e in cmd.estates if e not in known]
        if unknown:
            raise Unprocessable("小区不存在", code="unknown_estate",
                                details=[{"field": "estates", "problem": f"社区内没有小区 {e}"} for e in unknown])
    twin = await db[MEMBERS].find_one({"community": community, "phone": cmd.phone, "_id": {"$ne": member_id}},
                                      {"name": 1}, session=session)
    holder = f"队员{twin['name']}" if twin else directory_phones(directory).get(cmd.phone)
    if holder:
        raise Conflict(f"该手机号已登记为{holder}，一个手机号在本社区只能对应一个人", code="phone_taken",
                       details=[{"field": "phone", "problem": holder}])


@retry_conflicts()
async def remove_member(*, uow: UnitOfWork, community: str, member_id: str, actor: Principal) -> None:
    """Take a member off the roster; their open tasks stay with them until the lead reassigns them.
    Their id stays theirs: it is never given to someone else."""
    team = await team_of(uow.db, community, actor)
    if actor.role not in ROSTER_ROLES:
        raise Forbidden("只有队长、社区工作者或街道管理员可以维护队员名单", code="not_roster_keeper")
    async with uow.transaction() as tx:
        doc = await tx.db[MEMBERS].find_one({"_id": member_id, "community": community}, session=tx.session)
        if doc is None:
            raise NotFound("找不到该队员", code="member_not_found")
        await _keep_a_lead(tx, community, doc, None)
        await tx.db[MEMBERS].delete_one({"_id": member_id}, session=tx.session)
        payload = events.MemberRemoved(community=community, subdistrict=team["subdistrict"], member_id=member_id,
                                       phone=doc["phone"], version=datetime.now(UTC))
        tx.emit(new_event(type=events.MEMBER_REMOVED, source=events.SOURCE, tenant=community, data=payload))


async def list_members(*, db: AsyncDatabase, community: str, actor: Principal) -> MemberList:
    """The team roster with each member's areas and open tasks (the team, its staff and admins)."""
    await team_of(db, community, actor)
    if actor.role not in TEAM_READERS:
        raise Forbidden("只有服务队、社区工作者和街道管理员可以查看队员名单", code="not_team")
    docs = [d async for d in db[MEMBERS].find({"community": community}).sort([("role", 1), ("_id", 1)])]
    load = await open_tasks(db, [d["_id"] for d in docs])
    return MemberList(items=[_read(d["_id"], d, actor, load.get(d["_id"], 0)) for d in docs])


async def candidates(db: AsyncDatabase, community: str, session=None) -> list[Candidate]:
    cursor = db[MEMBERS].find({"community": community, "active": True}, session=session)
    today = local_today()
    return [Candidate(id=d["_id"], name=d["name"], role=d["role"], areas=frozenset(d["areas"]),
                      estates=frozenset(d["estates"]), available=available_on(d, today),
                      capacity=d.get("capacity"), places=frozenset(d.get("places") or ())) async for d in cursor]


def available_on(doc: dict[str, Any], day: date) -> bool:
    """Routing may choose the member that day: not away (暂停接单), not on leave (请假), and the
    day is one of the days of the week they take new tasks."""
    on_leave = any(date.fromisoformat(str(span["start"])) <= day <= date.fromisoformat(str(span["end"]))
                   for span in doc.get("leave") or [])
    off_day = bool(doc.get("weekdays")) and day.isoweekday() not in doc["weekdays"]
    return not doc.get("away") and not on_leave and not off_day


@retry_conflicts()
async def set_away(*, uow: UnitOfWork, community: str, member_id: str, cmd: Away, actor: Principal) -> MemberRead:
    """A member pauses new tasks (暂停接单) or takes them again; the lead and staff may do it for them.
    Announced like any change of the roster: a member back may take the tasks nobody could."""
    team = await team_of(uow.db, community, actor)
    if actor.sub != member_id and actor.role not in ROSTER_ROLES:
        raise Forbidden("只能为自己暂停接单", code="not_yourself")
    async with uow.transaction() as tx:
        now = datetime.now(UTC)
        doc = await tx.db[MEMBERS].find_one_and_update(
            {"_id": member_id, "community": community},
            {"$set": {"away": cmd.away, "updated_at": now}}, return_document=True, session=tx.session)
        if doc is None:
            raise NotFound("找不到该队员", code="member_not_found")
        payload = events.MemberUpdated(community=community, subdistrict=team["subdistrict"], member_id=member_id,
                                       name=doc["name"], phone=doc["phone"], role=doc["role"], active=doc["active"],
                                       areas=list(doc["areas"]), version=now)
        tx.emit(new_event(type=events.MEMBER_UPDATED, source=events.SOURCE, tenant=community, data=payload))
    return _read(member_id, doc, actor)


async def member(db: AsyncDatabase, member_id: str, session=None) -> dict[str, Any] | None:
    return await db[MEMBERS].find_one({"_id": member_id}, session=session)


async def open_tasks(db: AsyncDatabase, member_ids: list[str], session=None) -> dict[str, int]:
    return {member: n for member, (n, _) in (await workload(db, member_ids, session=session)).items()}


async def workload(db: AsyncDatabase, member_ids: list[str], session=None) -> dict[str, tuple[int, Any]]:
    """member → (open tasks, when the newest of them was given); members with none are absent."""
    pipeline = [{"$match": {"assignee.id": {"$in": member_ids}, "status": {"$in": OPEN_TASK_STATUSES}}},
                {"$group": {"_id": "$assignee.id", "n": {"$sum": 1}, "last": {"$max": "$assigned_at"}}}]
    return {row["_id"]: (row["n"], row["last"])
            async for row in await db[TASKS].aggregate(pipeline, session=session)}


def _read(member_id: str, doc: dict[str, Any], actor: Principal, load: int = 0) -> MemberRead:
    # The subdistrict's own admins (past ``team_of``'s wall) put the lead there and keep the entry:
    # they see the phones, as they do the directory's (intake) — to change a name, the PUT needs it.
    keeper = actor.role == "admin" and actor.community is None
    phone = doc["phone"] if keeper or actor.sees_team_phones(community=doc["community"]) else mask_phone(doc["phone"])
    return MemberRead(id=member_id, community=doc["community"], name=doc["name"], phone=phone, role=doc["role"],
                      areas=doc["areas"], estates=doc["estates"], active=doc["active"], open_tasks=load,
                      party_member=doc.get("party_member", False), capacity=doc.get("capacity"),
                      leave=doc.get("leave") or [], away=doc.get("away", False), places=doc.get("places") or [],
                      weekdays=doc.get("weekdays") or [], hours=doc.get("hours", ""),
                      available=doc["active"] and available_on(doc, local_today()))
