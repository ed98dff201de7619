"""Rankings, hot spots and contribution on fixtures counted by hand (pure domain)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from xiuhua_events import new_event
from xiuhua_reporting.archive.views import IssueView
from xiuhua_reporting.domain import contribution, hotspots, ranking
from xiuhua_reporting.domain.privacy import masked_data, masked_person, pseudonym
from xiuhua_reporting.projection import facts
from xiuhua_reporting.projection.fold import fold


def at(day: str, hour: int = 2) -> datetime:
    return datetime.fromisoformat(f"2025-{day}").replace(hour=hour, tzinfo=UTC)


def figs(received: int, response: float | None, resolution: float | None, satisfaction: float | None) -> dict:
    return {"received": received, "response_rate": response, "resolution_rate": resolution,
            "satisfaction_rate": satisfaction}


def test_the_score_is_the_weighted_mean_of_the_known_rates():
    w = ranking.Weights(0.1, 0.45, 0.45)
    # 0.1·0.8 + 0.45·0.6 + 0.45·1.0 = 0.08 + 0.27 + 0.45 = 0.80
    assert ranking.score(figs(5, 0.8, 0.6, 1.0), w) == 0.8
    # no return visit yet: judged on 响应率 alone (0.1·0.5 / 0.1)
    assert ranking.score(figs(5, 0.5, None, None), w) == 0.5
    assert ranking.score(figs(5, None, None, None), w) is None
    # weights from configuration: only 满意率 counts
    assert ranking.score(figs(5, 0.2, 0.4, 0.9), ranking.Weights(0, 0, 1)) == 0.9


def test_places_are_ranked_best_first_sharing_ranks_and_the_small_ones_last():
    w = ranking.Weights(0.1, 0.45, 0.45)
    entries = [("a", figs(10, 1.0, 0.5, 0.5)),   # 0.1 + 0.225 + 0.225 = 0.55
               ("b", figs(4, 1.0, 1.0, 1.0)),    # 1.0
               ("c", figs(12, 1.0, 0.5, 0.5)),   # 0.55, more received than a: listed before it, same rank
               ("d", figs(2, 1.0, 1.0, 1.0)),    # too few received: unranked
               ("e", figs(9, None, None, None)),  # no rate at all: unranked
               ("f", figs(7, 0.0, 0.0, 0.0))]    # 0.0
    got = [(r.key, r.score, r.rank) for r in ranking.rank(entries, w, min_received=3)]
    assert got == [("b", 1.0, 1), ("c", 0.55, 2), ("a", 0.55, 2), ("f", 0.0, 4), ("e", None, None),
                   ("d", 1.0, None)]


def row(n: int, day: str, *, spot: str | None = "garage-b", building: str | None = None, category: str = "parking",
        status: str = "assigned", channel: str = "web", estate: str = "chunlan") -> dict:
    return {"_id": f"i{n}", "estate": estate, "place": {"spot": spot, "building": building}, "category": category,
            "submitted_at": at(day), "status": status, "channel": channel, "place_text": "春澜璟园 地下车库B区"}


def test_the_same_garage_zone_three_times_in_eight_weeks_is_a_hot_spot():
    rules = hotspots.Rules(weeks=8, min_issues=3, months=0)
    end = at("04-01", 0)  # the window is 02-04 00:00 … 04-01 00:00 (UTC)
    rows = [row(1, "02-10"), row(2, "03-01"), row(3, "03-20"),
            row(4, "03-21", status="merged"),            # a duplicate: the same problem, not a fourth
            row(5, "03-22", category="cleaning"),        # another category
            row(6, "03-23", spot="garage-a"),            # another place
            row(7, "03-24", spot=None, building="b3"), row(8, "03-25", spot=None, building="b3")]  # only twice
    [spot] = hotspots.hotspots(rows, at=end, rules=rules)
    assert (spot.estate, spot.place, spot.category, spot.kinds, spot.in_window) == (
        "chunlan", ("spot", "garage-b"), "parking", ["recurring"], 3)
    assert [r["_id"] for r in spot.issues] == ["i3", "i2", "i1"] and spot.acted is None
    # one of them 9 weeks back: only two in the window, no hot spot
    late = [row(1, "01-27"), row(2, "03-01"), row(3, "03-20")]
    assert hotspots.hotspots(late, at=end, rules=rules) == []


def test_one_buildings_lift_every_month_is_a_hot_spot_and_the_teams_task_is_shown():
    rules = hotspots.Rules(weeks=8, min_issues=3, months=3)
    end = at("04-10")  # the whole months before April: January, February, March
    lift = [row(1, "01-15", spot="lift-3"), row(2, "02-15", spot="lift-3"), row(3, "03-15", spot="lift-3"),
            row(4, "04-02", spot="lift-3", channel="team")]
    assert hotspots.month_starts(end, 3)[0] == datetime(2025, 1, 1, tzinfo=hotspots.SHANGHAI)
    [spot] = hotspots.hotspots(lift, at=end, rules=rules)
    # in the 8 weeks before 04-10 (from 02-13): 02-15, 03-15, 04-02 → recurring as well
    assert spot.kinds == ["recurring", "monthly"] and spot.months == ["2025-01", "2025-02", "2025-03"]
    assert spot.acted["_id"] == "i4"
    # a month missing: not monthly; and with two in the window not recurring either
    gap = [row(1, "01-15", spot="lift-3"), row(3, "03-15", spot="lift-3"), row(4, "03-16", spot="lift-3")]
    assert hotspots.hotspots(gap, at=end, rules=rules) == []
    assert hotspots.since(end, rules) == datetime(2025, 1, 1, tzinfo=hotspots.SHANGHAI)


def issue(n: int, assignee: str | None, **fields) -> dict:
    return {"_id": f"i{n}", "estate": "chunlan", "assignee": assignee, "channel": "web"} | fields


def test_each_members_work_counted_by_hand():
    t0 = at("03-03")
    m, h = (lambda n: t0 + timedelta(minutes=n)), (lambda n: t0 + timedelta(hours=n))
    rows = [
        # m1: responded after 10 and 30 min, resolved both, one confirmed (thanks) and rated 满意
        issue(1, "m1", assigned_at=t0, first_response_at=m(10), resolved_at=h(5),
              resolved_by="m1", confirmed_at=h(6), solved=True, satisfaction="satisfied"),
        issue(2, "m1", assigned_at=t0, first_response_at=m(30), resolved_at=h(9),
              solved=False, satisfaction="dissatisfied"),
        # m1 holds it now, but m2 resolved it before the reassignment: m2 handled it
        issue(3, "m1", assigned_at=t0, first_response_at=m(90), resolved_at=h(2),
              resolved_by="m2"),
        issue(4, "m2", assigned_at=t0),  # no response yet
        issue(5, None),
    ]
    got = {m.member: m for m in contribution.members(rows)}
    assert got["m1"] == contribution.MemberWork("m1", assigned=3, handled=2, response_minutes=30.0, thanks=1,
                                                rated=2, satisfied=1)  # median of [10, 30, 90]
    assert got["m2"] == contribution.MemberWork("m2", assigned=1, handled=1, response_minutes=None, thanks=0,
                                                rated=0, satisfied=0)
    assert [m.member for m in contribution.members(rows)] == ["m1", "m2"]


def test_the_residents_who_report_and_support_most_per_estate():
    liu = {"sub": "r-liu", "name": "刘**", "phone": "138****1234"}
    chen = {"sub": "r-chen", "name": "陈**", "phone": "139****5678"}
    wu = {"sub": "r-wu", "name": "吴**", "phone": "137****0000"}
    member = {"sub": "m1", "name": "李**", "phone": "199****0001"}
    rows = [issue(1, None, reporter=liu, supported_by=[chen, wu]), issue(2, None, reporter=liu),
            issue(3, None, reporter=chen), issue(4, None, reporter=member, channel="team"),
            issue(5, None, reporter=wu, estate="dongyuan")]
    got = [(r.estate, r.sub, r.reported, r.supported) for r in contribution.residents(rows, top=2)]
    # chunlan: 刘 2+0, 陈 1+1, 吴 0+1 (cut by top=2; the member's own report is not counted)
    assert got == [("chunlan", "r-liu", 2, 0), ("chunlan", "r-chen", 1, 1), ("dongyuan", "r-wu", 1, 0)]


def test_residents_are_kept_masked_and_masking_twice_changes_nothing():
    person = {"sub": "phone:13800001234", "name": "刘女士", "phone": "13800001234"}
    once = masked_person(person)
    assert once["name"] == "刘**" and once["phone"] == "138****1234" and "13800001234" not in once["sub"]
    assert masked_person(once) == once and pseudonym(once["sub"]) == once["sub"]
    data = masked_data({"reporter": person, "carried": [person], "title": "x"})
    assert data["reporter"] == once and data["carried"] == [once] and data["title"] == "x"


def test_a_rebuilt_issue_is_the_consumers_row_and_unreadable_events_are_counted_not_fatal():
    def ev(kind: str, **data):
        return new_event(type=f"xiuhua.{kind}.v1", source="/test", tenant="huayuan", subject="i1",
                         data={"issue_id": "i1", "community": "huayuan"} | data)

    life = [ev("issue.submitted", subdistrict="lizhou", estate="chunlan", category="parking",
               submitted_at=at("03-03").isoformat()),
            ev("task.assigned", assignee={"id": "m1", "name": "李明"}, assigned_at=at("03-03", 3).isoformat()),
            ev("task.accepted", at=at("03-03", 4).isoformat())]
    row: dict = {}
    for event in reversed(life):  # as the consumer folds them, one by one
        row |= fold(row, facts.read(event))
    view = IssueView()
    docs = view.issue("i1", [*life, ev("issue.rated", at="not a time", solved=True, satisfaction="satisfied")])
    assert docs["issue_view"] == [{"_id": "i1"} | row] and view.unread == 1
    assert [p["id"] for p in view.documents()["people"]] == ["m1"]
