"""Logging in by phone and one-time code (手机号 + 验证码), as Chinese apps do, and who the caller is.

The role comes from who the phone belongs to (see ``people``); any other phone is a resident of
the estate chosen at the first login. The code leaves as an event for notification to send by SMS
and is never logged, stored in clear or returned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_auth import Authenticator, Principal
from xiuhua_events import UnitOfWork, new_event
from xiuhua_intake import events
from xiuhua_intake.adapters.mongo import COMMUNITIES, PEOPLE
from xiuhua_intake.directory.service import estate_choices
from xiuhua_intake.identity import ids, limits, people, sessions
from xiuhua_intake.identity.codes import CodeStore
from xiuhua_intake.identity.schemas import Login, Me, TokenPair
from xiuhua_intake.settings import IntakeSettings
from xiuhua_runtime import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from xiuhua_runtime.ratelimit import RateLimiter


@dataclass(frozen=True)
class LoginContext:
    """What the use cases need from the composition root."""

    uow: UnitOfWork
    codes: CodeStore
    limiter: RateLimiter
    authenticator: Authenticator
    settings: IntakeSettings


async def request_code(*, ctx: LoginContext, phone: str, ip: str) -> None:
    """Send a login code by SMS, within the limits per phone, per address and for the platform."""
    s = ctx.settings
    await limits.before_code(limiter=ctx.limiter, settings=s, phone=phone, ip=ip)
    code = await ctx.codes.issue(phone)
    async with ctx.uow.transaction() as tx:
        payload = events.CodeIssued(phone=phone, code=code, ttl_minutes=max(1, round(s.login_code_ttl_seconds / 60)),
                                    at=datetime.now(UTC))
        tx.emit(new_event(type=events.AUTH_CODE_ISSUED, source=events.SOURCE, tenant=events.PLATFORM_TENANT,
                          data=payload), sensitive=True)


async def login(*, ctx: LoginContext, cmd: Login, ip: str) -> TokenPair:
    """Phone + code → tokens; an unknown phone becomes a resident of the estate it chooses."""
    await limits.before_try(limiter=ctx.limiter, settings=ctx.settings, ip=ip)
    await ctx.codes.check(cmd.phone, cmd.code)
    db = ctx.uow.db
    identity = await _identity(db, cmd.phone, cmd.community)
    place = None if identity is not None else await _chosen_estate(db, cmd)  # 409/422 leave the code valid
    await ctx.codes.consume(cmd.phone, cmd.code)
    if identity is None:
        identity = await _new_resident(db, cmd.phone, place)
    await _verified(ctx.uow, identity, cmd.phone)
    refresh = await sessions.start(db, phone=cmd.phone, community=identity["community"],
                                   days=ctx.settings.refresh_token_days)
    return await _pair(ctx, identity, refresh)


async def refresh(*, ctx: LoginContext, token: str) -> TokenPair:
    """A new pair for a refresh token (used once); the role is what the phone holds now."""
    session = await sessions.rotate(ctx.uow.db, token)
    identity = await _identity(ctx.uow.db, session["phone"], session["community"])
    if identity is None:
        raise Unauthorized("您的身份已变更，请重新登录", code="identity_gone")
    await _verified(ctx.uow, identity, session["phone"])  # the session began with a code sent to the phone
    new = await sessions.start(ctx.uow.db, phone=session["phone"], community=identity["community"],
                               days=ctx.settings.refresh_token_days, family=session["family"])
    return await _pair(ctx, identity, new)


async def _verified(uow: UnitOfWork, identity: dict[str, Any], phone: str) -> None:
    """Tell that the phone proved itself theirs (a code sent to it came back): it may be texted now."""
    async with uow.transaction() as tx:
        payload = events.PhoneVerified(person_id=identity["person_id"], phone=phone, role=identity["role"],
                                       community=identity.get("community"), subdistrict=identity.get("subdistrict"),
                                       at=datetime.now(UTC))
        tx.emit(new_event(type=events.AUTH_PHONE_VERIFIED, source=events.SOURCE,
                          tenant=identity.get("community") or events.PLATFORM_TENANT, data=payload))


async def _identity(db: AsyncDatabase, phone: str, community: str | None) -> dict[str, Any] | None:
    """Who the phone logs in as now (None: nobody yet, a new resident)."""
    return people.choose(await people.identities(db, phone), community=community)


async def _chosen_estate(db: AsyncDatabase, cmd: Login) -> dict[str, str]:
    """The estate a new phone chose (409 ``estate_required`` with the choices when it did not)."""
    choices = [c.model_dump() for c in await estate_choices(db=db, community=cmd.community)]
    if cmd.estate is None:
        raise Conflict("首次登录请选择您所在的小区", code="estate_required", details=choices)
    matches = [c for c in choices if c["estate"] == cmd.estate]
    if not matches:
        raise Unprocessable("小区不存在", code="unknown_estate", details=[{"field": "estate", "problem": cmd.estate}])
    if len(matches) > 1:
        raise Conflict("请同时选择社区", code="community_required", details=matches)
    return matches[0]


async def _new_resident(db: AsyncDatabase, phone: str, place: dict[str, str]) -> dict[str, Any]:
    person = {"_id": f"resident:{place['community']}:{phone}", "person_id": people.new_resident_id(),
              "phone": phone, "role": "resident", "community": place["community"],
              "subdistrict": place["subdistrict"], "name": f"居民{phone[-4:]}", "estate": place["estate"],
              "company": None, "version": datetime.now(UTC)}
    # $setOnInsert: two first logins racing make one resident, not two ids for one phone
    await db[PEOPLE].update_one({"_id": person["_id"]}, {"$setOnInsert": person}, upsert=True)
    stored = await db[PEOPLE].find_one({"_id": person["_id"]})
    await ids.reserve(db, person_id=stored["person_id"], phone=phone, role="resident", community=stored["community"],
                      subdistrict=stored["subdistrict"])
    return stored


async def _pair(ctx: LoginContext, identity: dict[str, Any], refresh_token: str) -> TokenPair:
    principal = Principal(sub=identity["person_id"], role=identity["role"], community=identity.get("community"),
                          subdistrict=identity.get("subdistrict"), estate=identity.get("estate"),
                          name=identity.get("name"), company=identity.get("company"))
    ttl = timedelta(minutes=ctx.settings.access_token_minutes)
    access = ctx.authenticator.issue(principal, ttl=ttl)
    me = await who(db=ctx.uow.db, actor=principal, record=identity)
    return TokenPair(access_token=access, refresh_token=refresh_token, expires_in=int(ttl.total_seconds()), me=me)


async def logout(*, ctx: LoginContext, token: str) -> None:
    """Revoke a refresh token (and every token rotated from the same login)."""
    await sessions.revoke(ctx.uow.db, token)


async def _record(db: AsyncDatabase, actor: Principal) -> dict[str, Any] | None:
    """The caller's own people record: same id in the same community (None for minted tokens)."""
    record = await people.by_person_id(db, actor.sub, community=actor.community)
    return record if record is not None and record.get("community") == actor.community else None


async def who(*, db: AsyncDatabase, actor: Principal, record: dict[str, Any] | None = None) -> Me:
    """The caller as the pages show them: names of their community and estate, their own phone.

    A token minted by ``xiuhua token`` has no people record: the answer then comes from its claims."""
    record = record if record is not None else await _record(db, actor)
    community = await db[COMMUNITIES].find_one({"_id": actor.community}, {"name": 1, "estates.id": 1,
                                                                          "estates.name": 1}) \
        if actor.community else None
    estate_name = next((e["name"] for e in (community or {}).get("estates", []) if e["id"] == actor.estate), None)
    name = (record or {}).get("name") or actor.name or actor.sub
    return Me(id=actor.sub, name=name, role=actor.role, community=actor.community,
              community_name=community["name"] if community else None, subdistrict=actor.subdistrict,
              estate=actor.estate, estate_name=estate_name, company=actor.company,
              phone=(record or {}).get("phone"))


async def rename(*, db: AsyncDatabase, actor: Principal, name: str) -> Me:
    """A resident sets the name the team sees (the next token carries it)."""
    if actor.role != "resident":
        raise Forbidden("只有居民可以修改称呼；队员和工作人员的姓名由名单维护", code="not_a_resident")
    result = await db[PEOPLE].update_one({"person_id": actor.sub, "role": "resident", "community": actor.community},
                                         {"$set": {"name": name}})
    if result.matched_count == 0:
        raise NotFound("找不到您的居民登记，请重新登录", code="person_not_found")
    return await who(db=db, actor=actor)
