"""The place catalogue of an estate, kept by the community's own staff and lead."""

from __future__ import annotations

import pytest

from tests.support.services import token

STAFF = token("staff", sub="hy-staff-lin", name="林芳")
PATH = "/intake/v1/communities/huayuan/estates/chunlan/places"


@pytest.fixture
async def intake(intake_with_community):
    return intake_with_community


async def test_staff_add_a_garage_pillar_and_residents_can_pick_it(intake):
    estate = next(e for e in (await intake.client.get("/intake/v1/communities/huayuan", headers=STAFF)).json()
                  ["estates"] if e["id"] == "chunlan")
    spots = estate["spots"] + [{"id": "garage-b-12", "name": "地下车库B区 12号柱", "kind": "garage"}]
    r = await intake.client.put(PATH, json={"buildings": estate["buildings"], "spots": spots}, headers=STAFF)
    assert r.status_code == 200, r.text
    resident = token("resident", estate="chunlan", sub="r-liu")
    shown = (await intake.client.get("/intake/v1/communities/huayuan", headers=resident)).json()
    assert "地下车库B区 12号柱" in [s["name"] for e in shown["estates"] for s in e["spots"]]
    announced = await intake.runtime.db.outbox.count_documents({"type": "xiuhua.directory.community_updated.v1"})
    assert announced >= 2  # the seed's and this one
    report = {"community": "huayuan", "estate": "chunlan", "place": {"spot": "garage-b-12"}, "category": "parking",
              "title": "12号柱旁边漏水", "reporter": {"name": "刘女士", "phone": "13800001234"}}
    issue = await intake.client.post("/intake/v1/issues", json=report, headers=resident)
    assert issue.status_code == 201 and issue.json()["place_text"] == "春澜璟园 地下车库B区 12号柱"


async def test_only_the_communitys_staff_lead_and_admins_keep_places(intake):
    body = {"buildings": [{"id": "b1", "name": "1幢", "units": 2}], "spots": []}
    for who in (token("resident", estate="chunlan", sub="r"), token("member", sub="hy-li-ming"),
                token("staff", "other", sub="x"), token("property", sub="w", company="chunlan-wuye")):
        assert (await intake.client.put(PATH, json=body, headers=who)).status_code == 403
    twice = {"buildings": [], "spots": [{"id": "g", "name": "北门"}, {"id": "g", "name": "南门"}]}
    r = await intake.client.put(PATH, json=twice, headers=STAFF)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_directory"
    assert (await intake.client.put("/intake/v1/communities/huayuan/estates/nowhere/places", json=body,
                                    headers=STAFF)).status_code == 404
    lead = await intake.client.put(PATH, json=body, headers=token("lead", sub="hy-chen-liqun"))
    assert lead.status_code == 200
