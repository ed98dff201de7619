"""The rates from events on the real servers: a small life of several issues, published twice and out
of order, gives the figures computed by hand for the community, an estate, each member and the
property company — and only to those who may read them.

Every id is this test's own (community, subdistrict, members, company), so events other tests
publish on the shared broker cannot reach these figures. The period is March 2025 (Asia/Shanghai).
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.broker import publish
from tests.support.servers import eventually
from tests.support.services import running, settings_for, token
from xiuhua_events import CloudEvent, new_event
from xiuhua_reporting.app import create_app
from xiuhua_reporting.settings import ReportingSettings

MARCH = {"from": "2025-03-01", "to": "2025-04-01"}
SYSTEM = {"id": "system", "name": "系统", "role": "system"}


def z(text: str) -> datetime:
    """``"03-03 01:00"`` → 2025-03-03 01:00 UTC (09:00 in Shanghai)."""
    return datetime.fromisoformat(f"2025-{text}").replace(tzinfo=UTC)


class Life:
    """Events of one community's issues, with ids of this test only."""

    def __init__(self) -> None:
        uid = uuid.uuid4().hex[:8]
        self.community, self.subdistrict = f"hy-{uid}", f"sd-{uid}"
        self.m1, self.m2, self.company = f"m1-{uid}", f"m2-{uid}", f"wuye-{uid}"
        self.members = {self.m1: {"id": self.m1, "name": "李明", "role": "member"},
                        self.m2: {"id": self.m2, "name": "徐浩", "role": "member"}}

    def event(self, fact: str, issue: str, at: datetime, **data) -> CloudEvent:
        data = {"issue_id": f"{self.community}-{issue}", "community": self.community, "actor": SYSTEM,
                "at": at.isoformat()} | data
        return new_event(type=f"xiuhua.{fact}.v1", source="/test", tenant=self.community,
                         subject=data["issue_id"], data=data)

    def submitted(self, issue: str, at: datetime, estate: str, category: str) -> CloudEvent:
        return self.event("issue.submitted", issue, at, subdistrict=self.subdistrict, estate=estate,
                          category=category, priority="normal", submitted_at=at.isoformat())

    def assigned(self, issue: str, at: datetime, member: str, respond_by: datetime) -> CloudEvent:
        return self.event("task.assigned", issue, at, assignee=self.members[member], assigned_at=at.isoformat(),
                          subdistrict=self.subdistrict, respond_by=respond_by.isoformat(),
                          resolve_by=(respond_by + timedelta(days=6)).isoformat())

    def handed(self, issue: str, at: datetime) -> CloudEvent:
        return self.event("task.handed_to_property", issue, at, company={"id": self.company, "name": "春澜物业"},
                          ack_by=(at + timedelta(days=1)).isoformat(), asked="请处理", due_date="2025-03-20")

    def answered(self, issue: str, at: datetime, kind: str, promised_date: str | None = None) -> CloudEvent:
        return self.event("task.property_updated", issue, at, company={"id": self.company, "name": "春澜物业"},
                          kind=kind, promised_date=promised_date)

    def breached(self, issue: str, kind: str, due: datetime) -> CloudEvent:
        return self.event("task.sla_breached", issue, due, kind=kind, due_at=due.isoformat(), title="问题",
                          subdistrict=self.subdistrict, estate="chunlan")

    def directory(self) -> CloudEvent:
        return new_event(type="xiuhua.directory.community_updated.v1", source="/test", tenant=self.community, data={
            "community": self.community, "subdistrict": self.subdistrict, "name": "花园社区",
            "version": datetime.now(UTC).isoformat(),
            "estates": [{"id": "chunlan", "name": "春澜璟园"}, {"id": "dongyuan", "name": "东苑"}],
            "staff": [], "settings": {"auto_close_days": 7, "reopen_days": 7},
            "property_companies": [{"id": self.company, "name": "春澜物业", "estates": ["chunlan"], "contacts": []}]})

    def issues(self) -> dict[str, list[CloudEvent]]:
        m1, m2 = self.m1, self.m2
        return {
            # I1 chunlan: accepted after 30 min; handed; the company answers in 2 h, promises 03-06 (Shanghai),
            # is done 03-05 10:00 Shanghai (kept; 48 h after the handover); resolved after 50 h; 满意; closed.
            "I1": [self.submitted("I1", z("03-03 01:00"), "chunlan", "parking"),
                   self.assigned("I1", z("03-03 01:05"), m1, z("03-04 01:00")),
                   self.event("task.accepted", "I1", z("03-03 01:30"), assignee=self.members[m1]),
                   self.handed("I1", z("03-03 02:00")),
                   self.answered("I1", z("03-03 04:00"), "acknowledged"),
                   self.answered("I1", z("03-03 04:30"), "promised", "2025-03-06"),
                   self.answered("I1", z("03-05 02:00"), "done"),
                   self.event("task.resolved", "I1", z("03-05 03:00"), assignee=self.members[m1], note="好了"),
                   self.event("issue.rated", "I1", z("03-05 05:00"), solved=True, satisfaction="satisfied"),
                   self.event("issue.closed", "I1", z("03-05 06:00"), reason="confirmed")],
            # I2 chunlan: first response is the handover 26 h later (late); the company never answers.
            # Assignment announced both limits passing: the late answer met the first, the second stands.
            "I2": [self.submitted("I2", z("03-04 01:00"), "chunlan", "cleaning"),
                   self.assigned("I2", z("03-04 01:01"), m1, z("03-05 01:00")),
                   self.breached("I2", "respond", z("03-05 01:00")),
                   self.handed("I2", z("03-05 03:00")),
                   self.breached("I2", "resolve", z("03-11 01:00"))],
            # I3 dongyuan: a note after 1 h; resolved, reopened, resolved again 36 h after the report; unsolved.
            "I3": [self.submitted("I3", z("03-05 01:00"), "dongyuan", "greening"),
                   self.assigned("I3", z("03-05 01:01"), m2, z("03-06 01:00")),
                   self.event("task.progressed", "I3", z("03-05 02:00"), note="在修"),
                   self.event("task.resolved", "I3", z("03-05 11:00"), assignee=self.members[m2], note="修了"),
                   self.event("issue.reopened", "I3", z("03-06 01:00"), reopen_count=1, reason="没修好"),
                   self.event("task.resolved", "I3", z("03-06 13:00"), assignee=self.members[m2], note="换了"),
                   self.event("issue.rated", "I3", z("03-06 15:00"), solved=False, satisfaction="dissatisfied")],
            # I4 dongyuan: merged into I3 — no response owed.
            "I4": [self.submitted("I4", z("03-06 01:00"), "dongyuan", "other"),
                   self.assigned("I4", z("03-06 01:01"), m2, z("03-07 01:00")),
                   self.event("issue.merged", "I4", z("03-06 02:00"), into=f"{self.community}-I3")],
            # I5 chunlan: m1 declines, m2 gets it; its deadline has not come yet.
            "I5": [self.submitted("I5", z("03-07 01:00"), "chunlan", "facilities"),
                   self.assigned("I5", z("03-07 01:01"), m1, z("03-08 01:00")),
                   self.event("task.declined", "I5", z("03-07 02:00"), assignee=self.members[m1], reason="不在"),
                   self.assigned("I5", z("03-07 02:01"), m2, datetime(2099, 1, 1, tzinfo=UTC))],
            # Just outside March in Shanghai: 02-28 23:59 and 04-01 00:00.
            # I6 is still unanswered, past its response limit
            "I6": [self.submitted("I6", z("02-28 15:59"), "chunlan", "parking"),
                   self.assigned("I6", z("02-28 16:00"), m1, z("03-01 15:59")),
                   self.breached("I6", "respond", z("03-01 15:59"))],
            "I7": [self.submitted("I7", z("03-31 16:00"), "chunlan", "parking"),
                   self.assigned("I7", z("03-31 16:01"), m1, z("04-01 16:00"))],
        }


@pytest.fixture
async def reporting():
    async with running(create_app, settings_for(ReportingSettings)) as svc:
        yield svc


@pytest.fixture
async def life(reporting) -> Life:
    """The life published as a broker would deliver it at its worst: out of order, and twice."""
    life = Life()
    issues = life.issues()
    events = [e for steps in issues.values() for e in steps] + [life.directory()]
    order = list(reversed(issues["I1"])) + random.Random(3).sample(events, len(events))
    for event in order:
        await publish(event, times=2 if event in issues["I1"] or event in issues["I3"] else 1)
    ids = {e.id for e in events}

    async def all_folded():
        return await reporting.runtime.db.inbox.count_documents({"_id": {"$in": list(ids)}}) == len(ids)

    await eventually(all_folded, timeout=30)
    return life


async def rates(svc, headers, **params):
    return await svc.client.get("/reporting/v1/rates", params=MARCH | params, headers=headers)


def figures(body: dict) -> dict:
    keys = ("received", "backlog", "responded_on_time", "response_due", "response_rate", "solved", "rated",
            "resolution_rate", "satisfied", "satisfaction_rate", "first_response_minutes", "resolution_hours",
            "reopened")
    return {k: body[k] for k in keys}


def ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def expect(received, backlog, on_time, due, solved, rated, satisfied, first, hours, reopened) -> dict:
    """The answer's figures from the hand count: rates from their numerators and denominators."""
    return {"received": received, "backlog": backlog, "responded_on_time": on_time, "response_due": due,
            "response_rate": ratio(on_time, due), "solved": solved, "rated": rated,
            "resolution_rate": ratio(solved, rated), "satisfied": satisfied,
            "satisfaction_rate": ratio(satisfied, rated),
            "first_response_minutes": dict(zip(("p50", "p90"), first, strict=True)),
            "resolution_hours": dict(zip(("p50", "p90"), hours, strict=True)), "reopened": reopened}


async def test_the_rates_equal_the_hand_computation_for_each_scope(reporting, life):
    staff = token("staff", life.community, subdistrict=life.subdistrict)
    community = await rates(reporting, staff, scope="community", id=life.community)
    assert community.status_code == 200, community.text
    body = community.json()
    assert (body["name"], body["from"], body["to"]) == ("花园社区", "2025-03-01T00:00:00+08:00",
                                                      "2025-04-01T00:00:00+08:00")
    # received I1–I5 (I6, I7 fall outside March in Shanghai); backlog I2 (with the company), I5 (assigned)
    # due: I1 ✓ (30 min), I2 ✗ (26 h), I3 ✓ (1 h) — I4 merged, I5's deadline is ahead → 2/3
    # rated I1 solved 满意, I3 unsolved 不满意 → 1/2, 1/2
    # first response minutes [30, 60, 1560]: p50 rank 2 → 60, p90 rank 3 → 1560
    # resolution hours I1 50, I3 36 (the latest resolution): [36, 50] → p50 36, p90 50; reopened I3
    assert figures(body) == expect(5, 2, 2, 3, 1, 2, 1, (60, 1560), (36, 50), 1)
    assert (body["response_rate"], body["resolution_rate"], body["satisfaction_rate"]) == (0.6667, 0.5, 0.5)
    assert body["promises"] is None

    # chunlan: I1, I2, I5 — due I1 ✓ I2 ✗; rated I1; first response [30, 1560]; resolution [50]
    estate = (await rates(reporting, staff, scope="estate", id="chunlan")).json()
    assert estate["name"] == "春澜璟园"
    assert figures(estate) == expect(3, 2, 1, 2, 1, 1, 1, (30, 1560), (50, 50), 0)

    # m1 is the current assignee of I1, I2 (I5 went to m2 when m1 declined)
    m1 = (await rates(reporting, staff, scope="member", id=life.m1)).json()
    assert m1["name"] == "李明"
    assert figures(m1) == expect(2, 1, 1, 2, 1, 1, 1, (30, 1560), (50, 50), 0)
    # m2: I3, I4 (merged), I5 (not yet due) — due I3 ✓ → 1/1; rated I3 unsolved → 0/1
    m2 = (await rates(reporting, staff, scope="member", id=life.m2)).json()
    assert figures(m2) == expect(3, 1, 1, 1, 0, 1, 0, (60, 60), (36, 36), 1)

    # The company, from the handover: I1 answered in 2 h (✓), done 48 h after; I2 never answered, past ack_by (✗)
    company = (await rates(reporting, staff, scope="property", id=life.company)).json()
    assert company["name"] == "春澜物业"
    assert figures(company) == expect(2, 1, 1, 2, 1, 1, 1, (120, 120), (48, 48), 0)
    assert company["promises"] == {"made": 1, "kept": 1, "broken": 0}


async def test_each_rate_carries_its_counts_and_says_when_its_base_is_small(reporting, life):
    staff = token("staff", life.community, subdistrict=life.subdistrict)
    body = (await rates(reporting, staff, scope="community", id=life.community)).json()
    # 响应率 2 on time of 3 due; 解决率 1 solved of 2 rated; 满意率 1 satisfied of 2 rated: all below 10
    assert [body[k] for k in ("responded_on_time", "response_due", "solved", "rated", "satisfied")] == [2, 3, 1, 2, 1]
    assert body["min_base"] == 10
    assert body["small_base"] == ["response_rate", "resolution_rate", "satisfaction_rate"]
    async with running(create_app, settings_for(ReportingSettings, rates_min_base=3)) as three:
        for event in [e for steps in life.issues().values() for e in steps] + [life.directory()]:
            await publish(event)

        async def folded():
            r = await rates(three, staff, scope="community", id=life.community)
            return r.json() if r.status_code == 200 and r.json()["received"] == 5 else None

        body = await eventually(folded, timeout=30)
    assert body["min_base"] == 3 and body["small_base"] == ["resolution_rate", "satisfaction_rate"]


async def test_in_hand_and_overdue_are_the_same_on_the_rates_and_the_month_report(reporting, life):
    """在办: received before the period's end and not done now; 超时 as assignment announced it."""
    staff = token("staff", life.community, subdistrict=life.subdistrict)
    body = (await rates(reporting, staff, scope="community", id=life.community)).json()
    held = body["in_hand"]
    # I2 (with the company), I5 (assigned) from March, I6 (assigned) from February; I7 is April's
    # overdue: I2 its resolution (its response was late, then given), I6 its response
    assert {k: held[k] for k in ("open", "from_period", "earlier", "overdue", "overdue_respond",
                                 "overdue_resolve")} == {"open": 3, "from_period": 2, "earlier": 1, "overdue": 2,
                                                         "overdue_respond": 1, "overdue_resolve": 1}
    assert held["from_period"] == body["backlog"] and held["as_of"].endswith("+08:00")
    report = await reporting.client.get("/reporting/v1/reports/monthly", headers=staff, params={
        "scope": "community", "id": life.community, "month": "2025-03", "live": "true"})
    assert report.status_code == 200, report.text
    month = report.json()
    assert month["backlog"] == {"open": 3, "from_month": 2, "earlier": 1, "overdue": 2, "overdue_respond": 1,
                                "overdue_resolve": 1}
    assert month["min_base"] == 10
    f = month["figures"]
    assert [f[k] for k in ("responded_on_time", "response_due", "solved", "rated", "satisfied")] == [2, 3, 1, 2, 1]
    csv = (await reporting.client.get("/reporting/v1/reports/monthly", headers=staff, params={
        "scope": "community", "id": life.community, "month": "2025-03", "live": "true", "format": "csv"})).text
    for line in ("在办合计,3", "超时（响应或办结）,2", "其中响应超时,1", "其中办结超时,1", "按时响应 / 应响应,2/3"):
        assert line in csv, line


async def test_the_same_figures_per_group(reporting, life):
    staff = token("lead", life.community, subdistrict=life.subdistrict)
    body = (await rates(reporting, staff, scope="community", id=life.community, group_by="estate")).json()
    groups = {g["key"]: g for g in body["groups"]}
    assert {k: g["name"] for k, g in groups.items()} == {"chunlan": "春澜璟园", "dongyuan": "东苑"}
    assert figures(groups["chunlan"]) == expect(3, 2, 1, 2, 1, 1, 1, (30, 1560), (50, 50), 0)
    # dongyuan: I3, I4 — due I3 ✓ (I4 merged); rated I3 unsolved
    assert figures(groups["dongyuan"]) == expect(2, 0, 1, 1, 0, 1, 0, (60, 60), (36, 36), 1)
    by_member = (await rates(reporting, staff, scope="community", id=life.community, group_by="member")).json()
    assert {g["key"]: (g["name"], g["received"]) for g in by_member["groups"]} == {life.m1: ("李明", 2),
                                                                                 life.m2: ("徐浩", 3)}


async def test_only_the_scopes_own_people_may_read_it(reporting, life):
    sd = life.subdistrict
    member = token("member", life.community, subdistrict=sd, sub=life.m1)
    contact = token("property", life.community, subdistrict=sd, company=life.company)
    admin = token("admin", None, subdistrict=sd)
    allowed = [(member, "member", life.m1), (contact, "property", life.company), (admin, "subdistrict", sd),
               (admin, "member", life.m2), (token("lead", life.community, subdistrict=sd), "property", life.company)]
    for headers, scope, id in allowed:
        assert (await rates(reporting, headers, scope=scope, id=id)).status_code == 200, (scope, id)
    assert (await rates(reporting, admin, scope="subdistrict", id=sd)).json()["received"] == 5
    refused = [(member, "member", life.m2), (member, "community", life.community),
               (contact, "property", "another-wuye"), (contact, "estate", "chunlan"),
               (token("lead", "other", subdistrict=sd), "community", life.community),
               (token("staff", "other", subdistrict=sd), "member", life.m1),
               (token("lead", life.community, subdistrict=sd), "subdistrict", sd),
               (token("admin", None, subdistrict="elsewhere"), "community", life.community),
               (token("resident", life.community, subdistrict=sd, estate="chunlan"), "estate", "chunlan")]
    for headers, scope, id in refused:
        r = await rates(reporting, headers, scope=scope, id=id)
        assert r.status_code == 403 and r.json()["error"]["message"] == "无权查看该范围的统计", (scope, id, r.text)
    staff = token("staff", life.community, subdistrict=sd)
    assert (await rates(reporting, staff, scope="estate", id="nowhere")).status_code == 404
    assert (await rates(reporting, staff, scope="galaxy", id="x")).status_code == 422
    bad = await reporting.client.get("/reporting/v1/rates", headers=staff,
                                     params={"scope": "community", "id": life.community, "from": "三月"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_period"
    assert (await reporting.client.get("/reporting/v1/rates", params={"scope": "community", "id": "x"})
            ).status_code == 401



async def test_an_estates_public_board_shows_figures_only(reporting, life):
    # the life happened in March 2025; this month the estate has received nothing, and says so
    r = await reporting.client.get(f"/reporting/v1/public/estates/{life.community}/chunlan")  # no login
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"received", "backlog", "response_rate", "responded_on_time", "response_due",
                         "resolution_rate", "solved", "rated", "satisfaction_rate", "satisfied", "reopened", "from",
                         "to", "min_base", "small_base"}
    assert body["received"] == 0 and body["response_rate"] is None
    assert (body["response_due"], body["rated"], body["min_base"]) == (0, 0, 10)
    assert body["small_base"] == ["response_rate", "resolution_rate", "satisfaction_rate"]
    assert (await reporting.client.get(f"/reporting/v1/public/estates/{life.community}/nowhere")).status_code == 404
