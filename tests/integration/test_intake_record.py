"""An issue's full record (档案) against the real servers: who, when, what, by which channel, the
photos by reference and every step — for the lead, the community staff and the subdistrict's admin
only, with the phones shown only to those who call the reporter back; and the same record printed."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from tests.integration.test_intake_lifecycle import status_of, step, submit, task_event
from tests.support.broker import publish
from tests.support.demo import load_community
from tests.support.services import running, settings_for, token
from tests.unit.test_photos import camera_jpeg
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

LIU = token("resident", estate="chunlan", sub="r-liu", name="刘女士")
ZHANG = token("resident", estate="chunlan", sub="r-zhang", name="张先生")
LEAD = token("lead", sub="hy-chen-liqun", name="陈立群")
STAFF = token("staff", sub="hy-lin", name="林芳")
ADMIN = token("admin", None, name="郑主任")
LI_MING = token("member", sub="hy-li-ming", name="李明")
OTHER_STAFF = token("staff", "dongfeng", sub="df-staff")
OTHER_ADMIN = token("admin", None, subdistrict="elsewhere")


@pytest.fixture
async def intake():
    async with running(create_app, settings_for(IntakeSettings)) as svc:
        await load_community(svc.client)
        yield svc


async def a_worked_issue(intake) -> dict:
    r = await intake.client.post("/intake/v1/photos", files={"file": ("IMG_1.jpg", camera_jpeg(), "image/jpeg")},
                                 headers=LIU)
    assert r.status_code == 201, r.text
    issue = await submit(intake, description="B区一排灯都不亮", photos=[r.json()["id"]])
    r = await step(intake, issue["id"], "support", ZHANG, {"phone": "13900005678"})
    assert r.status_code == 200, r.text
    r = await step(intake, issue["id"], "triage", LEAD, {"category": "parking", "priority": "urgent"})
    assert r.status_code == 200, r.text
    now = datetime.now(UTC)
    await publish(task_event("assigned", issue["id"], now))
    await publish(task_event("accepted", issue["id"], now + timedelta(seconds=1)))
    await publish(task_event("resolved", issue["id"], now + timedelta(seconds=2), note="已更换灯管"))
    await status_of(intake, issue["id"], "resolved")
    return issue


async def test_the_lead_exports_the_whole_record_with_the_phones_to_call_back(intake):
    issue = await a_worked_issue(intake)
    r = await intake.client.get(f"/intake/v1/issues/{issue['id']}/record", headers=LEAD)
    assert r.status_code == 200, r.text
    record = r.json()
    assert record["issue"]["number"] == issue["number"] and record["issue"]["title"] == "地下车库B区灯不亮"
    assert (record["community_name"], record["estate_name"]) == ("花园社区", "春澜璟园")
    assert record["channel_label"] == "网页"
    assert record["submitted_by"] == {"id": "r-liu", "name": "刘女士", "role": "resident"}
    assert record["issue"]["reporter"] == {"name": "刘女士", "phone": "13800001234"}
    assert [(s["name"], s["phone"]) for s in record["supporters"]] == [("张先生", "13900005678")]
    kinds = [s["kind"] for s in record["timeline"]]
    assert kinds == ["submitted", "supported", "triaged", "assigned", "accepted", "resolved"], kinds
    assert record["timeline"][-1]["text"] == "队员李明办结：已更换灯管"
    assert [(p["url"], p["step"]) for p in record["photos"]] == [(issue["photos"][0], "submitted")]
    assert (await intake.client.get(record["photos"][0]["url"], headers=LEAD)).status_code == 200  # by reference
    assert record["exported_by"]["name"] == "陈立群"


async def test_the_subdistrict_admin_sees_the_record_with_phones_and_names_masked(intake):
    issue = await a_worked_issue(intake)
    r = await intake.client.get(f"/intake/v1/issues/{issue['id']}/record", headers=ADMIN)
    assert r.status_code == 200, r.text
    record = r.json()
    assert record["issue"]["reporter"] == {"name": "刘**", "phone": "138****1234"}
    assert [(s["name"], s["phone"]) for s in record["supporters"]] == [("张**", "139****5678")]
    assert "13800001234" not in r.text and "13900005678" not in r.text


async def test_only_the_keepers_of_its_community_may_export_it(intake):
    issue = await submit(intake)
    for who, headers in {"staff": STAFF, "lead": LEAD}.items():
        assert (await intake.client.get(f"/intake/v1/issues/{issue['id']}/record", headers=headers)).status_code \
            == 200, who
    for who, headers in {"another community's staff": OTHER_STAFF, "another subdistrict's admin": OTHER_ADMIN,
                         "the reporter": LIU, "a member": LI_MING}.items():
        for path in ("record", "record.pdf"):
            r = await intake.client.get(f"/intake/v1/issues/{issue['id']}/{path}", headers=headers)
            assert r.status_code == 403, (who, path, r.text)
            assert r.json()["error"]["message"], who
    assert (await intake.client.get(f"/intake/v1/issues/{issue['id']}/record")).status_code == 401
    assert (await intake.client.get("/intake/v1/issues/nosuchissue/record", headers=LEAD)).status_code == 404


async def test_the_printed_record_reads_back_with_its_number_and_steps(intake):
    issue = await a_worked_issue(intake)
    r = await intake.client.get(f"/intake/v1/issues/{issue['id']}/record.pdf", headers=STAFF)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert "attachment" in r.headers["content-disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    for seen in (f"问题档案 {issue['number']}", "春澜璟园", "队员李明办结：已更换灯管", "13800001234", "网页",
                 issue["photos"][0]):
        assert seen in text, seen
