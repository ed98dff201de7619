"""Reporting's fold of events into an issue row gives the same row in any order, and its access rules."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from xiuhua_auth import Principal
from xiuhua_events import new_event
from xiuhua_reporting.projection import facts
from xiuhua_reporting.projection.fold import fold
from xiuhua_reporting.rates.access import Place, is_own, may_read, refused_outright, wall

T0 = datetime(2025, 3, 3, 1, 0, tzinfo=UTC)
SYSTEM = {"id": "system", "name": "系统", "role": "system"}
A = {"id": "hy-a", "name": "甲", "role": "member"}
B = {"id": "hy-b", "name": "乙", "role": "member"}
COMPANY = {"id": "chunlan-wuye", "name": "春澜物业"}


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def ev(fact: str, minutes: int, /, **data):
    data = {"issue_id": "i1", "community": "huayuan", "actor": SYSTEM, "at": at(minutes).isoformat()} | data
    return new_event(type=f"xiuhua.{fact}.v1", source="/test", tenant="huayuan", subject="i1", data=data)


def assigned(minutes: int, who: dict, **data):
    return ev("task.assigned", minutes, assignee=who, assigned_at=at(minutes).isoformat(),
              respond_by=at(minutes + 24 * 60).isoformat(), resolve_by=at(minutes + 7 * 24 * 60).isoformat(), **data)


def replay(events) -> dict:
    row: dict = {}
    for event in events:
        fact = facts.read(event)
        row |= fold(row, fact)
    return row


LIFE = [
    ev("issue.submitted", 0, subdistrict="lizhou", estate="chunlan", category="parking", priority="normal",
       submitted_at=at(0).isoformat()),
    ev("issue.triaged", 5, category="cleaning", priority="urgent"),
    assigned(6, A),
    ev("task.declined", 30, assignee=A, reason="不在家"),
    assigned(31, B),
    ev("task.accepted", 40, assignee=B),
    ev("task.sla_breached", 45, kind="respond", due_at=at(6 + 24 * 60).isoformat()),  # A's deadline, met by B
    ev("task.sla_breached", 250, kind="resolve", due_at=at(31 + 7 * 24 * 60).isoformat()),
    ev("task.handed_to_property", 60, company=COMPANY, ack_by=at(60 + 24 * 60).isoformat(), asked="修灯",
       due_date="2025-03-10"),
    ev("task.property_updated", 90, company=COMPANY, kind="promised", promised_date="2025-03-08"),
    ev("task.property_updated", 120, company=COMPANY, kind="done"),
    ev("task.resolved", 150, assignee=B, note="修好了"),
    ev("issue.reopened", 200, reopen_count=1, reason="又坏了", title="灯", number="00000001"),
    ev("task.progressed", 230, note="再看看"),
    ev("task.resolved", 300, assignee=B, note="换了灯管"),
    ev("issue.rated", 400, solved=True, satisfaction="basically_satisfied"),
    ev("issue.closed", 500, reason="confirmed"),
]
FIELDS = ("community", "subdistrict", "estate", "category", "priority", "submitted_at", "assignee", "respond_by",
          "first_response_at", "resolved_at", "status", "closed_at", "reopened", "solved", "satisfaction", "company",
          "handed_at", "ack_by", "acknowledged_at", "property_done_at", "promises", "respond_breached",
          "resolve_breached")


def picked(row: dict) -> dict:
    return {f: row.get(f) for f in FIELDS}


def test_a_whole_life_folds_into_the_row_the_rates_read():
    row = replay(LIFE)
    assert picked(row) == {
        "community": "huayuan", "subdistrict": "lizhou", "estate": "chunlan", "category": "cleaning",
        "priority": "urgent", "submitted_at": at(0), "assignee": "hy-b", "respond_by": at(31 + 24 * 60),
        "first_response_at": at(40), "resolved_at": at(300), "status": "closed", "closed_at": at(500),
        "reopened": 1, "solved": True, "satisfaction": "basically_satisfied", "company": "chunlan-wuye",
        "handed_at": at(60), "ack_by": at(60 + 24 * 60), "acknowledged_at": at(90), "property_done_at": at(120),
        "promises": [{"date": "2025-03-08", "at": at(90)}],
        "respond_breached": at(6 + 24 * 60), "resolve_breached": at(31 + 7 * 24 * 60),
    }


def test_the_same_life_in_any_order_gives_the_same_row():
    expected = picked(replay(LIFE))
    shuffled = random.Random(5)
    orders = [list(reversed(LIFE))] + [shuffled.sample(LIFE, len(LIFE)) for _ in range(300)]
    for order in orders:
        assert picked(replay(order)) == expected, [e.type for e in order]


def test_a_decline_with_nobody_left_leaves_no_assignee_whichever_comes_first():
    first, then = assigned(0, A), ev("task.declined", 10, assignee=A, reason="忙")
    assert replay([first, then])["assignee"] is None
    assert replay([then, first])["assignee"] is None


def test_a_second_handover_starts_a_new_cycle_of_answers():
    life = [ev("task.handed_to_property", 0, company=COMPANY, ack_by=at(60).isoformat()),
            ev("task.property_updated", 10, company=COMPANY, kind="acknowledged"),
            ev("task.property_updated", 20, company=COMPANY, kind="done"),
            ev("task.handed_to_property", 100, company=COMPANY, ack_by=at(160).isoformat()),
            ev("task.property_updated", 170, company=COMPANY, kind="promised", promised_date="2025-03-09")]
    for order in (life, life[::-1], [life[1], life[4], life[2], life[0], life[3]]):
        row = replay(order)
        assert (row["handed_at"], row["ack_by"], row["acknowledged_at"], row["property_done_at"]) == \
               (at(100), at(160), at(170), None)
        assert row["promises"] == [{"date": "2025-03-09", "at": at(170)}]


@pytest.mark.parametrize(("events", "status"), [
    ([assigned(0, A), ev("task.handed_to_property", 5, company=COMPANY), ev("task.progressed", 9, note="催")],
     "handed_to_property"),  # a note while the company has it leaves it there
    ([ev("task.handed_to_property", 5, company=COMPANY), ev("task.property_updated", 9, company=COMPANY,
                                                            kind="done")], "in_progress"),
    ([assigned(10, A), ev("issue.triaged", 20, category="other")], "assigned"),  # a re-triage keeps it with the team
    ([ev("issue.closed", 10, reason="auto"), ev("task.progressed", 20, note="晚到")], "closed"),
    ([ev("issue.merged", 10, into="i2"), assigned(5, A)], "merged"),
    ([ev("task.resolved", 10, assignee=A), ev("issue.reopened", 20, reopen_count=1)], "reopened"),
    ([ev("issue.reopened", 20, reopen_count=1), ev("task.resolved", 10, assignee=A)], "reopened"),
])
def test_the_status_follows_intakes_moves_in_any_order(events, status):
    assert replay(events)["status"] == status
    assert replay(events[::-1])["status"] == status


def test_an_early_task_event_is_kept_until_its_issue_arrives():
    row = replay([ev("task.resolved", 60, assignee=A)])
    assert "submitted_at" not in row and row["resolved_at"] == at(60)
    row |= fold(row, facts.read(LIFE[0]))
    assert (row["submitted_at"], row["resolved_at"], row["first_response_at"], row["status"]) == \
           (at(0), at(60), at(60), "resolved")


def who(role: str, community: str | None = "huayuan", *, sub: str | None = None, subdistrict: str = "lizhou",
        **extra) -> Principal:
    return Principal(sub=sub or f"{role}-x", role=role, community=community, subdistrict=subdistrict, **extra)


HUAYUAN = Place("huayuan", "lizhou", "花园社区")


@pytest.mark.parametrize(("actor", "scope", "id", "allowed"), [
    (who("lead"), "community", "huayuan", True),
    (who("staff"), "estate", "chunlan", True),
    (who("staff"), "property", "chunlan-wuye", True),
    (who("lead", "other"), "community", "huayuan", False),
    (who("lead"), "subdistrict", "lizhou", False),
    (who("admin", None), "subdistrict", "lizhou", True),
    (who("admin", None), "member", "hy-a", True),
    (who("admin", None, subdistrict="elsewhere"), "community", "huayuan", False),
    (who("admin", "huayuan"), "subdistrict", "lizhou", False),  # a community's admin is not the subdistrict's
    (who("member", sub="hy-a"), "member", "hy-a", True),
    (who("member", sub="hy-a"), "member", "hy-b", False),
    (who("member", sub="hy-a"), "community", "huayuan", False),
    (who("property", company="chunlan-wuye"), "property", "chunlan-wuye", True),
    (who("property", company="other-wuye"), "property", "chunlan-wuye", False),
    (who("resident", estate="chunlan"), "estate", "chunlan", False),
])
def test_who_may_read_which_rates(actor, scope, id, allowed):
    outright = refused_outright(actor, scope, id)
    assert (not outright and may_read(actor, scope, id, HUAYUAN)) is allowed


def test_the_wall_keeps_a_member_or_company_inside_the_askers_community():
    assert wall(who("lead"), "member", "hy-a", HUAYUAN) == {"assignee": "hy-a", "community": "huayuan"}
    assert wall(who("admin", None), "property", "chunlan-wuye", HUAYUAN) == {"company": "chunlan-wuye",
                                                                            "subdistrict": "lizhou"}
    assert wall(who("staff"), "estate", "chunlan", HUAYUAN) == {"estate": "chunlan", "community": "huayuan"}
    assert is_own(who("lead", sub="hy-chen"), "member", "hy-chen")


def test_the_place_reporter_supporters_and_resolver_fold_the_same_in_any_order():
    liu = {"sub": "phone:13800001234", "name": "刘女士", "phone": "13800001234"}
    chen = {"sub": "r-chen", "name": "陈先生", "phone": "13900005678"}
    life = [ev("issue.submitted", 0, subdistrict="lizhou", estate="chunlan", category="parking",
               submitted_at=at(0).isoformat(), place={"spot": "garage-b", "detail": "靠近电梯"},
               place_text="春澜璟园 地下车库B区", channel="web", reporter=liu, number="00000001", title="灯不亮"),
            ev("issue.supported", 10, supporters=1, supporter=chen),
            ev("issue.supported", 11, supporters=2, supporter=liu | {"name": "刘女士"}),
            assigned(12, A),
            ev("task.resolved", 60, actor=A),
            ev("task.resolved", 70)]  # the system's (no person): not who resolved it
    rows = [replay(random.Random(seed).sample(life, len(life))) for seed in range(20)]
    assert all(row == rows[0] for row in rows)
    row = rows[0]
    assert row["place"] == {"building": None, "unit": None, "spot": "garage-b"} and row["channel"] == "web"
    assert row["reporter"]["name"] == "刘**" and row["reporter"]["phone"] == "138****1234"
    assert "13800001234" not in row["reporter"]["sub"]
    assert [p["name"] for p in row["supported_by"]] == ["刘**", "陈**"] and row["supporters"] == 2
    assert row["resolved_by"] == "hy-a"
