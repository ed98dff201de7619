"""Which phone a report may have texted: intake says in ``issue.submitted`` whether the reporter's
phone is proven theirs (their login phone, a phone on the roster or the directory or that has logged
in, the phone an SMS came from), and announces each login (``auth.phone_verified``); any other phone
is kept for the team to call back. Against the real MongoDB, Redis and broker."""

from __future__ import annotations

import json
import random

import pytest

from tests.integration.test_intake_identity import bearer, login
from tests.support.broker import Probe
from tests.support.demo import report
from tests.support.services import token
from xiuhua_cli import demo

SUBMITTED, VERIFIED = "xiuhua.issue.submitted.v1", "xiuhua.auth.phone_verified.v1"
GATEWAY = token("gateway", "huayuan", sub="gw-sms-chunlan", estate="chunlan", name="短信网关")
LEAD = token("lead", sub="hy-chen-liqun", name="陈立群")
MEMBER = token("member", sub="hy-li-ming", name="李明")


@pytest.fixture
async def intake(intake_with_community):
    return intake_with_community


def new_phone() -> str:
    return f"176{random.randrange(10**8):08d}"


async def reported(probe: Probe, answer) -> dict:
    """The reporter as ``issue.submitted`` names them."""
    assert answer.status_code == 201, answer.text
    [event] = await probe.wait_for(SUBMITTED, issue_id=answer.json().get("issue_id") or answer.json()["id"])
    return json.loads(event.body)["reporter"]


async def test_a_report_says_whether_its_phone_is_proven_the_reporter_s_own(intake):
    own, stranger, neighbour = new_phone(), new_phone(), new_phone()
    async with Probe([SUBMITTED, VERIFIED]) as probe:
        r, _ = await login(intake, own, estate="chunlan")
        assert r.status_code == 200, r.text
        me = r.json()["me"]
        [verified] = await probe.wait_for(VERIFIED, phone=own)
        assert json.loads(verified.body) | {"at": None} == {
            "person_id": me["id"], "phone": own, "role": "resident", "community": "huayuan",
            "subdistrict": "lizhou", "at": None}
        resident = bearer(r.json())
        again = await intake.client.post("/intake/v1/auth/refresh", json={"refresh_token": r.json()["refresh_token"]})
        assert again.status_code == 200  # a session that began with a code proves the phone again
        await probe.wait_for(VERIFIED, count=2, phone=own)

        mine = await intake.client.post("/intake/v1/issues", headers=resident, json=report(
            reporter={"name": "刘女士", "phone": own}))
        assert (await reported(probe, mine))["phone_verified"] is True
        theirs = await intake.client.post("/intake/v1/issues", headers=resident, json=report(
            reporter={"name": "刘女士", "phone": stranger}))
        assert (await reported(probe, theirs)) == {"sub": me["id"], "name": "刘女士", "phone": stranger,
                                                   "phone_verified": False}
        shown = (await intake.client.get(f"/intake/v1/issues/{theirs.json()['id']}", headers=LEAD)).json()
        assert shown["reporter"]["phone"] == stranger  # kept for the team to call back

        # a member reporting for a neighbour: proven only if that phone logged in or is on the roster, directory
        for phone, proven in ((own, True), (neighbour, False), (demo.STAFF[0]["phone"], True)):
            taken = await intake.client.post("/intake/v1/issues", headers=MEMBER, json=report(
                reporter={"name": "王阿姨", "phone": phone}))
            assert (await reported(probe, taken))["phone_verified"] is proven, phone
        # a token with no login behind it proves no phone
        minted = token("resident", estate="chunlan", sub="r-minted")
        assert (await reported(probe, await intake.client.post("/intake/v1/issues", headers=minted, json=report(
            reporter={"name": "孙女士", "phone": new_phone()}))))["phone_verified"] is False

        # the phone an SMS came from sent it; a chat group's roster phone is not proven
        sms = await intake.client.post("/intake/v1/inbound/sms", headers=GATEWAY | {"Idempotency-Key": new_phone()},
                                       json={"phone": new_phone(), "text": "3幢2单元电梯坏了，老人下不了楼"})
        assert (await reported(probe, sms))["phone_verified"] is True
        chat = await intake.client.post("/intake/v1/inbound/chat", headers=GATEWAY | {"Idempotency-Key": new_phone()},
                                        json={"group": "wx-chunlan", "text": "北门晚上没有保安",
                                              "sender": {"name": "5幢王阿姨", "phone": new_phone()}})
        assert (await reported(probe, chat))["phone_verified"] is False
