"""The period a report covers, in Asia/Shanghai time (pure).

``from`` and ``to`` are dates (midnight in Shanghai; ``to`` exclusive, so ``from=2025-03-01&to=2025-04-01``
is March) or ISO datetimes (without an offset they are Shanghai time). Left out, they default to the
current calendar month in Shanghai.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

# Mainland China has kept UTC+8 all year since 1991, so a fixed offset is exact for any period a
# report covers, and needs no time-zone database in the container.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
# "+08:00" left unescaped in a URL arrives as " 08:00"
_OFFSET_WITHOUT_PLUS = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")


class PeriodError(ValueError):
    """A bound that is not a date or a datetime, or a period that ends before it starts."""


@dataclass(frozen=True)
class Period:
    start: datetime  # inclusive
    end: datetime  # exclusive

    def __contains__(self, at: datetime) -> bool:
        return self.start <= at < self.end


def month_of(now: datetime) -> Period:
    """The calendar month (in Shanghai) that ``now`` falls in."""
    local = now.astimezone(SHANGHAI)
    start = datetime(local.year, local.month, 1, tzinfo=SHANGHAI)
    end = datetime(local.year + local.month // 12, local.month % 12 + 1, 1, tzinfo=SHANGHAI)
    return Period(start, end)


def parse_period(start: str | None, end: str | None, *, now: datetime) -> Period:
    """The period ``[start, end)``; a missing bound is the one of the current month."""
    month = month_of(now)
    period = Period(_bound(start, "from") if start else month.start, _bound(end, "to") if end else month.end)
    if period.start >= period.end:
        raise PeriodError("统计期间的结束时间必须晚于开始时间")
    return period


def parse_moment(text: str, name: str) -> datetime:
    """One bound: a date (midnight in Shanghai) or an ISO datetime (without an offset, Shanghai time)."""
    return _bound(text, name)


def _bound(text: str, name: str) -> datetime:
    text = _OFFSET_WITHOUT_PLUS.sub(r"\1+\2", text.strip())
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
        at = datetime.fromisoformat(text)
    except ValueError as exc:
        raise PeriodError(f"{name} 应为日期（如 2025-03-01）或带时间的 ISO 格式") from exc
    return (at if at.tzinfo is not None else at.replace(tzinfo=SHANGHAI)).astimezone(SHANGHAI)
