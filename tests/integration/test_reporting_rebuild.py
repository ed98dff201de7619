"""The views are folded from the archive alone: after ``xiuhua reporting rebuild`` (the views wiped
first) every figure is what it was, for the realistic life of test_reporting_rates published out of
order and twice."""

from __future__ import annotations

import asyncio
import random

import pytest
from typer.testing import CliRunner

from tests.integration.test_reporting_rates import MARCH, Life, z
from tests.support.broker import publish
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_cli.main import app as cli
from xiuhua_reporting.app import create_app
from xiuhua_reporting.settings import ReportingSettings


@pytest.fixture
async def reporting():
    async with running(create_app, settings_for(ReportingSettings)) as svc:
        yield svc


def garage(life: Life) -> dict[str, list]:
    """Three reports of the same garage zone in March (a hot spot), by two residents, one saying "me too"."""
    owner = {"sub": "phone:13800001234", "name": "刘女士", "phone": "13800001234"}
    other = {"sub": "resident-2", "name": "陈先生", "phone": "13900005678"}
    out = {}
    for n, (day, who) in enumerate((("03-10", owner), ("03-17", other), ("03-24", owner))):
        at = z(f"{day} 02:00")
        steps = [life.event("issue.submitted", f"G{n}", at, subdistrict=life.subdistrict, estate="chunlan",
                            category="parking", priority="normal", submitted_at=at.isoformat(), number=f"0000000{n}",
                            title="车库B区灯不亮", place={"spot": "garage-b"}, place_text="春澜璟园 地下车库B区",
                            channel="web", reporter=who)]
        if n == 1:
            steps.append(life.event("issue.supported", f"G{n}", at, supporters=1, supporter=owner))
        out[f"G{n}"] = steps
    return out


async def published(reporting) -> tuple[Life, set[str]]:
    life = Life()
    issues = life.issues() | garage(life)
    events = [e for steps in issues.values() for e in steps] + [life.directory()]
    for event in random.Random(7).sample(events, len(events)):
        await publish(event, times=2 if event in issues["I3"] else 1)
    ids = {e.id for e in events}

    async def all_folded():
        return await reporting.runtime.db.inbox.count_documents({"_id": {"$in": list(ids)}}) == len(ids)

    await eventually(all_folded, timeout=30)
    return life, ids


async def everything(svc, life: Life) -> dict:
    """Every answer the dashboards read, for the life's community and people."""
    staff = token("staff", life.community, subdistrict=life.subdistrict)
    admin = token("admin", None, subdistrict=life.subdistrict)
    asks = {f"{scope}/{id}/{by}": ("/reporting/v1/rates", {"scope": scope, "id": id} | ({"group_by": by} if by else {}))
            for scope, id in (("community", life.community), ("estate", "chunlan"), ("member", life.m1),
                              ("member", life.m2), ("property", life.company))
            for by in (None, "category", "estate", "member", "property")}
    asks |= {"rankings/estate": ("/reporting/v1/rankings", {"scope": "community", "id": life.community}),
             "rankings/community": ("/reporting/v1/rankings", {"scope": "subdistrict", "id": life.subdistrict}),
             "hotspots": ("/reporting/v1/hotspots", {"community": life.community, "weeks": 8, "at": "2025-04-01"}),
             "contribution": ("/reporting/v1/contribution", {"community": life.community})}
    answers = {}
    for name, (path, params) in asks.items():
        headers = admin if "subdistrict" in params.values() else staff
        r = await svc.client.get(path, params=MARCH | params, headers=headers)
        assert r.status_code == 200, (name, r.text)
        answers[name] = r.json()
        if (answers[name].get("in_hand") or {}).get("as_of"):
            answers[name]["in_hand"]["as_of"] = "now"  # the moment asked, not a figure
    return answers


async def test_a_rebuild_from_the_archive_reaches_the_same_figures(reporting):
    life, ids = await published(reporting)
    db = reporting.runtime.db
    before = await everything(reporting, life)
    assert before["community/" + life.community + "/None"]["received"] == 8  # I1–I5 and the garage's three
    assert [h["total"] for h in before["hotspots"]["items"]] == [3]
    assert {(r["name"], r["phone"], r["reported"], r["supported"]) for r in before["contribution"]["residents"]} == {
        ("刘**", "138****1234", 2, 1), ("陈**", "139****5678", 1, 0)}
    archived = await db.archive.find({"_id": {"$in": list(ids)}}).to_list()
    assert len(archived) == len(ids)  # every event once, with its type, time and tenant
    assert all(a["tenant"] == life.community and a["type"].startswith("xiuhua.") and a["time"] for a in archived)
    assert "13800001234" not in str(archived) and "刘女士" not in str(archived)  # residents kept masked

    await db.issue_view.insert_one({"_id": "before-the-archive", "community": life.community})
    refused = await asyncio.to_thread(CliRunner().invoke, cli, [
        "reporting", "rebuild", "--mongo-url", reporting.runtime.settings.mongo_url,
        "--database", reporting.runtime.settings.database])
    assert refused.exit_code == 1 and "1 issues of the views have no event in the archive" in refused.output
    await db.issue_view.delete_many({})  # the views are gone: only the archive is left
    await db.communities.delete_many({})
    await db.people.delete_many({})
    settings = reporting.runtime.settings
    result = await asyncio.to_thread(CliRunner().invoke, cli, [
        "reporting", "rebuild", "--mongo-url", settings.mongo_url, "--database", settings.database])
    assert result.exit_code == 0, result.output
    assert "rebuilt issues, directory" in result.output

    assert await everything(reporting, life) == before
    assert await db.list_collection_names(filter={"name": {"$regex": "^rebuild\\."}}) == []


async def test_one_view_is_back_filled_alone(reporting):
    life, _ = await published(reporting)
    db = reporting.runtime.db
    before = await everything(reporting, life)
    await db.communities.delete_many({})  # a view added later starts empty; its back-fill fills it
    settings = reporting.runtime.settings
    result = await asyncio.to_thread(CliRunner().invoke, cli, [
        "reporting", "rebuild", "--view", "directory", "--mongo-url", settings.mongo_url,
        "--database", settings.database])
    assert result.exit_code == 0, result.output
    assert await db.communities.count_documents({}) >= 1
    assert await everything(reporting, life) == before
    bad = await asyncio.to_thread(CliRunner().invoke, cli, ["reporting", "rebuild", "--view", "nope"])
    assert bad.exit_code != 0
