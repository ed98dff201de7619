"""The subdistrict's directory of communities (their estates, staff and property companies) and
of its own admins, kept by the subdistrict's admins. Every change is announced."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cachetools import TTLCache
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Principal, mask_phone
from xiuhua_events import UnitOfWork, new_event
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import COMMUNITIES, SUBDISTRICTS
from xiuhua_intake.directory import rules, stickers
from xiuhua_intake.directory.schemas import (
    CommunityRead,
    CommunityUpsert,
    EstateChoice,
    Person,
    Places,
    StickerLink,
    StickerSheet,
    SubdistrictRead,
    SubdistrictUpsert,
)
from xiuhua_intake.identity import ids, people
from xiuhua_runtime import Conflict, Forbidden, NotFound, Unprocessable

# Every report looks its community up; the directory changes rarely, so each process keeps what
# it read for a short while (another replica sees an edit within this time).
_recent: TTLCache[tuple[str, str], CommunityRead] = TTLCache(maxsize=1024, ttl=30)


def _is_admin_of(actor: Principal, subdistrict: str) -> bool:
    """A subdistrict admin acting for the whole subdistrict (no community claim)."""
    return actor.role == "admin" and actor.community is None and actor.subdistrict == subdistrict


def may_edit_community(actor: Principal, *, community_id: str, subdistrict: str) -> bool:
    """Writes pass the same tenant wall as reads (``can_access``), and only the subdistrict's own
    admins keep the directory: an admin token scoped to another community is stopped here."""
    return _is_admin_of(actor, subdistrict) and actor.can_access(community=community_id, subdistrict=subdistrict)


async def upsert_community(*, uow: UnitOfWork, community_id: str, cmd: CommunityUpsert,
                           actor: Principal) -> CommunityRead:
    """Create or replace a community (the tenant) with its estates, staff, property companies and settings."""
    now = datetime.now(UTC)
    async with uow.transaction() as tx:
        existing = await tx.db[COMMUNITIES].find_one({"_id": community_id}, {"subdistrict": 1}, session=tx.session)
        subdistrict = existing["subdistrict"] if existing else cmd.subdistrict
        if not may_edit_community(actor, community_id=community_id, subdistrict=subdistrict):
            raise Forbidden("只有本街道管理员可以维护社区信息", code="not_subdistrict_admin")
        if cmd.subdistrict != subdistrict:
            raise Forbidden("该社区属于其他街道", code="other_subdistrict")
        await _store(tx, community_id, cmd, now)
    _recent.pop((uow.db.name, community_id), None)
    return CommunityRead(id=community_id, **cmd.model_dump())


PLACE_KEEPERS = frozenset({"staff", "lead"})


async def update_places(*, uow: UnitOfWork, community_id: str, estate_id: str, cmd: Places,
                        actor: Principal) -> CommunityRead:
    """An estate's place catalogue (buildings, units, garage zones and pillars, lifts, gates, green
    belts), kept by the community's own staff and lead, or the subdistrict's admins."""
    async with uow.transaction() as tx:
        doc = await tx.db[COMMUNITIES].find_one({"_id": community_id}, session=tx.session)
        if doc is None:
            raise NotFound("找不到该社区", code="community_not_found")
        if not (actor.role in PLACE_KEEPERS and actor.community == community_id
                or _is_admin_of(actor, doc["subdistrict"])):
            raise Forbidden("只有本社区工作者、队长或街道管理员可以维护位置", code="not_staff")
        current = CommunityUpsert.model_validate({k: v for k, v in doc.items() if k in CommunityUpsert.model_fields})
        if all(e.id != estate_id for e in current.estates):
            raise NotFound("找不到该小区", code="estate_not_found")
        estates = [e.model_copy(update={"buildings": cmd.buildings, "spots": cmd.spots}) if e.id == estate_id else e
                   for e in current.estates]
        changed = current.model_copy(update={"estates": estates})
        await _store(tx, community_id, CommunityUpsert.model_validate(changed.model_dump()), datetime.now(UTC))
    _recent.pop((uow.db.name, community_id), None)
    return CommunityRead(id=community_id, **changed.model_dump())


async def _store(tx, community_id: str, cmd: CommunityUpsert, now: datetime) -> None:
    """Check, write and announce a community's whole entry, in the caller's transaction."""
    if problems := rules.community_problems(cmd):
        raise Unprocessable("社区信息有误，请检查后重新提交", code="invalid_directory", details=problems)
    roster = await people.roster_of(tx.db, community_id, session=tx.session)
    if clashes := rules.roster_clashes(cmd, roster):
        raise Conflict("一个手机号在本社区只能对应一个人", code="phone_taken", details=clashes)
    await _keep_ids(tx, rules.people_of(cmd))
    await tx.db[COMMUNITIES].replace_one({"_id": community_id}, cmd.model_dump() | {"updated_at": now},
                                         upsert=True, session=tx.session)
    for role in ("staff", "property"):
        group = _directory_people(community_id, cmd, role, now)
        await people.replace_group(tx, match={"community": community_id, "role": role}, people=group)
        for person in group:
            await ids.reserve(tx.db, person_id=person["person_id"], phone=person["phone"], role=role,
                              community=community_id, subdistrict=cmd.subdistrict, session=tx.session)
    tx.emit(new_event(type=events.COMMUNITY_UPDATED, source=events.SOURCE, tenant=community_id,
                      data=_announcement(community_id, cmd, now)))


async def _keep_ids(tx, entries: list[tuple[str, Person]]) -> None:
    """409 when someone is given an id the platform gave to another phone (staff, a property
    contact, an admin, a member or a resident, now or before)."""
    held = await ids.held(tx.db, [p.id for _, p in entries], session=tx.session)
    if clashes := rules.id_clashes(entries, held):
        raise Conflict("编号已属于其他人员，一个编号只能对应一个人", code="person_id_taken", details=clashes)


def _directory_people(community_id: str, cmd: CommunityUpsert, role: str, now: datetime) -> list[dict[str, Any]]:
    base = {"role": role, "community": community_id, "subdistrict": cmd.subdistrict, "estate": None,
            "version": now}
    if role == "staff":
        return [base | {"_id": f"staff:{community_id}:{p.id}", "person_id": p.id, "phone": p.phone,
                        "name": p.name, "company": None} for p in cmd.staff]
    return [base | {"_id": f"property:{community_id}:{p.id}", "person_id": p.id, "phone": p.phone,
                    "name": p.name, "company": company.id}
            for company in cmd.property_companies for p in company.contacts]


def _announcement(community_id: str, cmd: CommunityUpsert, now: datetime) -> events.CommunityUpdated:
    return events.CommunityUpdated(
        community=community_id, subdistrict=cmd.subdistrict, name=cmd.name,
        subdistrict_name=cmd.subdistrict_name, version=now,
        estates=[events.EstateRef(id=e.id, name=e.name) for e in cmd.estates],
        staff=[events.PersonRef(**p.model_dump()) for p in cmd.staff],
        property_companies=[events.PropertyCompanyRef(id=c.id, name=c.name, estates=c.estates,
                                                      contacts=[events.PersonRef(**p.model_dump())
                                                                for p in c.contacts])
                            for c in cmd.property_companies],
        settings=events.CommunitySettings(**cmd.settings.model_dump()),
    )


async def get_community(*, db: AsyncDatabase, community_id: str, actor: Principal | None = None) -> CommunityRead:
    """A community and its estates; ``actor`` None means an internal lookup (phones unmasked)."""
    key = (db.name, community_id)
    community = _recent.get(key)
    if community is None:
        doc = await db[COMMUNITIES].find_one({"_id": community_id})
        if doc is not None:
            fields = {k: v for k, v in doc.items() if k in CommunityUpsert.model_fields}
            community = _recent[key] = CommunityRead(id=community_id, **fields)
    if community is None:
        raise NotFound("找不到该社区", code="community_not_found")
    if actor is not None and not actor.can_access(community=community_id, subdistrict=community.subdistrict):
        raise Forbidden("无权查看其他社区的信息", code="other_community")
    if actor is None or actor.sees_team_phones(community=community_id) or _is_admin_of(actor, community.subdistrict):
        return community
    return _masked(community)


async def subdistrict_name(*, db: AsyncDatabase, community: CommunityRead) -> str:
    """What the community's subdistrict is called: the name its admins keep on its own record, else
    the one given with the community (which the onboarding page may leave empty), else its id."""
    doc = await db[SUBDISTRICTS].find_one({"_id": community.subdistrict}, {"name": 1})
    return (doc or {}).get("name") or community.subdistrict_name or community.subdistrict


def _masked(community: CommunityRead) -> CommunityRead:
    masked = community.model_copy(deep=True)
    for person in [*masked.staff, *(c for company in masked.property_companies for c in company.contacts)]:
        person.phone = mask_phone(person.phone)
    return masked


async def upsert_subdistrict(*, uow: UnitOfWork, subdistrict_id: str, cmd: SubdistrictUpsert,
                             actor: Principal) -> SubdistrictRead:
    """Name a subdistrict and list its admins, who then log in with their phones."""
    if not _is_admin_of(actor, subdistrict_id):
        raise Forbidden("只有本街道管理员可以维护街道信息", code="not_subdistrict_admin")
    if problems := rules.subdistrict_problems(cmd):
        raise Unprocessable("街道信息有误，请检查后重新提交", code="invalid_directory", details=problems)
    now = datetime.now(UTC)
    async with uow.transaction() as tx:
        await _keep_ids(tx, [(f"admins.{i}", a) for i, a in enumerate(cmd.admins)])
        await tx.db[SUBDISTRICTS].replace_one({"_id": subdistrict_id}, cmd.model_dump() | {"updated_at": now},
                                              upsert=True, session=tx.session)
        admins = [{"_id": f"admin:{subdistrict_id}:{a.id}", "person_id": a.id, "phone": a.phone, "role": "admin",
                   "community": None, "subdistrict": subdistrict_id, "name": a.name, "estate": None,
                   "company": None, "version": now} for a in cmd.admins]
        await people.replace_group(tx, match={"subdistrict": subdistrict_id, "role": "admin"}, people=admins)
        for admin in cmd.admins:
            await ids.reserve(tx.db, person_id=admin.id, phone=admin.phone, role="admin", community=None,
                              subdistrict=subdistrict_id, session=tx.session)
        # for the roster, which must not give an admin's id to one of its members
        tx.emit(new_event(type=events.SUBDISTRICT_UPDATED, source=events.SOURCE, tenant=events.PLATFORM_TENANT,
                          data=events.SubdistrictUpdated(subdistrict=subdistrict_id, name=cmd.name, version=now,
                                                         admins=[events.PersonRef(**a.model_dump())
                                                                 for a in cmd.admins])))
    return SubdistrictRead(id=subdistrict_id, **cmd.model_dump())


async def estate_choices(*, db: AsyncDatabase, community: str | None = None) -> list[EstateChoice]:
    """Every estate (of ``community`` when given), for a resident's first login (public: names only)."""
    query = {"_id": community} if community is not None else {}
    cursor = db[COMMUNITIES].find(query, {"name": 1, "subdistrict": 1, "estates.id": 1, "estates.name": 1})
    return [EstateChoice(subdistrict=c["subdistrict"], community=c["_id"], community_name=c["name"],
                         estate=e["id"], estate_name=e["name"])
            async for c in cursor.sort("_id", 1) for e in c.get("estates", [])]


PRINTERS = frozenset({"staff", "lead"})


async def sticker_sheet(*, db: AsyncDatabase, community_id: str, estate_id: str, building: str | None,
                        actor: Principal, public_url: str) -> tuple[str, bytes]:
    """The title and PDF of an estate's QR stickers: for one building's units, or its public spots."""
    sheet = await sticker_links(db=db, community_id=community_id, estate_id=estate_id, building=building,
                                actor=actor, public_url=public_url)
    if not sheet.stickers:
        raise Unprocessable("没有可打印的位置：请先在目录中添加公共区域", code="no_places")
    items = [stickers.Sticker(s.label, s.link) for s in sheet.stickers]
    return sheet.title, await stickers.sheet_pdf(sheet.title, items)


async def sticker_links(*, db: AsyncDatabase, community_id: str, estate_id: str, building: str | None,
                        actor: Principal, public_url: str) -> StickerSheet:
    """What the sheet of QR stickers holds: its title, each place and the link its code opens, and the
    address they all open (which a phone must reach)."""
    community = await get_community(db=db, community_id=community_id, actor=actor)
    if not (actor.role in PRINTERS and actor.community == community_id or _is_admin_of(actor, community.subdistrict)):
        raise Forbidden("只有社区工作者、队长或街道管理员可以打印二维码", code="not_staff")
    estate = next((e for e in community.estates if e.id == estate_id), None)
    if estate is None:
        raise NotFound("找不到该小区", code="estate_not_found")
    if building is not None and all(b.id != building for b in estate.buildings):
        raise Unprocessable("小区内没有该楼栋", code="unknown_building", details=[{"field": "building",
                                                                                 "problem": building}])
    items = stickers.stickers_for(estate, public_url, community=community_id, building=building)
    where = next(b.name for b in estate.buildings if b.id == building) if building else "公共区域"
    return StickerSheet(title=f"{estate.name} {where} 扫码报事", address=public_url,
                        only_here=stickers.only_here(public_url),
                        stickers=[StickerLink(label=s.label, link=s.link) for s in items[:stickers.MAX_STICKERS]])
