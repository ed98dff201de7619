"""Working time on mainland China's calendar (pure): which days are worked — weekdays, except the
public holidays, plus the weekend days made working days (调休) — and how many working hours lie
between two moments. Time limits counted "in working hours" use it; so do reminders and breaches.

Days and hours are those of Asia/Shanghai (UTC+8, no daylight saving).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from xiuhua_assignment.days import SHANGHAI

MAX_DAYS = 3 * 366  # no limit reaches further; a bound so that a broken calendar cannot loop


@dataclass(frozen=True)
class WorkCalendar:
    holidays: Mapping[date, str] = field(default_factory=dict)  # days off, with the holiday's name
    workdays: Mapping[date, str] = field(default_factory=dict)  # weekend days worked (调休), with why
    years: frozenset[int] = frozenset()                           # the years whose arrangements are known

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day not in self.holidays and day.weekday() < 5

    def knows(self, year: int) -> bool:
        return year in self.years


@dataclass(frozen=True)
class WorkingHours:
    start: time = time(8, 30)
    end: time = time(17, 30)

    def window(self, day: date) -> tuple[datetime, datetime]:
        return (datetime.combine(day, self.start, SHANGHAI), datetime.combine(day, self.end, SHANGHAI))


def add_working_hours(start: datetime, hours: float, *, calendar: WorkCalendar, working: WorkingHours) -> datetime:
    """The moment ``hours`` working hours after ``start`` (a report at 17:00 with 2 hours to go is
    due at 9:30 on the next working day); the result is in UTC like every stored time."""
    left = timedelta(hours=hours)
    cursor = start.astimezone(SHANGHAI)
    for _ in range(MAX_DAYS):
        day = cursor.date()
        if calendar.is_working_day(day):
            opens, closes = working.window(day)
            cursor = max(cursor, opens)
            if cursor < closes:
                if cursor + left <= closes:
                    return (cursor + left).astimezone(start.tzinfo or SHANGHAI)
                left -= closes - cursor
        cursor = datetime.combine(day + timedelta(days=1), time(0), SHANGHAI)
    raise ValueError("working-hours limit reaches beyond three years")


def working_hours_between(a: datetime, b: datetime, *, calendar: WorkCalendar, working: WorkingHours) -> float:
    """Working hours from ``a`` to ``b`` (0 when ``b`` is not after ``a``)."""
    if b <= a:
        return 0.0
    total = timedelta()
    a, b = a.astimezone(SHANGHAI), b.astimezone(SHANGHAI)
    day = a.date()
    while day <= b.date():
        if calendar.is_working_day(day):
            opens, closes = working.window(day)
            lo, hi = max(a, opens), min(b, closes)
            if hi > lo:
                total += hi - lo
        day += timedelta(days=1)
    return total.total_seconds() / 3600


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in Asia/Shanghai (a promise "by the 5th" holds until midnight)."""
    return datetime.combine(day + timedelta(days=1), time(0), SHANGHAI)
