"""Supervision across the whole platform: a limit missed in a community of its own reaches the
member (reminder, overdue), the lead and community staff (escalations) as messages they read
through the gateway; staff press the task and the member reads that too."""

from __future__ import annotations

import random

from tests.support.servers import eventually
from tests.support.services import token

SECOND = 1 / 3600


async def test_a_missed_limit_climbs_to_the_lead_and_staff_and_a_pressing_reaches_the_member(stack):
    client, admin = stack.client, token("admin", None)
    cid = f"sv{random.randrange(16**6):06x}"
    lead, member, staff = f"{cid}-lead", f"{cid}-li", f"{cid}-staff"
    r = await client.put(f"/intake/v1/communities/{cid}", headers=admin, json={
        "name": "督办社区", "subdistrict": "lizhou", "subdistrict_name": "梨洲街道",
        "estates": [{"id": f"{cid}-e", "name": "督办苑", "households": 100,
                     "buildings": [{"id": "b1", "name": "1幢", "units": 2}], "spots": []}],
        "staff": [{"id": staff, "name": "林芳", "phone": f"177{random.randrange(10**8):08d}"}],
        "property_companies": []})
    assert r.status_code == 200, r.text
    assert (await client.put(f"/assignment/v1/teams/{cid}", headers=admin,
                             json={"name": "督办服务队", "subdistrict": "lizhou"})).status_code == 200
    for mid, name, role, areas in ((lead, "陈队长", "lead", []), (member, "李明", "member", ["cleaning"])):
        r = await client.put(f"/assignment/v1/teams/{cid}/members/{mid}", headers=admin, json={
            "name": name, "phone": f"178{random.randrange(10**8):08d}", "role": role, "areas": areas})
        assert r.status_code == 200, r.text
    limits = {"rules": [{"priority": "normal", "respond_hours": 3 * SECOND, "resolve_hours": 24}],
              "ladder": [{"to": "lead", "after_hours": 0}, {"to": "staff", "after_hours": 1 * SECOND}]}
    assert (await client.put(f"/assignment/v1/teams/{cid}/limits", headers=admin, json=limits)).status_code == 200

    resident = token("resident", cid, sub=f"{cid}-owner", estate=f"{cid}-e", name="周先生")
    r = await client.post("/intake/v1/issues", headers=resident, json={
        "community": cid, "estate": f"{cid}-e", "place": {"building": "b1", "unit": 1}, "category": "保洁",
        "title": "1幢楼道垃圾没人清", "reporter": {"name": "周先生", "phone": "13800001234"}})
    assert r.status_code == 201, r.text
    issue = r.json()["id"]

    async def templates(role: str, sub: str) -> set[str]:
        r = await client.get("/notification/v1/messages/mine", headers=token(role, cid, sub=sub))
        assert r.status_code == 200, r.text
        return {m["template_id"] for m in r.json()["items"] if m["issue_id"] == issue}

    async def told(role: str, sub: str, *expected: str):
        return set(expected) <= await templates(role, sub)

    await eventually(lambda: told("member", member, "TASK_ASSIGNED", "TASK_REMINDER", "TASK_OVERDUE"), timeout=30)
    await eventually(lambda: told("lead", lead, "TASK_ESCALATED"), timeout=30)
    await eventually(lambda: told("staff", staff, "TASK_ESCALATED"), timeout=30)

    r = await client.post(f"/assignment/v1/tasks/{issue}/press", headers=token("staff", cid, sub=staff, name="林芳"),
                          json={"note": "请今天内清理并回复"})
    assert r.status_code == 200, r.text
    await eventually(lambda: told("member", member, "TASK_PRESSED"), timeout=30)
    await eventually(lambda: told("lead", lead, "TASK_PRESSED"), timeout=30)
    board = (await client.get(f"/assignment/v1/supervision?community={cid}", headers=admin)).json()
    assert board["items"][0]["issue_id"] == issue and board["counts"]["pressed"] == 1
