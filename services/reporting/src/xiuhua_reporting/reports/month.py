"""A calendar month in Asia/Shanghai, named ``YYYY-MM`` (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from xiuhua_reporting.domain.period import SHANGHAI, Period

# from 1900: year 0 is no year, and a month of year 1 has no month before it to compare with
_NAME = re.compile(r"^(19\d{2}|[2-9]\d{3})-(0[1-9]|1[0-2])$")
PATTERN = _NAME.pattern


class MonthError(ValueError):
    """Not a month name."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        found = _NAME.match(text.strip())
        if found is None:
            raise MonthError("月份应写作 2026-10 这样的格式")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, at: datetime) -> Month:
        """The month (in Shanghai) that ``at`` falls in."""
        local = at.astimezone(SHANGHAI)
        return cls(local.year, local.month)

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=SHANGHAI)

    @property
    def period(self) -> Period:
        return Period(self.start, self.next.start)

    @property
    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    @property
    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
