"""The directory of communities: written only by the subdistrict's admins, announced to the other
services, phones masked for those who need not call."""

from __future__ import annotations

import copy
import json

import pytest

from tests.integration.test_intake_identity import member_event, on_roster
from tests.support.broker import Probe
from tests.support.demo import load_community
from tests.support.services import running, settings_for, token
from xiuhua_cli import demo
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

ADMIN = token("admin", None)
COMMUNITY_UPDATED = "xiuhua.directory.community_updated.v1"


@pytest.fixture
async def intake():
    async with running(create_app, settings_for(IntakeSettings)) as svc:
        await load_community(svc.client)
        yield svc


def community(**changes) -> dict:
    return copy.deepcopy(demo.COMMUNITY) | changes


async def put(svc, body: dict, headers=ADMIN, community_id: str = "huayuan"):
    return await svc.client.put(f"/intake/v1/communities/{community_id}", json=body, headers=headers)


async def people(svc, role: str) -> list[tuple]:
    cursor = svc.runtime.db.people.find({"role": role}).sort("person_id", 1)
    return [(d["person_id"], d["phone"], d.get("company")) async for d in cursor]


async def test_an_admin_token_of_another_community_cannot_replace_this_one(intake):
    hijack = community(name="被篡改的社区", estates=[], staff=[{"id": "x", "name": "冒名", "phone": "13700000000"}],
                       property_companies=[])
    async with Probe([COMMUNITY_UPDATED]) as probe:
        for headers in (token("admin", "other-community"), token("admin", "huayuan", sub="community-admin"),
                        token("staff", "huayuan"), token("lead", "huayuan"), token("gateway", None),
                        token("admin", None, subdistrict="elsewhere")):
            r = await put(intake, hijack, headers)
            assert r.status_code == 403, (headers, r.text)
        # nor may a subdistrict's admin take a community into another subdistrict, or create one there
        moved = await put(intake, hijack | {"subdistrict": "elsewhere"})
        assert moved.status_code == 403 and moved.json()["error"]["code"] == "other_subdistrict"
        elsewhere = await put(intake, hijack | {"subdistrict": "elsewhere"}, community_id="faraway")
        assert elsewhere.status_code == 403
        # the wall stands before the body is judged: a bad body from a stranger is still a 403
        assert (await put(intake, community(staff=demo.STAFF * 2), token("admin", "other-community"))
                ).status_code == 403
    assert probe.of_type(COMMUNITY_UPDATED) == []
    assert (await intake.client.get("/intake/v1/communities/huayuan", headers=ADMIN)).json()["name"] == "花园社区"
    assert await people(intake, "staff") == [("hy-staff-lin", "19900010001", None)]
    assert await intake.runtime.db.communities.find_one({"_id": "faraway"}) is None


async def test_a_change_is_announced_and_the_people_follow_it(intake):
    changed = community(staff=[{"id": "hy-staff-zhou", "name": "周敏", "phone": "19900010002"}],
                        settings={"auto_close_days": 10, "reopen_days": 3})
    changed["property_companies"][0]["contacts"] = [demo.PROPERTY_COMPANY["contacts"][1]]  # 王经理 leaves
    async with Probe([COMMUNITY_UPDATED]) as probe:
        r = await put(intake, changed)
        assert r.status_code == 200, r.text
        # the fixture's own announcement of the community may still be on its way: wait for this one's
        [message] = await probe.wait_for(COMMUNITY_UPDATED, community="huayuan", staff=changed["staff"])
    assert message.headers["ce-tenant"] == "huayuan"
    data = json.loads(message.body)
    assert (data["name"], data["subdistrict"], data["estates"]) == ("花园社区", "lizhou",
                                                                     [{"id": "chunlan", "name": "春澜璟园"}])
    assert data["staff"] == changed["staff"] and data["settings"] == {"auto_close_days": 10, "reopen_days": 3}
    assert data["property_companies"] == [{"id": "chunlan-wuye", "name": "春澜物业", "estates": ["chunlan"],
                                           "contacts": [{"id": "cl-wuye-liu", "name": "刘师傅",
                                                         "phone": "19900020002"}]}]
    assert data["version"]
    assert await people(intake, "staff") == [("hy-staff-zhou", "19900010002", None)]
    assert await people(intake, "property") == [("cl-wuye-liu", "19900020002", "chunlan-wuye")]
    assert r.json()["settings"] == {"auto_close_days": 10, "reopen_days": 3, "keywords": {}}


async def test_settings_stay_within_their_bounds(intake):
    for settings in ({"auto_close_days": 0, "reopen_days": 7}, {"auto_close_days": 7, "reopen_days": 61}):
        r = await put(intake, community(settings=settings))
        assert r.status_code == 422, settings
    defaults = community()
    del defaults["settings"]
    assert (await put(intake, defaults)).json()["settings"] == {"auto_close_days": 7, "reopen_days": 7, "keywords": {}}


async def test_phones_are_masked_for_residents_and_the_property_company(intake):
    for role, masked in (("resident", True), ("property", True), ("member", False), ("lead", False),
                         ("staff", False)):
        body = (await intake.client.get("/intake/v1/communities/huayuan", headers=token(role))).json()
        phones = [body["staff"][0]["phone"], body["property_companies"][0]["contacts"][0]["phone"]]
        assert phones == (["199****0001", "199****0001"] if masked else ["19900010001", "19900020001"]), role
    admin = (await intake.client.get("/intake/v1/communities/huayuan", headers=ADMIN)).json()
    assert admin["staff"][0]["phone"] == "19900010001"
    for stranger in (token("staff", "other"), token("admin", None, subdistrict="elsewhere")):
        assert (await intake.client.get("/intake/v1/communities/huayuan", headers=stranger)).status_code == 403
    assert (await intake.client.get("/intake/v1/communities/nowhere", headers=ADMIN)).status_code == 404


async def test_the_directory_must_be_consistent(intake):
    cases = {
        # 甲 is given 王经理's phone: the later line of the two is pointed at
        "property_companies.0.contacts.0.phone": community(staff=[{"id": "a", "name": "甲", "phone": "19900020001"}]),
        "staff.1.id": community(staff=[*demo.STAFF, {"id": "hy-staff-lin", "name": "林二", "phone": "19900010009"}]),
        "estates.1.id": community(estates=[*demo.COMMUNITY["estates"], {"id": "chunlan", "name": "又一个"}]),
        "property_companies.1.id": community(property_companies=[demo.PROPERTY_COMPANY,
                                                                 demo.PROPERTY_COMPANY | {"contacts": []}]),
        "property_companies.0.estates.1": community(property_companies=[
            demo.PROPERTY_COMPANY | {"estates": ["chunlan", "nowhere"]}]),
    }
    for field, body in cases.items():
        r = await put(intake, body)
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_directory", (field, r.text)
        assert [d["field"] for d in r.json()["error"]["details"]] == [field]
    r = await put(intake, cases["property_companies.0.contacts.0.phone"])
    assert r.json()["error"]["details"][0]["problem"] == \
        "手机号 19900020001 已登记给甲，一个手机号在本社区只能对应一个人"
    assert await people(intake, "staff") == [("hy-staff-lin", "19900010001", None)]


async def test_a_phone_or_id_of_the_team_roster_cannot_name_someone_else(intake):
    await on_roster(intake, member_event("hy-li-ming", "19900000008"))
    clash = community(staff=[{"id": "hy-staff-lin", "name": "林芳", "phone": "19900000008"}])
    r = await put(intake, clash)
    assert r.status_code == 409 and r.json()["error"]["code"] == "phone_taken"
    assert r.json()["error"]["details"] == [{"field": "staff.0.phone",
                                             "problem": "林芳的手机号 19900000008 已登记为服务队的李明"}]
    same_id = community(staff=[{"id": "hy-li-ming", "name": "林芳", "phone": "19900010001"}])
    r = await put(intake, same_id)
    assert r.status_code == 409 and r.json()["error"]["details"][0]["field"] == "staff.0.id"
    assert await people(intake, "staff") == [("hy-staff-lin", "19900010001", None)]


async def test_subdistrict_admins_are_listed_by_their_own_admins(intake):
    body = {"name": "梨洲街道", "admins": [{"id": "lz-admin-zheng", "name": "郑主任", "phone": "19900030001"},
                                           {"id": "lz-admin-qian", "name": "钱科长", "phone": "19900030002"}]}
    for headers in (token("admin", "huayuan"), token("admin", None, subdistrict="elsewhere"), token("staff"),
                    token("gateway", None)):
        assert (await intake.client.put("/intake/v1/subdistricts/lizhou", json=body, headers=headers)
                ).status_code == 403, headers
    assert await people(intake, "admin") == []
    twice = {"name": "梨洲街道", "admins": [*body["admins"], {"id": "lz-x", "name": "重复", "phone": "19900030002"}]}
    r = await intake.client.put("/intake/v1/subdistricts/lizhou", json=twice, headers=ADMIN)
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "admins.2.phone"
    r = await intake.client.put("/intake/v1/subdistricts/lizhou", json=body, headers=ADMIN)
    assert r.status_code == 200 and r.json() == body | {"id": "lizhou"}
    assert [p[0] for p in await people(intake, "admin")] == ["lz-admin-qian", "lz-admin-zheng"]
    body["admins"] = body["admins"][:1]
    assert (await intake.client.put("/intake/v1/subdistricts/lizhou", json=body, headers=ADMIN)).status_code == 200
    assert await people(intake, "admin") == [("lz-admin-zheng", "19900030001", None)]


async def test_every_estate_is_listed_for_a_first_login_without_logging_in(intake):
    other = community(name="新河社区", staff=[], property_companies=[],
                      estates=[{"id": "xinhe-b", "name": "新河北苑"}, {"id": "xinhe-a", "name": "新河南苑"}])
    assert (await put(intake, other, community_id="xinhe")).status_code == 200
    r = await intake.client.get("/intake/v1/estates")
    assert r.status_code == 200
    assert [(e["community"], e["community_name"], e["estate"], e["estate_name"]) for e in r.json()] == [
        ("huayuan", "花园社区", "chunlan", "春澜璟园"),
        ("xinhe", "新河社区", "xinhe-b", "新河北苑"), ("xinhe", "新河社区", "xinhe-a", "新河南苑")]
    assert all(set(e) == {"subdistrict", "community", "community_name", "estate", "estate_name"} for e in r.json())


async def test_the_directory_gives_no_one_an_id_that_names_another_person(intake):
    """Staff, property contacts and admins are listed with ids the admin chooses: none may be an id
    already given to another phone — a member of any team, another community's staff, an admin, a
    resident, or someone since removed."""
    from tests.integration.test_intake_identity import claims, login

    async with Probe(["xiuhua.directory.subdistrict_updated.v1"]) as probe:  # the roster learns of admins
        assert (await intake.client.put("/intake/v1/subdistricts/lizhou", json=demo.SUBDISTRICT_BODY,
                                        headers=ADMIN)).status_code == 200
        [announced] = await probe.wait_for("xiuhua.directory.subdistrict_updated.v1", subdistrict="lizhou")
    assert json.loads(announced.body)["admins"] == demo.SUBDISTRICT_BODY["admins"]
    await on_roster(intake, member_event("hy-li-ming", "19900000008"))
    r, _ = await login(intake, "13800001234", estate="chunlan")
    resident = claims(r.json())["sub"]
    # 刘师傅 leaves the property company: his id stays his
    without_liu = community()
    without_liu["property_companies"][0]["contacts"] = without_liu["property_companies"][0]["contacts"][:1]
    assert (await put(intake, without_liu)).status_code == 200

    taker = "13900007777"
    xinhe = community(name="新河社区", estates=[{"id": "xinhe-a", "name": "新河苑"}], property_companies=[])
    for person_id in ("hy-li-ming", "hy-staff-lin", "lz-admin-zheng", resident, "cl-wuye-liu"):
        body = xinhe | {"staff": [{"id": person_id, "name": "冒名者", "phone": taker}]}
        r = await put(intake, body, community_id="xinhe")
        assert r.status_code == 409 and r.json()["error"]["code"] == "person_id_taken", (person_id, r.text)
        assert r.json()["error"]["details"][0]["field"] == "staff.0.id"
    r = await intake.client.put("/intake/v1/subdistricts/lizhou", headers=ADMIN, json=demo.SUBDISTRICT_BODY | {
        "admins": [*demo.SUBDISTRICT_BODY["admins"], {"id": "hy-staff-lin", "name": "冒名者", "phone": taker}]})
    assert r.status_code == 409 and r.json()["error"]["details"][0]["field"] == "admins.1.id"
    assert "社区工作者" in r.json()["error"]["details"][0]["problem"]
    assert await intake.runtime.db.people.find_one({"phone": taker}) is None
    # the same person under the same id is fine: 林芳 also works for 新河社区, 刘师傅 comes back
    lin = {"id": "hy-staff-lin", "name": "林芳", "phone": "19900010001"}
    assert (await put(intake, xinhe | {"staff": [lin]}, community_id="xinhe")).status_code == 200
    assert (await put(intake, community())).status_code == 200
