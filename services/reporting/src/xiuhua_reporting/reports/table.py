"""The report as CSV: sections one under another, for Excel (UTF-8 with a BOM, so that Excel reads the
Chinese right; CRLF line ends), every cell defused against formula injection. Pure."""

from __future__ import annotations

import csv
import io

from xiuhua_reporting.rates.schemas import RateGroup
from xiuhua_reporting.reports.schemas import MonthlyReport
from xiuhua_reporting.reports.words import (
    PARTS,
    SCOPES,
    duration,
    local,
    number,
    percent,
    period,
    points,
    scope_name,
    signed,
    small_base_note,
    status,
    title,
)

GROUP_HEAD = ["收到", "其中在办", "响应率", "解决率", "满意率", "重新打开", "首次响应中位数（分钟）",
              "办结时长中位数（小时）"]
# OWASP's CSV Injection rule (https://owasp.org/www-community/attacks/CSV_Injection): a spreadsheet reads a
# cell that begins with one of these as a formula, so a member named ``=1+2`` (or ``=HYPERLINK(…)``) would
# run on the staff's machine. A leading ' makes the cell text; Excel does not show the quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PROPERTY_HEAD = ["物业公司", "转办", "未完成", "响应率", "按时响应", "应响应", "承诺", "兑现", "失约",
                 "响应中位数（分钟）", "完成中位数（小时）"]


def csv_bytes(report: MonthlyReport) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([defused(cell) for cell in line] for line in rows(report))
    return out.getvalue().encode("utf-8-sig")


def defused(cell: str | int | float) -> str | int | float:
    """A cell as a spreadsheet may safely read it: text that would start a formula gets a leading '.

    Every cell of ``rows`` is text, the code's own figures too ("+3", "-50.0个百分点"): those are defused
    like any other and read the same in Excel, which would otherwise take them for formulas. Only a real
    int or float (never a string) is left as a number, since its digits cannot form a formula."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


def rows(report: MonthlyReport) -> list[list[str]]:
    """Every line of the CSV, as cells."""
    b = report.backlog
    lines = [
        ["月报", title(report)],
        ["范围", SCOPES[report.scope], report.id, scope_name(report)],
        ["期间", period(report)],
        ["统计时间", local(report.as_of)],
        ["状态", status(report)],
        [],
        *main_figures(report),
        [],
        ["在办（截至统计时间）", "件数"],
        ["在办合计", str(b.open)],
        ["其中本月收到", str(b.from_month)],
        ["其中此前收到", str(b.earlier)],
        ["超时（响应或办结）", str(b.overdue)],
        ["其中响应超时", str(b.overdue_respond)],
        ["其中办结超时", str(b.overdue_resolve)],
    ]
    for part, groups in (("category", report.by_category), ("estate", report.by_estate),
                         ("member", report.by_member), ("community", report.by_community)):
        if groups:
            lines += [[], [f"按{PARTS[part]}"], [PARTS[part], *GROUP_HEAD], *(group_cells(g) for g in groups)]
    lines += [[], ["物业公司履约（按本月转办）"], PROPERTY_HEAD, *(company_cells(g) for g in report.property_companies)]
    return lines


def main_figures(report: MonthlyReport, *, readable: bool = False) -> list[list[str]]:
    """The month's figures beside the month before's, with a header line; ``readable``: times as people say
    them (3小时20分, for paper) instead of numbers in the header's unit (for a spreadsheet)."""
    f, p, c = report.figures, report.previous, report.change

    def times(label: str, unit: str, minutes: int, pick) -> list[str]:
        if readable:
            return [label, *(duration(None if pick(x) is None else pick(x) * minutes) for x in (f, p))]
        return [f"{label}（{unit}）", number(pick(f)), number(pick(p))]

    return [
        ["指标", "本月", "上月", "变化"],
        ["收到问题", str(f.received), str(p.received), signed(c.received)],
        ["其中在办", str(f.backlog), str(p.backlog), signed(c.backlog)],
        ["响应率", percent(f.response_rate), percent(p.response_rate), points(c.response_rate)],
        ["按时响应 / 应响应", f"{f.responded_on_time}/{f.response_due}", f"{p.responded_on_time}/{p.response_due}"],
        ["解决率", percent(f.resolution_rate), percent(p.resolution_rate), points(c.resolution_rate)],
        ["满意率", percent(f.satisfaction_rate), percent(p.satisfaction_rate), points(c.satisfaction_rate)],
        ["已解决 / 满意 / 已回访", f"{f.solved}/{f.satisfied}/{f.rated}", f"{p.solved}/{p.satisfied}/{p.rated}"],
        times("首次响应中位数", "分钟", 1, lambda x: x.first_response_minutes.p50),
        times("首次响应P90", "分钟", 1, lambda x: x.first_response_minutes.p90),
        times("办结时长中位数", "小时", 60, lambda x: x.resolution_hours.p50),
        times("办结时长P90", "小时", 60, lambda x: x.resolution_hours.p90),
        ["重新打开", str(f.reopened), str(p.reopened), signed(c.reopened)],
        *([[note]] if (note := small_base_note(report)) else []),
    ]


def group_cells(g: RateGroup) -> list[str]:
    return [g.name or g.key or "—", str(g.received), str(g.backlog), percent(g.response_rate),
            percent(g.resolution_rate), percent(g.satisfaction_rate), str(g.reopened),
            number(g.first_response_minutes.p50), number(g.resolution_hours.p50)]


def company_cells(g: RateGroup) -> list[str]:
    promises = g.promises
    return [g.name or g.key or "—", str(g.received), str(g.backlog), percent(g.response_rate),
            str(g.responded_on_time), str(g.response_due), *(str(n) for n in (
                (promises.made, promises.kept, promises.broken) if promises else (0, 0, 0))),
            number(g.first_response_minutes.p50), number(g.resolution_hours.p50)]

