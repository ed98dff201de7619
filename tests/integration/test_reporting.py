"""Reporting folds events into counts, once per event, in any order."""

from __future__ import annotations

import uuid

import pytest

from tests.support.broker import publish
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_events import new_event
from xiuhua_reporting.app import create_app
from xiuhua_reporting.settings import ReportingSettings


@pytest.fixture
async def reporting():
    async with running(create_app, settings_for(ReportingSettings)) as svc:
        yield svc


def submitted(issue_id: str, category: str = "cleaning", community: str = "huayuan"):
    return new_event(type="xiuhua.issue.submitted.v1", source="/xiuhua/intake", tenant=community, subject=issue_id,
                     data={"issue_id": issue_id, "community": community, "subdistrict": "lizhou",
                           "estate": "chunlan", "category": category})


def assigned(issue_id: str):
    return new_event(type="xiuhua.task.assigned.v1", source="/xiuhua/assignment", tenant="huayuan",
                     subject=issue_id, data={"issue_id": issue_id, "community": "huayuan",
                                             "assignee": {"id": "m1", "name": "x"}})


async def metrics(svc, headers=None):
    r = await svc.client.get("/reporting/v1/metrics?community=huayuan", headers=headers or token("staff"))
    return r


async def test_counts_open_and_assigned_issues_once_each(reporting):
    a, b = uuid.uuid4().hex, uuid.uuid4().hex
    late = assigned(b)  # made before b's submission: an assignment older than the report must not win
    await publish(submitted(a), times=2)
    await publish(assigned(a), times=2)
    await publish(submitted(b, "greening"))
    await publish(submitted(uuid.uuid4().hex, community="elsewhere"))

    async def settled():
        body = (await metrics(reporting)).json()
        return body if body["total"] == 2 and body["assigned"] == 1 else None

    body = await eventually(settled)
    assert body["open"] == 2 and body["by_status"] == {"assigned": 1, "submitted": 1}
    assert body["by_category"] == {"cleaning": 1, "greening": 1}
    assert body["avg_minutes_to_assign"] is not None
    await publish(late)
    await eventually(lambda: reporting.runtime.db.inbox.count_documents({"_id": late.id}))
    assert (await metrics(reporting)).json()["by_status"] == {"assigned": 1, "submitted": 1}


async def test_other_communities_cannot_read_the_figures(reporting):
    await publish(submitted(uuid.uuid4().hex))
    await eventually(lambda: reporting.runtime.db.issue_view.count_documents({}))
    assert (await metrics(reporting, token("lead", "other"))).status_code == 403
    assert (await metrics(reporting, token("admin", None, subdistrict="elsewhere"))).status_code == 403
    assert (await metrics(reporting, token("admin", None))).status_code == 200
