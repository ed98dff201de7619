"""The duplicate detector: the same trouble in other words at one place, and nothing else."""

from __future__ import annotations

import sys
from pathlib import Path

from xiuhua_intake.similar.domain import THRESHOLD, Report, is_duplicate, score, words

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "duplicates"))
from evaluate import measure  # noqa: E402
from pairs import pairs  # noqa: E402

DARK = Report("地下车库B区灯不亮", "晚上B区一排灯都不亮，很暗", "parking", spot="garage-b")


def test_other_words_for_the_same_trouble_match():
    assert is_duplicate(DARK, Report("B区电梯口很暗", "灯好像坏了好几盏", "parking", spot="garage-b"))
    assert is_duplicate(DARK, Report("车库B区照明坏了", "", None, spot="garage-b"))


def test_the_place_and_the_trouble_must_both_agree():
    assert not is_duplicate(DARK, Report("地下车库A区灯不亮", "", "parking", spot="garage-a"))  # same words, elsewhere
    assert not is_duplicate(DARK, Report("车库B区指示牌标错了", "出口方向指反了", "parking", spot="garage-b"))
    assert not is_duplicate(DARK, Report("3幢楼道堆满垃圾", "", "cleaning", building="b3"))


def test_place_words_and_small_talk_are_not_the_trouble():
    assert words("麻烦尽快处理一下3幢2单元楼道的灯坏了，谢谢") == {"灯坏"}
    assert score(Report("x"), Report("y")) == 0.0


def test_the_labelled_set_stays_above_its_measured_quality():
    scored = [(score(Report(**p.a), Report(**p.b)), p.same, p.kind) for p in pairs()]
    precision, recall, _ = measure(THRESHOLD, scored)
    assert len(scored) >= 200 and precision >= 0.95 and recall >= 0.95, (precision, recall)
