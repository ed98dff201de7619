"""The directory of communities: written only by the subdistrict's admins, announced to the other
services, phones masked for those who need not call."""

from __future__ import annotations

import copy
import json

import pytest

from tests.integration.test_intake_identity import member_event
from tests.support.broker import Probe, publish
from tests.support.demo import load_community
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_cli import demo
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

ADMIN = token("admin", None)


@pytest.fixture
async def intake():
    async with running(create_app, settings_for(IntakeSettings)) as svc:
        await load_community(svc.client)
        yield svc


async def test_an_admin_token_of_another_community_cannot_replace_this_one(intake):
    hijack = copy.deepcopy(demo.COMMUNITY) | {"name": "被篡改的社区", "estates": []}
    hijack["property_companies"] = []
    for headers in (token("admin", "other-community"), token("staff", "huayuan"), token("lead", "huayuan"),
                    token("admin", None, subdistrict="elsewhere")):
        r = await intake.client.put("/intake/v1/communities/huayuan", json=hijack, headers=headers)
        assert r.status_code == 403, r.text
    assert (await intake.client.get("/intake/v1/communities/huayuan", headers=ADMIN)).json()["name"] == "花园社区"


async def test_a_change_is_announced_and_the_people_follow_it(intake):
    changed = copy.deepcopy(demo.COMMUNITY)
    changed["staff"] = [{"id": "hy-staff-zhou", "name": "周敏", "phone": "19900010002"}]
    async with Probe(["xiuhua.directory.#"]) as probe:
        r = await intake.client.put("/intake/v1/communities/huayuan", json=changed, headers=ADMIN)
        assert r.status_code == 200, r.text
        [message] = await probe.wait_for("xiuhua.directory.community_updated.v1", community="huayuan")
    data = json.loads(message.body)
    assert data["staff"] == changed["staff"] and data["estates"] == [{"id": "chunlan", "name": "春澜璟园"}]
    assert data["property_companies"][0]["contacts"][1]["phone"] == "19900020002"
    assert data["settings"] == {"auto_close_days": 7, "reopen_days": 7}
    staff = [d async for d in intake.runtime.db.people.find({"role": "staff"})]
    assert [(d["person_id"], d["phone"]) for d in staff] == [("hy-staff-zhou", "19900010002")]


async def test_phones_are_masked_for_residents_and_the_property_company(intake):
    for role, masked in (("resident", True), ("property", True), ("member", False), ("staff", False)):
        body = (await intake.client.get("/intake/v1/communities/huayuan", headers=token(role))).json()
        assert (body["staff"][0]["phone"] == "199****0001") is masked, role
    assert (await intake.client.get("/intake/v1/communities/huayuan", headers=ADMIN)).json()["staff"][0]["phone"] \
        == "19900010001"


async def test_one_phone_names_one_person_in_a_community(intake):
    twice = copy.deepcopy(demo.COMMUNITY)
    twice["staff"] = [{"id": "a", "name": "甲", "phone": "19900020001"}]  # 王经理's
    r = await intake.client.put("/intake/v1/communities/huayuan", json=twice, headers=ADMIN)
    assert r.status_code == 422 and "19900020001" in r.text
    stray = copy.deepcopy(demo.COMMUNITY)
    stray["property_companies"][0]["estates"] = ["nowhere"]
    assert (await intake.client.put("/intake/v1/communities/huayuan", json=stray, headers=ADMIN)).status_code == 422
    await publish(member_event("hy-li-ming", "19900000008"))
    await eventually(lambda: intake.runtime.db.people.find_one({"person_id": "hy-li-ming"}))
    clash = copy.deepcopy(demo.COMMUNITY)
    clash["staff"] = [{"id": "hy-staff-lin", "name": "林芳", "phone": "19900000008"}]
    r = await intake.client.put("/intake/v1/communities/huayuan", json=clash, headers=ADMIN)
    assert r.status_code == 409 and r.json()["error"]["code"] == "phone_taken"
    assert "李明" in r.json()["error"]["details"][0]["problem"]
