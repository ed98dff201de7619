"""Logging in with phone and code (手机号 + 验证码) against the real MongoDB, Redis and broker."""

from __future__ import annotations

import copy
import json
import logging
import re
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.support.broker import Probe, publish
from tests.support.demo import load_community
from tests.support.servers import JWT_SECRET, eventually
from tests.support.services import running, settings_for, token
from xiuhua_cli import demo
from xiuhua_events import new_event
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

CODE_ISSUED = "xiuhua.auth.code_issued.v1"
ADMIN = token("admin", None)


@pytest.fixture
async def intake():
    async with running(create_app, settings_for(IntakeSettings)) as svc:
        await load_community(svc.client)
        yield svc


async def code_for(svc, phone: str) -> str:
    """Ask for a code as a phone would, and read it off the broker as the SMS gateway would."""
    async with Probe([CODE_ISSUED]) as probe:
        r = await svc.client.post("/intake/v1/auth/code", json={"phone": phone})
        assert r.status_code == 202, r.text
        assert r.json() == {"sent": True, "resend_after_seconds": 60}
        messages = await probe.wait_for(CODE_ISSUED, phone=phone)
    assert messages[-1].headers["ce-tenant"] == "platform"
    return json.loads(messages[-1].body)["code"]


async def login(svc, phone: str, **body):
    code = await code_for(svc, phone)
    return await svc.client.post("/intake/v1/auth/login", json={"phone": phone, "code": code, **body}), code


async def reset_limits(svc) -> None:
    """A new day, as far as the rate limits know."""
    async for key in svc.runtime.redis.scan_iter(f"{svc.runtime.limiter.prefix}:ratelimit:*"):
        await svc.runtime.redis.delete(key)


def claims(pair: dict) -> dict:
    return jwt.decode(pair["access_token"], JWT_SECRET, algorithms=["HS256"], audience="xiuhua", issuer="xiuhua")


def bearer(pair: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


def member_event(member_id: str, phone: str, *, role: str = "member", name: str = "李明",
                 version: datetime | None = None, removed: bool = False):
    """What assignment announces when its roster changes."""
    data = {"community": "huayuan", "subdistrict": "lizhou", "member_id": member_id, "phone": phone,
            "version": (version or datetime.now(UTC)).isoformat()}
    if not removed:
        data |= {"name": name, "role": role, "active": True, "areas": ["parking"]}
    kind = "member_removed" if removed else "member_updated"
    return new_event(type=f"xiuhua.team.{kind}.v1", source="/xiuhua/assignment", tenant="huayuan", data=data)


async def on_roster(svc, event) -> None:
    await publish(event)
    await eventually(lambda: svc.runtime.db.inbox.find_one({"_id": event.id}))


async def test_a_new_phone_chooses_its_estate_then_logs_in_as_a_resident(intake):
    estates = (await intake.client.get("/intake/v1/estates")).json()  # no login needed
    assert estates == [{"subdistrict": "lizhou", "community": "huayuan", "community_name": "花园社区",
                        "estate": "chunlan", "estate_name": "春澜璟园"}]
    code = await code_for(intake, "13800001234")
    first = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800001234", "code": code})
    assert first.status_code == 409 and first.json()["error"]["code"] == "estate_required"
    assert first.json()["error"]["details"] == estates
    nowhere = await intake.client.post("/intake/v1/auth/login",
                                       json={"phone": "13800001234", "code": code, "estate": "nowhere"})
    assert nowhere.status_code == 422 and nowhere.json()["error"]["code"] == "unknown_estate"
    # neither answer used the code up
    r = await intake.client.post("/intake/v1/auth/login",
                                 json={"phone": "13800001234", "code": code, "estate": "chunlan"})
    assert r.status_code == 200, r.text
    pair = r.json()
    assert pair["token_type"] == "bearer" and pair["expires_in"] == 7200
    assert pair["me"] | {"id": None} == {"id": None, "name": "居民1234", "role": "resident", "community": "huayuan",
                                         "community_name": "花园社区", "subdistrict": "lizhou", "estate": "chunlan",
                                         "estate_name": "春澜璟园", "company": None, "phone": "13800001234"}
    got = claims(pair)
    assert re.fullmatch(r"r-[0-9a-f]{12}", got["sub"]) and got["sub"] == pair["me"]["id"]
    assert (got["role"], got["community"], got["subdistrict"], got["estate"], got["name"]) == \
        ("resident", "huayuan", "lizhou", "chunlan", "居民1234")
    assert got["exp"] - got["iat"] == 7200

    renamed = await intake.client.patch("/intake/v1/me", json={"name": "刘女士"}, headers=bearer(pair))
    assert renamed.status_code == 200 and renamed.json()["name"] == "刘女士"
    # the token still says 居民1234; who the caller is comes from their record
    assert (await intake.client.get("/intake/v1/me", headers=bearer(pair))).json()["name"] == "刘女士"
    again = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800001234", "code": code})
    assert again.status_code == 401 and again.json()["error"]["code"] == "code_expired"  # used up

    await reset_limits(intake)
    r, _ = await login(intake, "13800001234")  # the estate is remembered, and the name too
    assert r.status_code == 200 and r.json()["me"]["name"] == "刘女士"
    assert claims(r.json())["sub"] == got["sub"] and claims(r.json())["name"] == "刘女士"


async def test_each_role_logs_in_from_who_the_phone_belongs_to(intake):
    r = await intake.client.put("/intake/v1/subdistricts/lizhou", json=demo.SUBDISTRICT_BODY, headers=ADMIN)
    assert r.status_code == 200, r.text
    await on_roster(intake, member_event("hy-chen-liqun", "19900000001", role="lead", name="陈立群"))
    await on_roster(intake, member_event("hy-li-ming", "19900000008"))
    expected = {
        "19900030001": {"role": "admin", "sub": "lz-admin-zheng", "name": "郑主任", "subdistrict": "lizhou",
                        "community": None, "company": None},
        "19900010001": {"role": "staff", "sub": "hy-staff-lin", "name": "林芳", "community": "huayuan",
                        "company": None},
        "19900020002": {"role": "property", "sub": "cl-wuye-liu", "name": "刘师傅", "community": "huayuan",
                        "company": "chunlan-wuye"},
        "19900000001": {"role": "lead", "sub": "hy-chen-liqun", "name": "陈立群", "community": "huayuan"},
        "19900000008": {"role": "member", "sub": "hy-li-ming", "name": "李明", "community": "huayuan",
                        "estate": None},
    }
    for phone, want in expected.items():
        r, _ = await login(intake, phone)
        assert r.status_code == 200, (phone, r.text)
        got = claims(r.json())
        assert {k: got.get(k) for k in want} == want, phone
        me = (await intake.client.get("/intake/v1/me", headers=bearer(r.json()))).json()
        assert (me["id"], me["role"], me["phone"], me["name"]) == (want["sub"], want["role"], phone, want["name"])


async def test_a_member_who_is_also_a_resident_logs_in_once_and_can_do_both(intake):
    r, _ = await login(intake, "13900005555", estate="chunlan")
    resident_sub = claims(r.json())["sub"]
    await on_roster(intake, member_event("hy-new", "13900005555", name="新队员"))
    await reset_limits(intake)
    r, _ = await login(intake, "13900005555")
    got = claims(r.json())
    assert (got["role"], got["sub"], got["estate"]) == ("member", "hy-new", "chunlan")
    assert r.json()["me"]["estate_name"] == "春澜璟园" and r.json()["me"]["name"] == "新队员"
    assert resident_sub != got["sub"]
    # taken off the roster, the next refresh makes them the resident they still are
    await on_roster(intake, member_event("hy-new", "13900005555", removed=True))
    back = await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": r.json()["refresh_token"]})
    assert back.status_code == 200, back.text
    assert (claims(back.json())["role"], claims(back.json())["sub"]) == ("resident", resident_sub)


async def test_the_community_in_the_body_picks_among_several(intake):
    other = copy.deepcopy(demo.COMMUNITY) | {"name": "新河社区", "staff": [], "property_companies": []}
    other["estates"] = [{"id": "xinhe-a", "name": "新河苑"}]
    assert (await intake.client.put("/intake/v1/communities/xinhe", json=other, headers=ADMIN)).status_code == 200
    r, _ = await login(intake, "19900010001", community="xinhe")  # 林芳 works in 花园社区, lives in 新河苑
    assert r.status_code == 409 and [c["estate"] for c in r.json()["error"]["details"]] == ["xinhe-a"]
    await reset_limits(intake)
    r, _ = await login(intake, "19900010001", community="xinhe", estate="xinhe-a")
    assert (claims(r.json())["role"], claims(r.json())["community"]) == ("resident", "xinhe")
    await reset_limits(intake)
    r, _ = await login(intake, "19900010001")
    assert (claims(r.json())["role"], claims(r.json())["community"]) == ("staff", "huayuan")
    assert claims(r.json()).get("estate") is None  # a resident of another community's estate


async def test_the_roster_events_are_applied_once_and_newest_first(intake):
    now = datetime.now(UTC)
    newer = member_event("hy-li-ming", "19900000008", name="李明", version=now)
    await publish(newer, times=2)  # a redelivery
    await on_roster(intake, newer)
    await on_roster(intake, member_event("hy-li-ming", "19900000008", name="旧名字", version=now - timedelta(hours=1)))
    record = await intake.runtime.db.people.find_one({"person_id": "hy-li-ming"})
    assert record["name"] == "李明" and record["role"] == "member"
    r, _ = await login(intake, "19900000008")
    assert claims(r.json())["name"] == "李明"


async def test_refresh_rotates_detects_reuse_and_follows_the_roster(intake):
    await on_roster(intake, member_event("hy-li-ming", "19900000008"))
    r, _ = await login(intake, "19900000008")
    first = r.json()
    second = (await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}))
    assert second.status_code == 200 and claims(second.json())["role"] == "member"
    assert second.json()["refresh_token"] != first["refresh_token"] and second.json()["me"]["phone"] == "19900000008"
    replay = await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401 and replay.json()["error"]["code"] == "invalid_refresh_token"
    # the replay revoked the whole family, the legitimate newer token included
    stolen = await intake.client.post("/intake/v1/auth/refresh",
                                      json={"refresh_token": second.json()["refresh_token"]})
    assert stolen.status_code == 401

    await reset_limits(intake)
    r, _ = await login(intake, "19900000008")
    pair = r.json()
    await on_roster(intake, member_event("hy-li-ming", "19900000008", removed=True))
    gone = await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert gone.status_code == 401 and gone.json()["error"]["code"] == "identity_gone"
    assert "请重新登录" in gone.json()["error"]["message"]
    # an update older than the removal, delivered late, does not bring the member back
    await on_roster(intake, member_event("hy-li-ming", "19900000008", version=datetime.now(UTC) - timedelta(hours=1)))
    assert await intake.runtime.db.people.find_one({"phone": "19900000008"}) is None

    await reset_limits(intake)
    r, _ = await login(intake, "19900000009", estate="chunlan")
    pair = r.json()
    assert (await intake.client.post("/intake/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
            ).status_code == 204
    assert (await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
            ).status_code == 401
    sessions = [s async for s in intake.runtime.db.sessions.find()]
    assert sessions and all(pair["refresh_token"] not in json.dumps(s, default=str) for s in sessions)  # hashed
    assert all(s["expires_at"] - s["created_at"] == timedelta(days=30) for s in sessions)


async def test_wrong_codes_are_refused_and_the_fifth_removes_the_code(intake):
    code = await code_for(intake, "13800002222")
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        r = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800002222", "code": wrong,
                                                                     "estate": "chunlan"})
        assert r.status_code == 401 and r.json()["error"]["message"] == f"验证码错误，还可以再试{left}次"
    r = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800002222", "code": wrong})
    assert r.status_code == 401 and r.json()["error"]["message"] == "验证码错误，请重新获取"
    r = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800002222", "code": code,
                                                                 "estate": "chunlan"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "code_expired"  # five tries used it up
    never = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800009999", "code": "123456"})
    assert never.status_code == 401 and never.json()["error"]["message"] == "验证码已失效，请重新获取"
    assert (await intake.client.post("/intake/v1/auth/code", json={"phone": "12345"})).status_code == 422


async def test_a_code_expires_after_its_time():
    async with running(create_app, settings_for(IntakeSettings, login_code_ttl_seconds=1)) as svc:
        await load_community(svc.client)
        code = await code_for(svc, "13800006666")
        key = f"{svc.runtime.settings.redis_prefix}:login:code:13800006666"

        async def gone() -> bool:
            return not await svc.runtime.redis.exists(key)

        await eventually(gone, timeout=5)
        r = await svc.client.post("/intake/v1/auth/login", json={"phone": "13800006666", "code": code,
                                                                  "estate": "chunlan"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "code_expired"


async def codes(svc, phone: str, *, fresh: tuple[int, ...] = ()):
    """Ask for a code; ``fresh`` windows (seconds) are reset first, as if that much time had passed."""
    limiter = svc.runtime.limiter
    for window in fresh:
        await limiter.client.delete(f"{limiter.prefix}:ratelimit:login:phone:{window}:{phone}")
    r = await svc.client.post("/intake/v1/auth/code", json={"phone": phone})
    return r


async def test_one_code_a_minute_five_an_hour_ten_a_day_per_phone(intake):
    assert (await codes(intake, "13800003333")).status_code == 202
    again = await codes(intake, "13800003333")
    assert again.status_code == 429 and 0 < int(again.headers["retry-after"]) <= 60
    assert again.json()["error"]["message"] == "获取验证码太频繁，请稍后再试"
    for _ in range(4):
        assert (await codes(intake, "13800003333", fresh=(60,))).status_code == 202
    hour = await codes(intake, "13800003333", fresh=(60,))
    assert hour.status_code == 429 and 3000 < int(hour.headers["retry-after"]) <= 3600
    for _ in range(5):
        assert (await codes(intake, "13800003333", fresh=(60, 3600))).status_code == 202
    day = await codes(intake, "13800003333", fresh=(60, 3600))
    assert day.status_code == 429 and 3600 < int(day.headers["retry-after"]) <= 86400
    assert (await codes(intake, "13800003334")).status_code == 202  # another phone is not held back


async def test_one_address_may_ask_only_so_many_codes_an_hour():
    async with running(create_app, settings_for(IntakeSettings, login_codes_per_ip_hour=5)) as svc:
        statuses = [(await svc.client.post("/intake/v1/auth/code", json={"phone": f"1380000{n:04d}"})).status_code
                    for n in range(6)]
        assert statuses == [202] * 5 + [429]
        r = await svc.client.post("/intake/v1/auth/code", json={"phone": "13800009998"})
        assert r.status_code == 429 and 3000 < int(r.headers["retry-after"]) <= 3600


async def test_the_code_is_never_stored_returned_logged_or_kept_after_publishing(intake, caplog):
    caplog.set_level(logging.INFO)
    code = await code_for(intake, "13800004444")
    answers = [await intake.client.post("/intake/v1/auth/login", json={"phone": "13800004444", "code": code}),
               await intake.client.post("/intake/v1/auth/login",
                                        json={"phone": "13800004444", "code": code, "estate": "chunlan"})]
    pair = answers[-1].json()
    answers += [await intake.client.get("/intake/v1/me", headers=bearer(pair)),
                await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})]
    alone = re.compile(rf"(?<!\d){code}(?!\d)")
    assert not [a.text for a in answers if alone.search(a.text)]

    async def no_code_left() -> bool:
        return await intake.runtime.db.outbox.count_documents({"type": CODE_ISSUED}) == 0

    await eventually(no_code_left)
    for name in await intake.runtime.db.list_collection_names():
        async for doc in intake.runtime.db[name].find():
            assert not alone.search(json.dumps(doc, default=str)), name
    async for key in intake.runtime.redis.scan_iter(f"{intake.runtime.settings.redis_prefix}:*"):
        if await intake.runtime.redis.type(key) == "hash":
            assert not alone.search(json.dumps(await intake.runtime.redis.hgetall(key)))
    assert not [r.getMessage() for r in caplog.records if alone.search(r.getMessage())]


async def test_who_the_caller_is_even_with_an_operators_token(intake):
    assert (await intake.client.get("/intake/v1/me")).status_code == 401
    minted = await intake.client.get("/intake/v1/me", headers=token("lead", sub="ops-lead", name="值班队长"))
    assert minted.status_code == 200
    assert minted.json() == {"id": "ops-lead", "name": "值班队长", "role": "lead", "community": "huayuan",
                             "community_name": "花园社区", "subdistrict": "lizhou", "estate": None,
                             "estate_name": None, "company": None, "phone": None}
    # a member's name is kept by the roster, not by the member
    r = await intake.client.patch("/intake/v1/me", json={"name": "小李"}, headers=token("member", sub="hy-li-ming"))
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_a_resident"
    resident = token("resident", estate="chunlan")
    assert (await intake.client.patch("/intake/v1/me", json={"name": ""}, headers=resident)).status_code == 422
    r = await intake.client.patch("/intake/v1/me", json={"name": "刘女士"}, headers=resident)
    assert r.status_code == 404 and r.json()["error"]["code"] == "person_not_found"  # minted: nobody to rename


async def test_no_roster_event_moves_a_persons_id_to_another_phone(intake):
    """Whatever the roster announces, an id stays with the phone it was given to: a lead who gives a
    new member the id of staff, an admin, a property contact, a member (of this or another team, or
    one who left) or a resident, with a phone of their own, logs in as nobody in particular."""
    assert (await intake.client.put("/intake/v1/subdistricts/lizhou", json=demo.SUBDISTRICT_BODY,
                                    headers=ADMIN)).status_code == 200
    await on_roster(intake, member_event("hy-li-ming", "19900000008"))
    await on_roster(intake, member_event("hy-new", "13900005555", name="新队员"))
    await on_roster(intake, member_event("hy-new", "13900005555", removed=True))
    r, _ = await login(intake, "13800001234", estate="chunlan")
    resident = claims(r.json())["sub"]

    taker = "13900007777"
    ids = ["hy-staff-lin", "lz-admin-zheng", "cl-wuye-wang", "hy-li-ming", "hy-new", resident]
    forged = [member_event(person_id, taker, name="冒名者") for person_id in ids]
    elsewhere = member_event("hy-li-ming", taker, name="冒名者")
    elsewhere.data["community"] = "xinhe"  # 李明's id on another community's roster
    for event in [*forged, elsewhere]:
        await on_roster(intake, event)
    assert await intake.runtime.db.people.find_one({"phone": taker}) is None

    await reset_limits(intake)
    r, _ = await login(intake, taker)
    assert r.status_code == 409 and r.json()["error"]["code"] == "estate_required"  # a stranger
    for phone, sub in (("19900010001", "hy-staff-lin"), ("19900030001", "lz-admin-zheng"),
                       ("19900020001", "cl-wuye-wang"), ("19900000008", "hy-li-ming"), ("13800001234", resident)):
        await reset_limits(intake)
        r, _ = await login(intake, phone)
        assert r.status_code == 200 and claims(r.json())["sub"] == sub, (phone, r.text)
    # the member who left may come back with their own phone
    await on_roster(intake, member_event("hy-new", "13900005555", name="新队员"))
    await reset_limits(intake)
    r, _ = await login(intake, "13900005555")
    assert (claims(r.json())["sub"], claims(r.json())["role"]) == ("hy-new", "member")
