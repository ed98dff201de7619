"""The calendar in use: the years a well-kept package knows (chinesecalendar), and years the
subdistrict's admin loaded from the State Council's notice (kept in ``calendar``, one document per
year, winning over the package). Each process keeps the merged calendar a minute."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from cachetools import TTLCache
from chinese_calendar import constants as builtin
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_assignment.adapters.mongo import CALENDAR
from xiuhua_assignment.calendar.domain import WorkCalendar
from xiuhua_assignment.calendar.notice import NoticeError, YearArrangement, parse
from xiuhua_assignment.days import local_today
from xiuhua_auth import Principal
from xiuhua_runtime import Forbidden, Unprocessable

_BUILTIN_YEARS = frozenset(d.year for d in builtin.holidays)
_recent: TTLCache[str, WorkCalendar] = TTLCache(maxsize=64, ttl=60)


async def calendar_of(db: AsyncDatabase, session=None) -> WorkCalendar:
    if (cal := _recent.get(db.name)) is None:
        holidays = {d: name for d, name in builtin.holidays.items()}
        workdays = {d: name for d, name in builtin.workdays.items()}
        years = set(_BUILTIN_YEARS)
        async for doc in db[CALENDAR].find({}, session=session):
            year = doc["_id"]
            holidays = {d: n for d, n in holidays.items() if d.year != year}
            workdays = {d: n for d, n in workdays.items() if d.year != year}
            holidays |= {date.fromisoformat(d): n for d, n in doc["holidays"].items()}
            workdays |= {date.fromisoformat(d): n for d, n in doc["workdays"].items()}
            years.add(year)
        cal = _recent[db.name] = WorkCalendar(holidays, workdays, frozenset(years))
    return cal


def warnings(cal: WorkCalendar, today: date) -> list[str]:
    """Next year's arrangement is published in November: from then on, its absence is a warning."""
    out = []
    if not cal.knows(today.year):
        out.append(f"尚未载入{today.year}年的节假日安排，工作时间按周一至周五计算")
    if today.month >= 11 and not cal.knows(today.year + 1):
        out.append(f"尚未载入{today.year + 1}年的节假日安排：国务院办公厅发布通知后请用 xiuhua calendar load 载入")
    return out


async def read_year(*, db: AsyncDatabase, year: int) -> dict[str, Any]:
    cal = await calendar_of(db)
    loaded = await db[CALENDAR].find_one({"_id": year}, {"loaded_at": 1, "loaded_by": 1})
    return {
        "year": year, "known": cal.knows(year),
        "source": "loaded" if loaded else ("builtin" if year in _BUILTIN_YEARS else None),
        "loaded_at": loaded["loaded_at"] if loaded else None,
        "holidays": [{"date": d, "name": n} for d, n in sorted(cal.holidays.items()) if d.year == year],
        "workdays": [{"date": d, "name": n} for d, n in sorted(cal.workdays.items()) if d.year == year],
        "warnings": warnings(cal, local_today()),
    }


async def load_year(*, db: AsyncDatabase, year: int, notice: str, actor: Principal) -> dict[str, Any]:
    """Read the notice and keep the year's arrangement (the subdistrict's admin only)."""
    if actor.role != "admin":
        raise Forbidden("只有街道管理员可以载入节假日安排", code="not_admin")
    try:
        found = parse(notice, year=year)
    except NoticeError as exc:
        raise Unprocessable("无法读取通知：" + str(exc), code="notice_unreadable",
                            details=[{"field": "notice", "problem": p} for p in exc.problems]) from None
    _check(found, year)
    await db[CALENDAR].replace_one({"_id": year}, {
        "holidays": {d.isoformat(): n for d, n in found.holidays.items()},
        "workdays": {d.isoformat(): n for d, n in found.workdays.items()},
        "notice": notice, "loaded_at": datetime.now(UTC), "loaded_by": actor.sub}, upsert=True)
    _recent.pop(db.name, None)
    return await read_year(db=db, year=year)


def _check(found: YearArrangement, year: int) -> None:
    stray = [d for d in [*found.holidays, *found.workdays] if abs(d.year - year) > 1]
    if found.year != year or stray:
        raise Unprocessable(f"通知的年份与{year}年不符", code="notice_wrong_year", details=[{"field": "year"}])
    weekdays_worked = [d for d in found.workdays if d.weekday() < 5]
    if weekdays_worked:
        raise Unprocessable(f"调休上班日应是周末：{weekdays_worked[0].isoformat()}", code="notice_unreadable",
                            details=[{"field": "notice"}])
