"""Reading an SMS or a group message: category, place and title."""

from __future__ import annotations

import pytest

from xiuhua_intake.directory.places import Building, Estate, Spot
from xiuhua_intake.inbound.guess import guess_category, guess_place, title_of

ESTATE = Estate(id="chunlan", name="春澜璟园",
                buildings=[Building(id=f"b{n}", name=f"{n}幢", units=3 if n % 3 == 0 else 2) for n in range(1, 19)],
                spots=[Spot(id="garage-a", name="地下车库A区", kind="garage"),
                       Spot(id="garage-b", name="地下车库B区", kind="garage"),
                       Spot(id="gate-north", name="北门", kind="gate"),
                       Spot(id="green-central", name="中心绿地", kind="green")])


@pytest.mark.parametrize(("text", "category", "sure"), [
    ("地下车库B区一排灯不亮，晚上很暗", "parking", False),  # 车库 and 灯不亮 tie: the earlier word wins
    ("车库B区乱停车，堵住了车位", "parking", True),
    ("3幢2单元电梯又坏了，老人下不了楼", "facilities", True),
    ("楼道里堆满垃圾好几天没人打扫", "cleaning", True),
    ("中心绿地的树枝挡住窗户，麻烦修剪一下", "greening", True),
    ("晚上北门没有保安，陌生人随便进出", "security", True),
    ("你们好，想问一下物业费的事情", "other", False),
])
def test_the_category_comes_from_the_words_used(text, category, sure):
    guess = guess_category(text)
    assert (guess.category, guess.sure) == (category, sure)


def test_a_community_adds_its_own_words():
    assert guess_category("快递柜坏了没法取件").category == "facilities"
    assert guess_category("快递柜旁边很乱", {"cleaning": ["快递柜"]}).category == "cleaning"


@pytest.mark.parametrize(("text", "place"), [
    ("地下车库B区一排灯不亮", {"spot": "garage-b"}),
    ("车库A区有积水", {"spot": "garage-a"}),
    ("北门门禁坏了", {"spot": "gate-north"}),
    ("3幢2单元电梯坏了", {"building": "b3", "unit": 2}),
    ("十二号楼地下室漏水", {"building": "b12"}),
    ("12栋4单元楼道灯坏了", {"building": "b12"}),  # 12幢 has 2 units: the unit is dropped, not invented
    ("小区里有流浪狗", None),
    ("99幢门口有垃圾", None),
])
def test_the_place_comes_from_the_estates_own_names(text, place):
    found = guess_place(ESTATE, text)
    assert (found.model_dump(exclude_none=True) if found else None) == place


def test_the_title_is_the_first_clause():
    assert title_of("【业主群】地下车库B区一排灯不亮。晚上很暗，请尽快处理") == "地下车库B区一排灯不亮"
    assert len(title_of("很" * 80)) == 30
    assert title_of("灯") == "灯（短信）"

