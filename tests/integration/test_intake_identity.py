"""Logging in with phone and code (手机号 + 验证码) against the real MongoDB, Redis and broker."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.support.broker import Probe, publish
from tests.support.demo import load_community
from tests.support.servers import JWT_SECRET, eventually
from tests.support.services import running, settings_for, token
from xiuhua_events import new_event
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

CODE_ISSUED = "xiuhua.auth.code_issued.v1"


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
    return json.loads(messages[-1].body)["code"]


async def login(svc, phone: str, **body):
    code = await code_for(svc, phone)
    return await svc.client.post("/intake/v1/auth/login", json={"phone": phone, "code": code, **body}), code


async def reset_limits(svc) -> None:
    """A new hour, as far as the rate limits know."""
    async for key in svc.runtime.redis.scan_iter(f"{svc.runtime.limiter.prefix}:ratelimit:*"):
        await svc.runtime.redis.delete(key)


def claims(pair: dict) -> dict:
    return jwt.decode(pair["access_token"], JWT_SECRET, algorithms=["HS256"])


def member_event(member_id: str, phone: str, *, role: str = "member", version: datetime | None = None,
                 removed: bool = False):
    data = {"community": "huayuan", "subdistrict": "lizhou", "member_id": member_id, "phone": phone,
            "version": (version or datetime.now(UTC)).isoformat()}
    if not removed:
        data |= {"name": "李明", "role": role, "active": True, "areas": ["parking"]}
    kind = "member_removed" if removed else "member_updated"
    return new_event(type=f"xiuhua.team.{kind}.v1", source="/xiuhua/assignment", tenant="huayuan", data=data)


async def test_a_new_phone_chooses_its_estate_then_logs_in_as_a_resident(intake):
    estates = (await intake.client.get("/intake/v1/estates")).json()
    assert {"community": "huayuan", "community_name": "花园社区", "estate": "chunlan", "estate_name": "春澜璟园",
            "subdistrict": "lizhou"} in estates
    code = await code_for(intake, "13800001234")
    first = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800001234", "code": code})
    assert first.status_code == 409 and first.json()["error"]["code"] == "estate_required"
    assert first.json()["error"]["details"][0]["estate_name"] == "春澜璟园"
    r = await intake.client.post("/intake/v1/auth/login",
                                 json={"phone": "13800001234", "code": code, "estate": "chunlan"})
    assert r.status_code == 200, r.text
    pair = r.json()
    assert pair["me"] | {"id": None} == {"id": None, "name": "居民1234", "role": "resident", "community": "huayuan",
                                         "community_name": "花园社区", "subdistrict": "lizhou", "estate": "chunlan",
                                         "estate_name": "春澜璟园", "company": None, "phone": "13800001234"}
    assert claims(pair)["sub"].startswith("r-") and claims(pair)["estate"] == "chunlan"
    assert claims(pair)["exp"] - claims(pair)["iat"] == 7200
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    assert (await intake.client.patch("/intake/v1/me", json={"name": "刘女士"}, headers=headers)).json()["name"] == \
        "刘女士"
    again = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800001234", "code": code})
    assert again.status_code == 401 and again.json()["error"]["code"] == "code_expired"  # used up
    # next time the estate is remembered, and the name too
    await reset_limits(intake)
    r, _ = await login(intake, "13800001234")
    assert r.status_code == 200 and r.json()["me"]["name"] == "刘女士"
    assert claims(r.json())["sub"] == claims(pair)["sub"]


async def test_each_role_logs_in_from_who_the_phone_belongs_to(intake):
    admin = token("admin", None)
    body = {"name": "梨洲街道", "admins": [{"id": "lz-admin-zheng", "name": "郑主任", "phone": "19900030001"}]}
    assert (await intake.client.put("/intake/v1/subdistricts/lizhou", json=body, headers=admin)).status_code == 200
    await publish(member_event("hy-chen-liqun", "19900000001", role="lead"))
    await eventually(lambda: intake.runtime.db.people.find_one({"person_id": "hy-chen-liqun"}))
    expected = {
        "19900030001": {"role": "admin", "sub": "lz-admin-zheng", "name": "郑主任", "subdistrict": "lizhou"},
        "19900010001": {"role": "staff", "sub": "hy-staff-lin", "community": "huayuan"},
        "19900020002": {"role": "property", "sub": "cl-wuye-liu", "company": "chunlan-wuye"},
        "19900000001": {"role": "lead", "sub": "hy-chen-liqun", "community": "huayuan"},
    }
    for phone, want in expected.items():
        r, _ = await login(intake, phone)
        assert r.status_code == 200, (phone, r.text)
        got = claims(r.json())
        assert {k: got.get(k) for k in want} == want, phone
        assert r.json()["me"]["phone"] == phone


async def test_a_member_who_is_also_a_resident_logs_in_once_and_can_do_both(intake):
    r, _ = await login(intake, "13900005555", estate="chunlan")
    resident_sub = claims(r.json())["sub"]
    await publish(member_event("hy-new", "13900005555"))
    await eventually(lambda: intake.runtime.db.people.find_one({"person_id": "hy-new"}))
    await reset_limits(intake)
    r, _ = await login(intake, "13900005555")
    got = claims(r.json())
    assert (got["role"], got["sub"], got["estate"]) == ("member", "hy-new", "chunlan")
    assert resident_sub != got["sub"]


async def test_refresh_rotates_detects_reuse_and_follows_the_roster(intake):
    await publish(member_event("hy-li-ming", "19900000008"))
    await eventually(lambda: intake.runtime.db.people.find_one({"person_id": "hy-li-ming"}))
    r, _ = await login(intake, "19900000008")
    first = r.json()
    second = (await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}))
    assert second.status_code == 200 and claims(second.json())["role"] == "member"
    assert second.json()["refresh_token"] != first["refresh_token"]
    replay = await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401
    # the replay revoked the whole family, the legitimate newer token included
    stolen = await intake.client.post("/intake/v1/auth/refresh",
                                      json={"refresh_token": second.json()["refresh_token"]})
    assert stolen.status_code == 401

    await reset_limits(intake)
    r, _ = await login(intake, "19900000008")
    pair = r.json()
    await publish(member_event("hy-li-ming", "19900000008", removed=True))
    await eventually(lambda: intake.runtime.db.people.find_one({"_id": "member:huayuan:hy-li-ming",
                                                                 "removed": True}))
    gone = await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert gone.status_code == 401 and gone.json()["error"]["code"] == "identity_gone"
    # an update older than the removal, delivered late, does not bring the member back
    late = member_event("hy-li-ming", "19900000008", version=datetime.now(UTC) - timedelta(hours=1))
    await publish(late)
    await eventually(lambda: intake.runtime.db.inbox.find_one({"_id": late.id}))
    assert await intake.runtime.db.people.find_one({"phone": "19900000008"}) is None

    await reset_limits(intake)
    r, _ = await login(intake, "19900000009", estate="chunlan")
    pair = r.json()
    assert (await intake.client.post("/intake/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
            ).status_code == 204
    assert (await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
            ).status_code == 401


async def test_wrong_codes_and_too_many_codes_are_refused_clearly(intake):
    code = await code_for(intake, "13800002222")
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        r = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800002222", "code": wrong,
                                                                     "estate": "chunlan"})
        assert r.status_code == 401 and r.json()["error"]["message"] == f"验证码错误，还可以再试{left}次"
    r = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800002222", "code": wrong})
    assert r.status_code == 401 and r.json()["error"]["message"] == "验证码错误，请重新获取"
    r = await intake.client.post("/intake/v1/auth/login", json={"phone": "13800002222", "code": code})
    assert r.status_code == 401 and r.json()["error"]["code"] == "code_expired"  # five tries used it up

    again = await intake.client.post("/intake/v1/auth/code", json={"phone": "13800002222"})
    assert again.status_code == 429 and 0 < int(again.headers["retry-after"]) <= 60
    assert again.json()["error"]["message"] == "获取验证码太频繁，请稍后再试"
    bad = await intake.client.post("/intake/v1/auth/code", json={"phone": "12345"})
    assert bad.status_code == 422


async def test_the_per_phone_hour_and_per_address_limits(intake):
    limiter = intake.runtime.limiter
    for _ in range(5):
        await limiter.client.delete(f"{limiter.prefix}:ratelimit:login:phone:60:13800003333")
        assert (await intake.client.post("/intake/v1/auth/code", json={"phone": "13800003333"})).status_code == 202
    await limiter.client.delete(f"{limiter.prefix}:ratelimit:login:phone:60:13800003333")
    r = await intake.client.post("/intake/v1/auth/code", json={"phone": "13800003333"})
    assert r.status_code == 429 and 3000 < int(r.headers["retry-after"]) <= 3600
    await reset_limits(intake)
    statuses = [(await intake.client.post("/intake/v1/auth/code", json={"phone": f"1380000{n:04d}"})).status_code
                for n in range(61)]
    assert statuses == [202] * 60 + [429]


async def test_the_code_is_never_stored_returned_or_kept_after_publishing(intake):
    code = await code_for(intake, "13800004444")
    r = await intake.client.post("/intake/v1/auth/login",
                                 json={"phone": "13800004444", "code": code, "estate": "chunlan"})
    assert code not in r.text

    async def no_code_left() -> bool:
        return await intake.runtime.db.outbox.count_documents({"type": CODE_ISSUED}) == 0

    await eventually(no_code_left)
    for name in await intake.runtime.db.list_collection_names():
        async for doc in intake.runtime.db[name].find():
            assert code not in json.dumps(doc, default=str), name
    async for key in intake.runtime.redis.scan_iter(f"{intake.runtime.settings.redis_prefix}:*"):
        if await intake.runtime.redis.type(key) == "hash":
            assert code not in json.dumps(await intake.runtime.redis.hgetall(key))
