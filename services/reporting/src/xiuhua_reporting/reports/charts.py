"""The report's charts as inline SVG, drawn here from the figures (pure; WeasyPrint draws SVG itself,
so the PDF needs no chart library or browser)."""

from __future__ import annotations

from html import escape

from xiuhua_reporting.rates.schemas import RateFigures
from xiuhua_reporting.reports.words import percent

FONT = 'font-family="Noto Sans CJK SC, sans-serif"'
NOW, BEFORE, OPEN = "#b0413e", "#c9c9c9", "#6b1f1d"
RATES = (("response_rate", "响应率"), ("resolution_rate", "解决率"), ("satisfaction_rate", "满意率"))


def rates(now: RateFigures, before: RateFigures) -> str:
    """The three rates, this month beside the month before (a missing rate draws no bar, only —)."""
    width, height, top, bottom, left = 480, 210, 34, 30, 44
    plot = height - top - bottom
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" {FONT}>']
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = top + plot * (1 - tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#e5e5e5"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="#777">'
                     f'{tick:.0%}</text>')
    slot = (width - left - 10) / len(RATES)
    for i, (field, label) in enumerate(RATES):
        x0 = left + slot * i + slot / 2 - 44
        for j, (figures, colour) in enumerate(((now, NOW), (before, BEFORE))):
            value = getattr(figures, field)
            x = x0 + j * 46
            if value is not None:
                h = plot * value
                parts.append(f'<rect x="{x:.1f}" y="{top + plot - h:.1f}" width="40" height="{h:.1f}" '
                             f'fill="{colour}"/>')
            y = top + plot - (plot * value if value is not None else 0) - 4
            parts.append(f'<text x="{x + 20:.1f}" y="{y:.1f}" font-size="10" text-anchor="middle">'
                         f'{percent(value)}</text>')
        parts.append(f'<text x="{left + slot * i + slot / 2:.1f}" y="{height - 10}" font-size="12" '
                     f'text-anchor="middle">{label}</text>')
    parts.append(_legend(left, 4, (("本月", NOW), ("上月", BEFORE))))
    return "".join(parts) + "</svg>"


def bars(items: list[tuple[str, int, int]], *, limit: int = 12) -> str:
    """Horizontal bars, one per (name, received, still in hand): the darker part is still in hand."""
    items = items[:limit]
    row, left, width = 22, 110, 480
    height = row * max(len(items), 1) + 28
    most = max((received for _, received, _ in items), default=0) or 1
    span = width - left - 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" {FONT}>']
    if not items:
        parts.append('<text x="10" y="20" font-size="11" fill="#777">本月无数据</text>')
    for i, (name, received, open_) in enumerate(items):
        y = 4 + row * i
        w, w_open = span * received / most, span * open_ / most
        parts.append(f'<text x="{left - 6}" y="{y + 14}" font-size="11" text-anchor="end">{escape(name[:10])}</text>'
                     f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="15" fill="{NOW}"/>'
                     f'<rect x="{left}" y="{y + 3}" width="{w_open:.1f}" height="15" fill="{OPEN}"/>'
                     f'<text x="{left + w + 4:.1f}" y="{y + 14}" font-size="10">{received}</text>')
    parts.append(_legend(width - 150, height - 16, (("收到", NOW), ("其中在办", OPEN))))
    return "".join(parts) + "</svg>"


def _legend(x: float, y: float, keys: tuple[tuple[str, str], ...]) -> str:
    return "".join(f'<rect x="{x + 70 * i}" y="{y}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{x + 70 * i + 14}" y="{y + 9}" font-size="10">{label}</text>'
                   for i, (label, colour) in enumerate(keys))
