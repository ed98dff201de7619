"""Schemathesis over every service's OpenAPI: valid and invalid requests to every route, as the
demo community's lead, member, staff, a resident, a subdistrict admin, a gateway and anonymous, with
ids that exist (community, estate, a report, a task) as well as random ones; no answer is a server
error, and every answer's status, content type and body are as that service's own OpenAPI says."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest

from tests.support.broker import publish
from tests.support.clock import shanghai_now
from tests.support.demo import load_community, load_subdistrict, load_team, report
from tests.support.fuzz import fuzz
from tests.support.servers import RECEIPT_TOKEN, eventually
from tests.support.services import running, settings_for, token
from xiuhua_assignment.app import create_app as assignment_app
from xiuhua_assignment.settings import AssignmentSettings
from xiuhua_events import new_event
from xiuhua_intake.app import create_app as intake_app
from xiuhua_intake.settings import IntakeSettings
from xiuhua_notification.app import create_app as notification_app
from xiuhua_notification.settings import NotificationSettings
from xiuhua_reporting.app import create_app as reporting_app
from xiuhua_reporting.settings import ReportingSettings
from xiuhua_smsgateway.app import create_app as smsgateway_app
from xiuhua_smsgateway.settings import SmsGatewaySettings

# per route: a bounded, derandomized run (XIUHUA_FUZZ_EXAMPLES=150 for a deeper look by hand)
EXAMPLES = int(os.environ.get("XIUHUA_FUZZ_EXAMPLES", "15"))
RESIDENT = token("resident", estate="chunlan", sub="resident-fuzz", name="刘女士")
CALLERS = [token("lead", sub="hy-chen-liqun", name="陈立群"), token("member", sub="hy-li-ming", name="李明"),
           token("staff", sub="hy-staff-lin", name="林芳"), token("admin", None), RESIDENT,
           token("gateway", None, sub="gateway-fuzz"), {}]
KNOWN = {"community": "huayuan", "community_id": "huayuan", "estate": "chunlan", "estate_id": "chunlan",
         "subdistrict_id": "lizhou", "member_id": "hy-li-ming", "template_id": "ISSUE_RECEIVED",
         "scope": "community", "id": "huayuan"}


def community_updated():
    """What intake tells the other services of 花园社区 and 春澜璟园."""
    return new_event(type="xiuhua.directory.community_updated.v1", source="/xiuhua/intake", tenant="huayuan", data={
        "community": "huayuan", "subdistrict": "lizhou", "name": "花园社区", "version": shanghai_now().isoformat(),
        "estates": [{"id": "chunlan", "name": "春澜璟园"}],
        "staff": [{"id": "hy-staff-lin", "name": "林芳", "phone": "19900010001"}],
        "property_companies": [{"id": "chunlan-wuye", "name": "春澜物业", "estates": ["chunlan"],
                                "contacts": [{"id": "cl-wuye-wang", "name": "王经理", "phone": "19900020001"}]}],
        "settings": {}})


def submitted(issue_id: str):
    """A resident's report as intake announces it, for assignment to route."""
    return new_event(type="xiuhua.issue.submitted.v1", source="/xiuhua/intake", tenant="huayuan", subject=issue_id,
                     data={"issue_id": issue_id, "number": "12345678", "community": "huayuan", "subdistrict": "lizhou",
                           "estate": "chunlan", "category": "parking", "priority": "normal",
                           "title": "地下车库B区灯不亮", "place_text": "春澜璟园 地下车库B区",
                           "submitted_at": shanghai_now().isoformat(),
                           "reporter": {"sub": "resident-fuzz", "name": "刘女士", "phone": "13800001234"}})


async def answers(svc, path: str, headers: dict[str, str]) -> bool:
    return (await svc.client.get(path, headers=headers)).status_code == 200


async def _intake(svc) -> tuple[dict[str, str], list[dict[str, str]]]:
    await load_subdistrict(svc.client)
    await load_community(svc.client)
    r = await svc.client.post("/intake/v1/issues", json=report(), headers=RESIDENT)
    assert r.status_code == 201, r.text
    return {"issue_id": r.json()["id"]}, []


async def _assignment(svc) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The team, and one task routed to one of its members, who is among the callers."""
    await load_team(svc.client)
    await publish(community_updated())
    await eventually(lambda: svc.runtime.db.directory.find_one({"_id": "huayuan"}), timeout=20)
    await publish(submitted(issue_id := uuid.uuid4().hex))
    task = await eventually(lambda: svc.runtime.db.tasks.find_one({"_id": issue_id, "status": "assigned"}), timeout=20)
    return {"issue_id": issue_id}, [token("member", sub=task["assignee"]["id"], name=task["assignee"]["name"])]


async def _knows_the_community(svc, path: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    await publish(community_updated())
    await eventually(lambda: answers(svc, path, CALLERS[2]), timeout=20)
    return {}, []


async def _notification(svc):
    return await _knows_the_community(svc, "/notification/v1/communities/huayuan/rules")


async def _reporting(svc):
    return await _knows_the_community(svc, "/reporting/v1/rates?scope=community&id=huayuan")


async def _smsgateway(svc) -> tuple[dict[str, str], list[dict[str, str]]]:
    return {"token": RECEIPT_TOKEN}, []


SERVICES = {
    "intake": (intake_app, IntakeSettings, {}, _intake),
    "assignment": (assignment_app, AssignmentSettings, {}, _assignment),
    "notification": (notification_app, NotificationSettings, {}, _notification),
    "reporting": (reporting_app, ReportingSettings, {}, _reporting),
    "smsgateway": (smsgateway_app, SmsGatewaySettings, {"sms_receipt_token": RECEIPT_TOKEN}, _smsgateway),
}


# Schemathesis' own strategies draw from `random`, which Hypothesis flags: not ours to fix
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
@pytest.mark.parametrize("service", list(SERVICES))
async def test_every_route_answers_as_its_openapi_says(service):
    create_app, settings_cls, overrides, prepare = SERVICES[service]
    async with running(create_app, settings_for(settings_cls, **overrides)) as svc:
        known, callers = await prepare(svc)
        findings = await asyncio.to_thread(fuzz, svc.client, asyncio.get_running_loop(), svc.app.openapi(),
                                           headers=CALLERS + callers, examples=EXAMPLES, known=KNOWN | known)
    assert not findings, "\n\n".join(map(str, findings))
