import pytest

from xiuhua_intake.directory.places import Building, Estate, Place, Spot, describe, place_problems
from xiuhua_intake.issues.domain.categories import normalize_category
from xiuhua_intake.issues.domain.status import Status, can_move, label, waits

ESTATE = Estate(id="chunlan", name="春澜璟园", buildings=[Building(id="b3", name="3幢", units=2)],
                spots=[Spot(id="garage-b", name="地下车库B区", kind="garage")])


def test_a_building_and_unit_that_exist_are_accepted_and_described_in_chinese():
    place = Place(building="b3", unit=2, detail="电梯口")
    assert place_problems(ESTATE, place) == []
    assert describe(ESTATE, place) == "春澜璟园 3幢 2单元 电梯口"


@pytest.mark.parametrize(("place", "field"), [
    (Place(), "place"),
    (Place(building="b99"), "place.building"),
    (Place(building="b3", unit=3), "place.unit"),
    (Place(unit=1, spot="garage-b"), "place.unit"),
    (Place(spot="roof"), "place.spot"),
])
def test_places_that_do_not_exist_are_named_in_the_problems(place, field):
    assert field in [p["field"] for p in place_problems(ESTATE, place)]


def test_category_accepts_id_or_chinese_label():
    assert normalize_category("parking") == "parking"
    assert normalize_category(" 车库停车 ") == "parking"
    assert normalize_category("噪音") is None


def test_life_of_an_issue():
    assert can_move(Status.SUBMITTED, Status.ASSIGNED)
    assert can_move(Status.ASSIGNED, Status.ASSIGNED)  # reassignment
    assert can_move(Status.RESOLVED, Status.REOPENED)
    assert not can_move(Status.CLOSED, Status.ASSIGNED)
    assert not can_move(Status.REJECTED, Status.ASSIGNED)


@pytest.mark.parametrize(("status", "shown"), [
    (Status.SUBMITTED, "等待服务队分派"), (Status.TRIAGED, "等待服务队分派"), (Status.IN_PROGRESS, "等待服务队分派"),
    (Status.REOPENED, "等待服务队分派"), (Status.RESOLVED, "已办结"), (Status.MERGED, "已合并"),
    (Status.CLOSED, "已关闭")])
def test_an_issue_nobody_could_take_reads_as_waiting_for_the_team_while_it_is_open_work(status, shown):
    assert label(status, waiting=waits(status, "2026-12-05T05:02:00Z")) == shown
    assert label(status, waiting=waits(status, None)) != "等待服务队分派"
