"""Duplicate suggestions over the estate's open issues: while writing, and beside a report in triage."""

from __future__ import annotations

import pytest

from tests.support.demo import report
from tests.support.services import token

LIU = token("resident", estate="chunlan", sub="r-liu", name="刘女士")
ZHANG = token("resident", estate="chunlan", sub="r-zhang", name="张先生")
LEAD = token("lead", sub="hy-chen-liqun", name="陈立群")


@pytest.fixture
async def intake(intake_with_community):
    return intake_with_community


async def submit(svc, headers=LIU, **fields) -> dict:
    r = await svc.client.post("/intake/v1/issues", json=report(**fields), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def similar(svc, headers=ZHANG, **params):
    query = {"community": "huayuan", "estate": "chunlan"} | params
    return await svc.client.get("/intake/v1/issues/similar", params=query, headers=headers)


async def test_a_resident_writing_sees_the_open_issue_it_repeats_and_can_say_me_too(intake):
    dark = await submit(intake)  # 地下车库B区灯不亮, garage-b
    await submit(intake, title="车库B区指示牌标错了", description="出口方向指反了")
    await submit(intake, place={"spot": "garage-a"}, title="车库A区灯不亮", description="")
    r = await similar(intake, title="B区电梯口很暗", description="灯好像坏了", spot="garage-b", category="车库停车")
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [i["issue"]["id"] for i in items] == [dark["id"]]
    assert "support" in items[0]["issue"]["actions"] and items[0]["score"] >= r.json()["threshold"]
    assert items[0]["issue"]["reporter"]["phone"].count("*") == 4  # another resident's phone stays masked


async def test_the_lead_sees_the_candidates_beside_a_new_report(intake):
    first = await submit(intake)
    again = await submit(intake, headers=ZHANG, title="B区灯坏了好几盏", description="很暗",
                         reporter={"name": "张先生", "phone": "13800005678"})
    r = await intake.client.get(f"/intake/v1/issues/{again['id']}/similar", headers=LEAD)
    assert r.status_code == 200, r.text
    assert [i["issue"]["id"] for i in r.json()["items"]] == [first["id"]]  # never itself


async def test_finished_issues_other_estates_and_other_communities_are_not_offered(intake):
    done = await submit(intake)
    await intake.runtime.db.issues.update_one({"_id": done["id"]}, {"$set": {"status": "closed"}})
    assert (await similar(intake, title="地下车库B区灯不亮", spot="garage-b")).json()["items"] == []
    other_estate = token("resident", estate="elsewhere", sub="r-x")
    assert (await similar(intake, headers=other_estate, title="灯不亮")).status_code == 403
    other_community = token("lead", "other", sub="x")
    assert (await similar(intake, headers=other_community, title="灯不亮")).status_code == 403
    property_contact = token("property", sub="cl-wuye-wang", company="chunlan-wuye")
    assert (await similar(intake, headers=property_contact, title="灯不亮")).status_code == 403
    assert (await similar(intake, title="x")).status_code == 422  # a title of one character is no title
