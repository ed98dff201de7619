"""Reading the State Council's yearly notice of public holidays (国务院办公厅关于某年部分节假日安排的通知)
into days off and adjusted working days. The notice is published each autumn in one fixed style::

    一、元旦：1月1日（周三）放假1天，不调休。
    二、春节：1月28日（农历除夕、周二）至2月4日（周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。

Each numbered line names a holiday, the days off ("M月D日至[M月]D日放假") and the weekend days worked
("…上班"). What cannot be read is reported by line, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_ITEM = re.compile(r"^\s*[一二三四五六七八九十]+、\s*([^：:]+)[：:]\s*(.+)$")
_DAY = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:（[^）]*）|\([^)]*\))?"
_OFF = re.compile(_DAY + r"(?:\s*[至到—-]\s*" + _DAY + r")?\s*放假")
_DATE = re.compile(_DAY)
_YEAR = re.compile(r"(\d{4})年(?:部分)?节假日")


class NoticeError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class YearArrangement:
    year: int
    holidays: dict[date, str]
    workdays: dict[date, str]


def year_of(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None


def parse(text: str, *, year: int | None = None) -> YearArrangement:
    """The arrangement of ``year`` (or the year the notice names) from the notice's text."""
    year = year or year_of(text)
    if year is None:
        raise NoticeError(["通知中没有找到年份，请指定年份"])
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        item = _ITEM.match(line.strip())
        if not item:
            continue
        name, body = item.group(1).strip(), item.group(2)
        off = _OFF.search(body)
        if off is None:
            problems.append(f"第{number}行（{name}）没有找到放假日期")
            continue
        try:
            first = _day(off.groups()[:3], year, month=None)
            last = _day(off.groups()[3:], year, month=first.month) if off.group(6) else first
            if last < first:  # a holiday running into the next year (元旦 from 12月31日)
                last = last.replace(year=last.year + 1)
            day = first
            while day <= last:
                holidays[day] = name
                day += timedelta(days=1)
            for clause in re.split(r"[。；;]", body[off.end():]):
                if "上班" in clause:
                    for found in _DATE.finditer(clause.split("上班")[0]):
                        workdays[_day(found.groups(), year, month=first.month)] = name
        except ValueError as exc:
            problems.append(f"第{number}行（{name}）日期有误：{exc}")
    if problems:
        raise NoticeError(problems)
    if not holidays:
        raise NoticeError(["通知中没有找到任何放假安排"])
    return YearArrangement(year, holidays, workdays)


def _day(groups: tuple[str | None, ...], year: int, *, month: int | None) -> date:
    y, m, d = groups
    if m is None and month is None:
        raise ValueError("缺少月份")
    return date(int(y) if y else year, int(m) if m else month, int(d))  # type: ignore[arg-type]
