"""未诉先办 end to end: three reports of the same spot make a hot spot in reporting; the lead turns it
into a task the team spotted itself (channel team), which routing gives to a member in charge like any
report, and the hot spot then shows it."""

from __future__ import annotations

from tests.support.demo import report
from tests.support.servers import eventually
from tests.support.services import token
from xiuhua_cli import demo

LEAD = token("lead", sub="hy-chen-liqun", name="陈立群")
PARKING = {id for id, _, _, areas in demo.MEMBERS if "parking" in areas}


def bike_shed(spot: dict) -> bool:
    return spot["place"] == {"kind": "spot", "id": "bike-shed"} and spot["category"] == "parking"


async def test_a_recurring_spot_becomes_the_teams_own_task(stack):
    client = stack.client
    for n in range(3):
        resident = token("resident", estate="chunlan", sub=f"resident-shed-{n}")
        body = report(title=f"车棚充电桩又坏了{n}", category="parking", place={"spot": "bike-shed"},
                      reporter={"name": "周先生", "phone": f"1370000{n:04d}"})
        r = await client.post("/intake/v1/issues", json=body, headers=resident)
        assert r.status_code == 201, r.text

    async def hot():
        r = await client.get("/reporting/v1/hotspots", params={"community": "huayuan"}, headers=LEAD)
        assert r.status_code == 200, r.text
        return next((s for s in r.json()["items"] if bike_shed(s) and s["total"] >= 3), None)

    spot = await eventually(hot, timeout=10)
    assert "recurring" in spot["kinds"] and spot["acted"] is None and spot["estate_name"] == "春澜璟园"
    member = token("member", sub="hy-li-ming")
    assert (await client.get("/reporting/v1/hotspots", params={"community": "huayuan"},
                             headers=member)).status_code == 403
    assert (await client.get("/reporting/v1/hotspots", params={"community": "huayuan"},
                             headers=token("lead", "other"))).status_code == 403

    # the lead's "转为任务": the draft, sent as the team's own report
    task = spot["draft"] | {"channel": "team", "reporter": {"name": "陈立群", "phone": "19900000001"}}
    r = await client.post("/intake/v1/issues", json=task, headers=LEAD)
    assert r.status_code == 201, r.text
    issue = r.json()
    assert issue["channel"] == "team" and issue["place"]["spot"] == "bike-shed"

    async def assigned():
        body = (await client.get(f"/intake/v1/issues/{issue['id']}", headers=LEAD)).json()
        return body if body["status"] == "assigned" else None

    shown = await eventually(assigned, timeout=10)
    assert shown["assignee"]["id"] in PARKING  # routed by area, like any report

    async def acted():
        spot = await hot()
        return spot if spot and spot["acted"] and spot["acted"]["id"] == issue["id"] else None

    assert (await eventually(acted, timeout=10))["acted"]["channel"] == "team"
