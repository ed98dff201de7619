"""What the timeline and the record say of each step, against the real servers: the property
company's own words kept with each of its answers, the team's internal notes for the team only,
and the subdistrict called by its name on the printed record."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from tests.integration.test_intake_lifecycle import status_of, submit, task_event
from tests.support.broker import publish
from tests.support.clock import shanghai_today
from tests.support.demo import load_community, load_subdistrict
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_cli import demo
from xiuhua_events import new_event
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

LIU = token("resident", estate="chunlan", sub="r-liu", name="刘女士")
LEAD = token("lead", sub="hy-chen-liqun", name="陈立群")
STAFF = token("staff", sub="hy-lin", name="林芳")
ADMIN = token("admin", None, name="郑主任")
WANG = token("property", sub="cl-wuye-wang", name="王经理", company="chunlan-wuye")
COMPANY = {"id": "chunlan-wuye", "name": "春澜物业"}
WANG_ACTOR = {"id": "cl-wuye-wang", "name": "王经理", "role": "property"}
LEAD_ACTOR = {"id": "hy-chen-liqun", "name": "陈立群", "role": "lead"}
REASSIGN_NOTE = "陈立群改派：李明分管车库，请跟进"


@pytest.fixture
async def intake():
    async with running(create_app, settings_for(IntakeSettings)) as svc:
        await load_community(svc.client)
        yield svc


def pdf_text(content: bytes) -> str:
    """The printed words, with the line breaks a table cell adds taken out."""
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


async def handed_and_answered(intake) -> dict:
    issue = await submit(intake)
    t0 = datetime.now(UTC)
    await publish(task_event("assigned", issue["id"], t0))
    await publish(task_event("handed_to_property", issue["id"], t0 + timedelta(seconds=1), company=COMPANY,
                             asked="请修补3幢楼顶防水层", due_date=shanghai_today(7).isoformat()))
    answers = [("acknowledged", {"note": "明天上午派人查看"}),
               ("promised", {"note": "需要买防水材料，7号前修好", "promised_date": shanghai_today(5).isoformat()}),
               ("done", {"note": "已修补，雨后复查无滴水"})]
    for n, (kind, more) in enumerate(answers, start=2):
        await publish(task_event("property_updated", issue["id"], t0 + timedelta(seconds=n), company=COMPANY,
                                 kind=kind, actor=WANG_ACTOR, **more))
    await status_of(intake, issue["id"], "in_progress")
    return issue


async def test_the_property_companys_notes_are_on_the_timeline_and_in_the_record(intake):
    issue = await handed_and_answered(intake)
    promised = shanghai_today(5).isoformat()
    said = ["春澜物业已确认收到：明天上午派人查看", f"春澜物业承诺{promised}前完成：需要买防水材料，7号前修好",
            "春澜物业反馈已完成：已修补，雨后复查无滴水"]
    for who, headers in {"the reporter": LIU, "the lead": LEAD, "the property company": WANG}.items():
        r = await intake.client.get(f"/intake/v1/issues/{issue['id']}/timeline", headers=headers)
        assert r.status_code == 200, (who, r.text)
        texts = [e["text"] for e in r.json()["items"] if e["kind"].startswith("property_")]
        assert texts == said, (who, texts)
    record = (await intake.client.get(f"/intake/v1/issues/{issue['id']}/record", headers=STAFF)).json()
    steps = {e["kind"]: e for e in record["timeline"]}
    assert [steps[f"property_{k}"]["text"] for k in ("acknowledged", "promised", "done")] == said
    assert steps["property_promised"]["note"] == "需要买防水材料，7号前修好"
    r = await intake.client.get(f"/intake/v1/issues/{issue['id']}/record.pdf", headers=STAFF)
    assert r.status_code == 200, r.text
    printed = pdf_text(r.content)
    for sentence in said:
        assert sentence in printed, (sentence, printed)


async def test_a_residents_timeline_says_it_was_reassigned_without_the_teams_notes(intake):
    issue = await submit(intake)
    t0 = datetime.now(UTC)
    await publish(task_event("assigned", issue["id"], t0))
    await publish(task_event("declined", issue["id"], t0 + timedelta(seconds=1), reason="本周出差，无法跟进"))
    reassigned = {"issue_id": issue["id"], "community": "huayuan", "reason": "reassigned", "reassigned": True,
                  "assignee": {"id": "hy-feng-lei", "name": "冯磊", "role": "member"}, "why": REASSIGN_NOTE,
                  "actor": LEAD_ACTOR, "assigned_at": (t0 + timedelta(seconds=2)).isoformat()}
    await publish(new_event(type="xiuhua.task.assigned.v1", source="/xiuhua/assignment", tenant="huayuan",
                            subject=issue["id"], data=reassigned))

    async def three_steps_after_the_report():
        doc = await intake.runtime.db.issues.find_one({"_id": issue["id"]})
        return len(doc["timeline"]) == 4

    await eventually(three_steps_after_the_report)
    lead = await intake.client.get(f"/intake/v1/issues/{issue['id']}/timeline", headers=LEAD)
    assert [e["text"] for e in lead.json()["items"]][1:] == [
        "派给队员李明（分管车库停车，在办0件）", "队员李明退回：本周出差，无法跟进",
        f"改派给队员冯磊（{REASSIGN_NOTE}）"]
    resident = await intake.client.get(f"/intake/v1/issues/{issue['id']}/timeline", headers=LIU)
    assert [e["text"] for e in resident.json()["items"]][1:] == [
        "派给队员李明", "队员李明退回，服务队另行安排", "改派给队员冯磊"]
    for words in ("陈立群改派", "请跟进", "本周出差", "在办0件"):
        assert words not in resident.text, words  # not in a note, nor in the details either
    assert "冯磊" in (await intake.client.get(f"/intake/v1/issues/{issue['id']}", headers=LIU)).text


async def test_the_printed_record_names_the_subdistrict(intake):
    await load_subdistrict(intake.client)
    # as the onboarding page sends a community: its subdistrict by id only
    body = next(b for path, b in demo.requests() if path.startswith("/intake/v1/communities/"))
    r = await intake.client.put("/intake/v1/communities/huayuan", headers=ADMIN,
                                json={k: v for k, v in body.items() if k != "subdistrict_name"})
    assert r.status_code == 200, r.text
    issue = await submit(intake)
    record = (await intake.client.get(f"/intake/v1/issues/{issue['id']}/record", headers=STAFF)).json()
    assert record["subdistrict_name"] == "梨洲街道"
    printed = pdf_text((await intake.client.get(f"/intake/v1/issues/{issue['id']}/record.pdf", headers=STAFF)).content)
    assert "梨洲街道·花园社区" in printed and "lizhou" not in printed, printed[:200]
