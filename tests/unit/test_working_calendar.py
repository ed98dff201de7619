"""Working hours on mainland China's calendar: holidays and adjusted working days (调休) move a
working-hours limit; the State Council's notice is read into the same days the package knows."""

from datetime import UTC, date, datetime

import pytest
from chinese_calendar import constants as builtin

from xiuhua_assignment.calendar.domain import (
    WorkCalendar,
    WorkingHours,
    add_working_hours,
    working_hours_between,
)
from xiuhua_assignment.calendar.notice import NoticeError, parse
from xiuhua_assignment.calendar.service import warnings
from xiuhua_assignment.days import SHANGHAI
from xiuhua_assignment.limits.domain import Limits, Rule

CAL = WorkCalendar(dict(builtin.holidays), dict(builtin.workdays), frozenset(d.year for d in builtin.holidays))
HOURS = WorkingHours()  # 8:30–17:30


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def test_within_a_day_and_over_the_evening():
    assert add_working_hours(at("2026-11-24 09:00"), 2, calendar=CAL, working=HOURS) == at("2026-11-24 11:00")
    # 17:00 on a Tuesday + 2 h: half an hour today, 1.5 h from 8:30 tomorrow
    assert add_working_hours(at("2026-11-24 17:00"), 2, calendar=CAL, working=HOURS) == at("2026-11-25 10:00")
    # reported at night: the clock starts at 8:30
    assert add_working_hours(at("2026-11-24 23:00"), 1, calendar=CAL, working=HOURS) == at("2026-11-25 09:30")


def test_a_weekend_and_a_holiday_are_skipped():
    # Friday 16:30 + 2 h → Monday 9:30
    assert add_working_hours(at("2026-11-27 16:30"), 2, calendar=CAL, working=HOURS) == at("2026-11-30 09:30")
    # 国庆 2026: 1–7 October off; Wednesday 30 September 17:00 + 1 h → Thursday 8 October 9:00
    assert add_working_hours(at("2026-09-30 17:00"), 1, calendar=CAL, working=HOURS) == at("2026-10-08 09:00")


def test_an_adjusted_working_day_counts():
    # Saturday 10 October 2026 is worked (调休): Friday 9 October 17:00 + 1 h → Saturday 9:00
    assert CAL.is_working_day(date(2026, 10, 10)) and not CAL.is_working_day(date(2026, 10, 17))
    assert add_working_hours(at("2026-10-09 17:00"), 1, calendar=CAL, working=HOURS) == at("2026-10-10 09:00")
    # without the calendar it would be Monday
    plain = WorkCalendar()
    assert add_working_hours(at("2026-10-09 17:00"), 1, calendar=plain, working=HOURS) == at("2026-10-12 09:00")


def test_a_working_hours_rule_stamps_its_deadlines_on_the_calendar():
    limits = Limits(rules=[Rule(priority="normal", respond_hours=9, resolve_hours=45, clock="working")])
    respond, resolve = limits.deadlines(submitted_at=at("2026-09-30 12:00").astimezone(UTC), category="cleaning",
                                        priority="normal", calendar=CAL)
    assert respond == at("2026-10-08 12:00")  # 5.5 h on the 30th, 3.5 h after the holiday
    # 5.5 h on the 30th; 9 h each on 8, 9, 10 (a worked Saturday) and 12 October; 3.5 h on the 13th
    assert resolve == at("2026-10-13 12:00")


def test_hours_between_two_moments():
    assert working_hours_between(at("2026-11-27 16:30"), at("2026-11-30 09:30"), calendar=CAL, working=HOURS) == 2
    assert working_hours_between(at("2026-11-30 09:30"), at("2026-11-27 16:30"), calendar=CAL, working=HOURS) == 0


NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。
"""


def test_the_state_councils_notice_reads_into_the_days_the_package_knows():
    found = parse(NOTICE_2025)
    assert found.year == 2025
    assert set(found.holidays) == {d for d in builtin.holidays if d.year == 2025}
    assert set(found.workdays) == {d for d in builtin.workdays if d.year == 2025}
    assert found.holidays[date(2025, 10, 8)] == "国庆节、中秋节"


def test_a_notice_that_cannot_be_read_says_which_line():
    with pytest.raises(NoticeError) as caught:
        parse("2027年部分节假日安排\n一、元旦：放假一天。\n", year=2027)
    assert "第2行" in caught.value.problems[0]
    with pytest.raises(NoticeError):
        parse("一、元旦：1月1日放假。")  # no year anywhere


def test_a_missing_next_year_is_a_warning_from_november():
    assert warnings(CAL, date(2026, 10, 31)) == []
    assert "2027" in warnings(CAL, date(2026, 11, 25))[0]
    loaded = WorkCalendar(CAL.holidays, CAL.workdays, CAL.years | {2027})
    assert warnings(loaded, date(2026, 11, 25)) == []
    assert warnings(CAL, date(2027, 1, 5))[0].startswith("尚未载入2027年")
