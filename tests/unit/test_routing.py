from xiuhua_assignment.tasks.routing import Candidate, choose_assignee


def member(id: str, *areas: str, role: str = "member", estates: tuple[str, ...] = (), active: bool = True):
    return Candidate(id=id, name=id, role=role, areas=frozenset(areas), estates=frozenset(estates), active=active)


TEAM = [
    member("lead", role="lead"),
    member("cleaner", "cleaning"),
    member("gardener-1", "greening"),
    member("gardener-2", "greening"),
    member("garage", "parking", estates=("chunlan",)),
    member("retired", "security", active=False),
]


def test_issue_goes_to_the_member_in_charge_of_its_category():
    route = choose_assignee(TEAM, category="cleaning", estate="chunlan", open_tasks={})
    assert route.member.id == "cleaner" and route.reason == "area"


def test_the_least_loaded_member_of_an_area_gets_it():
    route = choose_assignee(TEAM, category="greening", estate="chunlan", open_tasks={"gardener-1": 3, "gardener-2": 1})
    assert route.member.id == "gardener-2"


def test_member_limited_to_other_estates_is_not_chosen_and_lead_takes_it():
    route = choose_assignee(TEAM, category="parking", estate="other-estate", open_tasks={})
    assert route.member.id == "lead" and route.reason == "lead_fallback"


def test_inactive_member_is_skipped():
    route = choose_assignee(TEAM, category="security", estate="chunlan", open_tasks={})
    assert route.member.id == "lead"


def test_no_lead_and_nobody_in_charge_means_no_route():
    assert choose_assignee([member("cleaner", "cleaning")], category="parking", estate="x", open_tasks={}) is None


def test_members_who_declined_are_left_out_and_the_lead_takes_it_last():
    gardeners = {"gardener-1": 0, "gardener-2": 5}
    route = choose_assignee(TEAM, category="greening", estate="chunlan", open_tasks=gardeners,
                            exclude=["gardener-1"])
    assert route.member.id == "gardener-2" and "分管绿化" in route.why
    route = choose_assignee(TEAM, category="greening", estate="chunlan", open_tasks={},
                            exclude=["gardener-1", "gardener-2"])
    assert route.reason == "lead_fallback" and route.why == "其余分管队员都已退回，交队长"


def test_every_route_says_why_in_words_the_lead_reads():
    one = choose_assignee(TEAM, category="cleaning", estate="chunlan", open_tasks={"cleaner": 2})
    assert one.why == "分管保洁，在办2件"
    two = choose_assignee(TEAM, category="greening", estate="chunlan", open_tasks={"gardener-1": 1})
    assert two.why == "分管绿化的2人中在办最少（0件）"
    nobody = choose_assignee(TEAM, category="other", estate="chunlan", open_tasks={})
    assert nobody.why == "无人分管其他，交队长"


def test_members_on_leave_away_or_full_are_passed_by_and_the_reason_says_so():
    from dataclasses import replace
    team = [replace(m, available=False) if m.id == "gardener-1" else m for m in TEAM]
    route = choose_assignee(team, category="greening", estate="chunlan", open_tasks={"gardener-2": 4})
    assert route.member.id == "gardener-2" and route.why == "分管绿化，在办4件；另有1人请假、暂停接单或已满"
    full = [replace(m, capacity=4) if m.id == "gardener-2" else m for m in team]
    route = choose_assignee(full, category="greening", estate="chunlan", open_tasks={"gardener-2": 4})
    assert route.member.id == "lead" and route.why == "分管绿化的2人请假、暂停接单或已满，交队长"


def test_a_lead_away_still_gets_what_nobody_else_can_take():
    from dataclasses import replace
    team = [replace(m, available=False) if m.id in ("lead", "cleaner") else m for m in TEAM]
    route = choose_assignee(team, category="cleaning", estate="chunlan", open_tasks={})
    assert route.member.id == "lead" and route.reason == "lead_fallback"


def test_leave_is_counted_in_whole_days():
    from datetime import date

    from xiuhua_assignment.roster.service import available_on
    doc = {"leave": [{"start": "2026-11-24", "end": "2026-11-26"}]}
    assert [available_on(doc, date(2026, 11, d)) for d in (23, 24, 26, 27)] == [True, False, False, True]
    assert not available_on({"away": True}, date(2026, 11, 23))


def test_weekly_availability_counts_the_day_of_the_week():
    from datetime import date

    from xiuhua_assignment.roster.service import available_on
    weekends = {"weekdays": [6, 7]}
    assert [available_on(weekends, date(2026, 11, d)) for d in (27, 28, 29, 30)] == [False, True, True, False]
    assert available_on({"weekdays": []}, date(2026, 11, 25))  # no days given: every day


def test_the_member_in_charge_of_the_place_comes_first_then_anyone_with_the_category():
    from dataclasses import replace

    garage = replace(member("garage-b", "parking"), places=frozenset({"garage-b"}))
    towers = replace(member("towers", "parking"), places=frozenset({"b1", "b2"}))
    anyone = member("anyone", "parking")
    team = [member("lead", role="lead"), garage, towers, anyone]
    loads = {"garage-b": 5, "anyone": 0}
    route = choose_assignee(team, category="parking", estate="chunlan", open_tasks=loads, place=["garage-b"])
    assert route.member.id == "garage-b" and "负责该处" in route.why  # busier, but in charge of the place
    elsewhere = choose_assignee(team, category="parking", estate="chunlan", open_tasks=loads, place=["b9"])
    assert elsewhere.member.id == "anyone"  # nobody for b9: the category decides
    away = [m if m.id != "garage-b" else replace(m, available=False) for m in team]
    route = choose_assignee(away, category="parking", estate="chunlan", open_tasks=loads, place=["garage-b"])
    assert route.member.id == "anyone" and route.reason == "area"  # in charge but away: another takes it


def test_when_nobody_can_take_it_the_reason_says_whether_anyone_is_in_charge():
    from dataclasses import replace

    from xiuhua_assignment.tasks.routing import nobody_why
    resting = [replace(member("cleaner", "cleaning"), available=False)]
    assert choose_assignee(resting, category="cleaning", estate="x", open_tasks={}) is None
    assert nobody_why(resting, category="cleaning", estate="x") == \
        "分管保洁的1人请假、暂停接单或已满，服务队也没有在岗的队长"
    assert nobody_why(resting, category="parking", estate="x") == "无人分管车库停车，服务队也没有在岗的队长"
