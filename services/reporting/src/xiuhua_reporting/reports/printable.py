"""The report as an A4 document (HTML for WeasyPrint, Noto Sans CJK embedded), charts inline (pure)."""

from __future__ import annotations

from html import escape

from xiuhua_reporting.rates.schemas import RateGroup
from xiuhua_reporting.reports import charts
from xiuhua_reporting.reports.schemas import MonthlyReport
from xiuhua_reporting.reports.table import GROUP_HEAD, PROPERTY_HEAD, company_cells, group_cells, main_figures
from xiuhua_reporting.reports.words import PARTS, SCOPES, local, percent, period, points, signed, status, title

STYLE = """
@page { size: A4; margin: 14mm 14mm 16mm;
        @bottom-right { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 8pt; color: #777;
                        font-family: "Noto Sans CJK SC", sans-serif; } }
body { font-family: "Noto Sans CJK SC", sans-serif; color: #222; font-size: 9.5pt; }
h1 { font-size: 19pt; margin: 0; color: #b0413e; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-left: 1.2mm solid #b0413e; padding-left: 2mm; }
.sub { color: #555; margin: 1mm 0 4mm; }
.kpis { display: flex; gap: 3mm; }
.kpi { flex: 1; border: 0.3mm solid #e0c4c3; border-radius: 2mm; padding: 2mm; text-align: center; }
.kpi b { display: block; font-size: 15pt; color: #b0413e; }
.kpi small { color: #666; }
table { width: 100%; border-collapse: collapse; margin-top: 1mm; }
th, td { border-bottom: 0.25mm solid #ddd; padding: 1.1mm 1.5mm; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f6eeee; font-weight: normal; color: #444; white-space: nowrap; }
td:first-child { white-space: nowrap; }
.chart { width: 100%; margin: 2mm 0; }
.part { break-inside: avoid; }
.defs { color: #666; font-size: 8pt; margin-top: 6mm; }
"""


def html(report: MonthlyReport) -> str:
    f, c, b = report.figures, report.change, report.backlog
    kpis = [("收到问题", str(f.received), signed(c.received)), ("响应率", percent(f.response_rate),
            points(c.response_rate)), ("解决率", percent(f.resolution_rate), points(c.resolution_rate)),
            ("满意率", percent(f.satisfaction_rate), points(c.satisfaction_rate)),
            ("在办", str(b.open), f"超时 {b.overdue}（响应{b.overdue_respond}·办结{b.overdue_resolve}）"),
            ("重新打开", str(f.reopened), signed(c.reopened))]
    boxes = "".join(f'<div class="kpi">{k}<b>{escape(v)}</b><small>{escape(d)}</small></div>' for k, v, d in kpis)
    figures = main_figures(report, readable=True)
    body = [
        f"<h1>{escape(title(report))}</h1>",
        f'<p class="sub">{SCOPES[report.scope]} · {escape(period(report))} · {escape(status(report))} · '
        f"统计时间 {local(report.as_of)}</p>",
        f'<div class="kpis">{boxes}</div>',
        "<h2>三率：本月与上月</h2>", charts.rates(report.figures, report.previous),
        _table(figures[0], figures[1:]),
        '<div class="part"><h2>在办（截至统计时间）</h2>',
        _table(["在办合计", "其中本月收到", "其中此前收到", "超时（响应或办结）", "其中响应超时", "其中办结超时"],
               [[str(b.open), str(b.from_month), str(b.earlier), str(b.overdue), str(b.overdue_respond),
                 str(b.overdue_resolve)]]), "</div>",
    ]
    for part, groups in (("category", report.by_category), ("community", report.by_community),
                         ("estate", report.by_estate), ("member", report.by_member)):
        if groups:
            body.append(_part(part, groups, chart=part != "member"))
    body += ['<div class="part"><h2>物业公司履约（按本月转办）</h2>',
             _table(PROPERTY_HEAD, [company_cells(g) for g in report.property_companies]) if report.property_companies
             else "<p>本月无转办物业的问题。</p>", "</div>",
             '<p class="defs">口径：响应率 = 时限内首次响应 ÷ 应响应'
             "（不含合并、不予受理；未响应的在时限过后计为未按时）；"
             "解决率 = 回访称已解决 ÷ 已回访；满意率 = 回访满意或基本满意 ÷ 已回访；均按本月收到的问题统计。"
             f"分母少于{report.min_base}件的比率样本少，仅供参考。"
             "在办 = 尚未办结、关闭、合并或不予受理；超时 = 响应或办结时限已过且仍未响应或办结。"
             "物业公司的时钟从转办起算。</p>"]
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title(report))}</title>'
            f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>")


def _part(part: str, groups: list[RateGroup], *, chart: bool) -> str:
    label = PARTS[part]
    drawn = charts.bars([(g.name or g.key or "—", g.received, g.backlog) for g in groups]) if chart else ""
    return (f'<div class="part"><h2>按{label}</h2>{drawn}'
            f"{_table([label, *GROUP_HEAD], [group_cells(g) for g in groups])}</div>")


def _table(head: list[str], lines: list[list[str]]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    trs = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in line) + "<td></td>" * (len(head) - len(line))
                  + "</tr>" for line in lines)
    return f"<table><tr>{th}</tr>{trs}</table>"
