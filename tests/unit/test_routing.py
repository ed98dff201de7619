from xiuhua_assignment.domain.routing import Candidate, choose_assignee


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
