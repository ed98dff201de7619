"""How the report's figures read in Chinese, in the CSV and the PDF alike (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

from xiuhua_reporting.domain.period import SHANGHAI
from xiuhua_reporting.domain.rates import small_base
from xiuhua_reporting.reports.month import Month
from xiuhua_reporting.reports.schemas import MonthlyReport

SCOPES = {"community": "社区", "subdistrict": "街道"}
PARTS = {"category": "类别", "estate": "小区", "member": "队员", "community": "社区"}
NONE = "—"


def percent(rate: float | None) -> str:
    """0.8333 → 83.3%; no rate (nothing to count) → —."""
    return NONE if rate is None else f"{rate * 100:.1f}%"


def points(delta: float | None) -> str:
    """A change of rate in percentage points: +3.3个百分点."""
    return NONE if delta is None else f"{delta * 100:+.1f}个百分点"


def signed(delta: int) -> str:
    return f"{delta:+d}"


def number(value: float | int | None) -> str:
    if value is None:
        return NONE
    return f"{value:g}" if isinstance(value, float) else str(value)


def duration(minutes: float | None) -> str:
    """A time as people say it: 1分钟内, 25分钟, 3小时20分, 2天4小时 (the pages' ``duration`` in format.js)."""
    if minutes is None:
        return NONE
    if minutes < 1:
        return "1分钟内"
    whole = int(minutes + 0.5)  # half up, as the pages round
    if whole < 60:
        return f"{whole}分钟"
    if whole < 24 * 60:
        hours, rest = divmod(whole, 60)
        return f"{hours}小时{rest}分" if rest else f"{hours}小时"
    days, hours = divmod(int(minutes / 60 + 0.5), 24)
    return f"{days}天{hours}小时" if hours else f"{days}天"


RATE_NAMES = {"response_rate": "响应率", "resolution_rate": "解决率", "satisfaction_rate": "满意率"}


def small_base_note(report: MonthlyReport) -> str:
    """Which of the month's rates rest on too few issues to mean much, or "" when none does."""
    thin = small_base(report.figures.model_dump(), report.min_base)
    if not thin:
        return ""
    return f"样本少于{report.min_base}件，仅供参考：" + "、".join(RATE_NAMES[r] for r in thin)


def local(at: datetime | None) -> str:
    return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if at else NONE


def scope_name(report: MonthlyReport) -> str:
    return report.name or (f"{report.id}街道" if report.scope == "subdistrict" else report.id)


def title(report: MonthlyReport) -> str:
    """花园社区 2026年10月 月报"""
    return f"{scope_name(report)} {Month.parse(report.month).label} 月报"


def period(report: MonthlyReport) -> str:
    last = (report.to.astimezone(SHANGHAI) - timedelta(days=1)).date()
    return f"{report.from_.astimezone(SHANGHAI).date().isoformat()} 至 {last.isoformat()}"


def status(report: MonthlyReport) -> str:
    return f"{local(report.published_at)} 发布" if report.published_at else "未发布（按当前数据生成）"
